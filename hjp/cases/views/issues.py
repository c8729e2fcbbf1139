"""Issues of a case: adding one, its page, its parties, level and stage, the conflict check and a
supervisor's waiver; and opening a case directly for a person, without a referral."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.errors import CaseworkError
from hjp.cases.forms.issues import (
    IssueForm,
    LevelForm,
    OpenCaseForm,
    PartyForm,
    StageForm,
    WaiverForm,
)
from hjp.cases.models import CaseIssue
from hjp.cases.presenters.issues import IssuePresenter
from hjp.cases.services import issues as issue_services
from hjp.cases.services.reviews import caseworkers_of
from hjp.cases.views._common import case_for_page, posted, show_refusal
from hjp.core.forms import error_list
from hjp.outcomes.presenters import issue_outcomes
from hjp.people.models import Person

CASE_OPENED = "Case {reference} opened"
ISSUE_ADDED = "Issue added"
PARTY_ADDED = "Opposing party added: check for conflicts before the issue goes beyond advice"
LEVEL_CHANGED = "Level changed to {level}"
STAGE_CHANGED = "Stage changed to {stage}"
CHECKED = "Conflict check: {result}"
WAIVED = "Conflict waived with your approval"


def _issue(request, issue_pk) -> CaseIssue:
    return get_visible_or_404(
        CaseIssue.objects.visible_to(request.actor).select_related("case__person"),
        request.actor,
        audit_action=None,
        pk=issue_pk,
    )


def _page(request, template: str, issue: CaseIssue, form, **extra):
    audit.record(request.actor, audit.Action.VIEW, issue, person=issue.case.person)
    context = {
        "issue": issue,
        "case": issue.case,
        "presenter": IssuePresenter(issue),
        "form": form,
        "errors": error_list(form) if form is not None else [],
        "can_waive": request.actor.can(Permission.SUPERVISE_CASES),
        **extra,
    }
    return render(request, template, context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def open_for_person(request, person_pk):
    """Open a case for someone who came without a referral: a walk-in, a call, a clinic."""
    actor = request.actor
    person = get_visible_or_404(
        Person.objects.visible_to(actor), actor, audit_action=None, pk=person_pk
    )
    form = OpenCaseForm(
        posted(request),
        advisers=caseworkers_of(actor.organisation_id),
        initial={"adviser": str(actor.user_id)},
    )
    if form.is_valid():
        try:
            case = issue_services.open_case_directly(
                person,
                by=actor,
                opened_via=form.cleaned_data["opened_via"],
                adviser=form.cleaned_data["adviser"],
                **form.area_and_topic(),
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, CASE_OPENED.format(reference=case.reference))
            return redirect(case)
    audit.record(actor, audit.Action.VIEW, person)
    context = {"person": person, "form": form, "errors": error_list(form)}
    return render(request, "cases/issues/open.jinja", context)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def add(request, case_pk):
    case = case_for_page(request, case_pk)
    form = IssueForm(posted(request))
    if form.is_valid():
        try:
            issue = issue_services.add_issue(case, by=request.actor, **form.values())
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, ISSUE_ADDED)
            return redirect("cases:issue", issue_pk=issue.pk)
    audit.record(request.actor, audit.Action.VIEW, case)
    return render(
        request, "cases/issues/add.jinja", {"case": case, "form": form, "errors": error_list(form)}
    )


@permission_required(Permission.VIEW_CASES)
@require_http_methods(["GET"])
def detail(request, issue_pk):
    """An issue: its parties, outcomes, level and stage history and its conflict checks."""
    issue = _issue(request, issue_pk)
    return _page(
        request,
        "cases/issues/detail.jinja",
        issue,
        None,
        outcomes=issue_outcomes(issue, actor=request.actor),
    )


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def party_add(request, issue_pk):
    issue = _issue(request, issue_pk)
    form = PartyForm(posted(request))
    if form.is_valid():
        try:
            issue_services.add_opposing_party(issue, by=request.actor, **form.cleaned_data)
        except CaseworkError as error:
            field = {"party_kind": "kind", "party_name": "name"}.get(error.field or "")
            form.add_error(field, error.message)
        else:
            messages.success(request, PARTY_ADDED)
            return redirect("cases:issue", issue_pk=issue.pk)
    return _page(request, "cases/issues/party_add.jinja", issue, form)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def level(request, issue_pk):
    issue = _issue(request, issue_pk)
    form = LevelForm(posted(request), initial={"level": issue.level})
    if form.is_valid():
        try:
            issue = issue_services.change_level(issue, by=request.actor, **form.cleaned_data)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, LEVEL_CHANGED.format(level=issue.get_level_display().lower()))
            return redirect("cases:issue", issue_pk=issue.pk)
    return _page(request, "cases/issues/level.jinja", issue, form)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def stage(request, issue_pk):
    issue = _issue(request, issue_pk)
    form = StageForm(posted(request), initial={"stage": issue.stage})
    if form.is_valid():
        try:
            issue = issue_services.change_stage(issue, by=request.actor, **form.cleaned_data)
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, STAGE_CHANGED.format(stage=issue.get_stage_display().lower()))
            return redirect("cases:issue", issue_pk=issue.pk)
    return _page(request, "cases/issues/stage.jinja", issue, form)


@permission_required(Permission.WORK_ON_CASES)
@require_http_methods(["GET", "POST"])
def conflict_check(request, issue_pk):
    """GET shows who will be checked; POST runs the check."""
    issue = _issue(request, issue_pk)
    refusal = None
    if request.method == "POST":
        try:
            check = issue_services.check_conflicts(issue, by=request.actor)
        except CaseworkError as error:
            refusal = error.message
        else:
            messages.success(request, CHECKED.format(result=check.get_result_display().lower()))
            return redirect("cases:issue", issue_pk=issue.pk)
    errors = [{"text": refusal, "href": "#maincontent"}] if refusal else []
    return _page(request, "cases/issues/conflict_check.jinja", issue, None, errors=errors)


@permission_required(Permission.SUPERVISE_CASES)
@require_http_methods(["GET", "POST"])
def conflict_waive(request, issue_pk):
    """A supervisor approves acting despite a potential or actual conflict, with the reason."""
    issue = _issue(request, issue_pk)
    form = WaiverForm(posted(request))
    if form.is_valid():
        try:
            issue_services.waive_conflict(
                issue,
                by=request.actor,
                reason=form.cleaned_data["reason"],
                approved_by=request.actor.user,
            )
        except CaseworkError as error:
            show_refusal(form, error)
        else:
            messages.success(request, WAIVED)
            return redirect("cases:issue", issue_pk=issue.pk)
    return _page(request, "cases/issues/waive.jinja", issue, form)
