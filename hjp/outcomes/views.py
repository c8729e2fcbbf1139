"""Recording an issue's outcomes and a case's wellbeing questionnaires."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.models import Case, CaseIssue
from hjp.core.forms import error_list, posted
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.forms import (
    ClaimDecisionForm,
    FinancialOutcomeForm,
    NonFinancialOutcomeForm,
    WellbeingForm,
)
from hjp.outcomes.models import FinancialOutcome
from hjp.outcomes.models.wellbeing import Timepoint
from hjp.outcomes.services import claims, financial, other, wellbeing

RECORDED = "Outcome recorded"
REPLACED = "Figure replaced; the earlier one is kept in the history"
WELLBEING_RECORDED = "Wellbeing questions recorded"


def _issue(request, issue_pk) -> CaseIssue:
    return get_visible_or_404(
        CaseIssue.objects.visible_to(request.actor).select_related("case__person"),
        request.actor,
        audit_action=None,
        pk=issue_pk,
    )


def _refuse(form, error: OutcomeError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _show(request, template: str, *, issue: CaseIssue, form, **extra):
    audit.record(request.actor, audit.Action.VIEW, issue, person=issue.case.person)
    context = {"issue": issue, "case": issue.case, "form": form, "errors": error_list(form)}
    return render(request, template, context | extra)


def _saved(request, message: str, issue: CaseIssue):
    messages.success(request, message)
    return redirect("cases:issue", issue_pk=issue.pk)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def financial_add(request, issue_pk):
    """Record money gained or saved for an issue."""
    issue = _issue(request, issue_pk)
    form = FinancialOutcomeForm(posted(request))
    if form.is_valid():
        try:
            financial.record_financial_outcome(issue, by=request.actor, **form.values())
        except OutcomeError as error:
            _refuse(form, error)
        else:
            return _saved(request, RECORDED, issue)
    return _show(request, "outcomes/financial.jinja", issue=issue, form=form, replacing=None)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def financial_replace(request, outcome_pk):
    """Replace a figure (an estimate confirmed, an appeal decided) with a new one."""
    outcome = get_visible_or_404(
        FinancialOutcome.objects.visible_to(request.actor).select_related("issue__case__person"),
        request.actor,
        audit_action=None,
        pk=outcome_pk,
    )
    form = FinancialOutcomeForm(posted(request), initial=FinancialOutcomeForm.initial_from(outcome))
    if form.is_valid():
        try:
            financial.supersede_financial_outcome(outcome, by=request.actor, **form.values())
        except OutcomeError as error:
            _refuse(form, error)
        else:
            return _saved(request, REPLACED, outcome.issue)
    return _show(
        request, "outcomes/financial.jinja", issue=outcome.issue, form=form, replacing=outcome
    )


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def claim_add(request, issue_pk):
    """Record a decision on a benefit claim."""
    issue = _issue(request, issue_pk)
    form = ClaimDecisionForm(posted(request))
    if form.is_valid():
        try:
            claims.record_claim_decision(issue, by=request.actor, **form.values())
        except OutcomeError as error:
            _refuse(form, error)
        else:
            return _saved(request, RECORDED, issue)
    return _show(request, "outcomes/claim.jinja", issue=issue, form=form)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def other_add(request, issue_pk):
    """Record a result that is not money."""
    issue = _issue(request, issue_pk)
    form = NonFinancialOutcomeForm(posted(request), advice_area=issue.advice_area)
    if form.is_valid():
        try:
            other.record_non_financial_outcome(issue, by=request.actor, **form.values())
        except OutcomeError as error:
            _refuse(form, error)
        else:
            return _saved(request, RECORDED, issue)
    return _show(request, "outcomes/other.jinja", issue=issue, form=form)


def _wellbeing(request, case_pk, timepoint: str):
    case = get_visible_or_404(
        Case.objects.visible_to(request.actor).select_related("person"),
        request.actor,
        audit_action=None,
        pk=case_pk,
    )
    form = WellbeingForm(posted(request))
    if form.is_valid():
        try:
            wellbeing.record_wellbeing(case, by=request.actor, timepoint=timepoint, **form.values())
        except OutcomeError as error:
            _refuse(form, error)
        else:
            messages.success(request, WELLBEING_RECORDED)
            return redirect(case)
    audit.record(request.actor, audit.Action.VIEW, case)
    context = {
        "case": case,
        "form": form,
        "errors": error_list(form),
        "timepoint": Timepoint(timepoint),
    }
    return render(request, "outcomes/wellbeing.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def wellbeing_baseline(request, case_pk):
    """Ask the wellbeing questions at the start of the help."""
    return _wellbeing(request, case_pk, Timepoint.BASELINE)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def wellbeing_follow_up(request, case_pk):
    """Ask them again once the follow-up is due."""
    return _wellbeing(request, case_pk, Timepoint.FOLLOW_UP)
