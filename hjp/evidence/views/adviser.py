"""The adviser's pages: asking for evidence on a case issue, the request's page and its
actions (send a draft, withdraw, ask for clarification, record the fee paid)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.cases.models import CaseIssue, CaseTask
from hjp.consent.services import ConsentRequired
from hjp.core.forms import error_list, posted
from hjp.evidence import services
from hjp.evidence.errors import EvidenceError
from hjp.evidence.forms import ClarificationForm, FeePaidForm, NoteForm, RequestForm
from hjp.evidence.kinds import Kind, questions_for
from hjp.evidence.presenters import EvidencePresenter, answer_rows, timeline
from hjp.evidence.services.requests import (
    clinicians_of,
    documents_to_attach,
    health_organisations_for,
    shared_partnerships,
)
from hjp.evidence.status import TransitionRefused
from hjp.evidence.views._common import request_for_page, show_refusal
from hjp.partnerships.models import Site

SENT = "Request sent to {organisation}"
SAVED = "Request saved as a draft"


def _issue(request, issue_pk) -> CaseIssue:
    return get_visible_or_404(
        CaseIssue.objects.visible_to(request.actor).select_related(
            "case__person", "case__referral"
        ),
        request.actor,
        audit_action=None,
        pk=issue_pk,
    )


def _form(request, issue: CaseIssue) -> RequestForm:
    """The form, with the health organisations of the adviser's partnerships, their sites and
    clinicians, the case's documents, and the issue's nearest open deadline offered."""
    organisations = list(health_organisations_for(request.actor.organisation_id))
    ids = [o.pk for o in organisations]
    partnerships = shared_partnerships(request.actor.organisation_id, ids[0]) if ids else None
    deadline = (
        CaseTask.objects.visible_to(request.actor)
        .filter(case=issue.case, issue=issue, kind="deadline", status="open")
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    buffer_days = partnerships.first().evidence_buffer_working_days if partnerships else 5
    return RequestForm(
        posted(request),
        organisations=organisations,
        sites=Site.objects.filter(organisation_id__in=ids, is_active=True).select_related(
            "organisation"
        ),
        clinicians=[u for o in organisations for u in clinicians_of(o.pk)],
        documents=documents_to_attach(issue.case),
        initial={"legal_deadline": deadline, "urgency": "routine"},
        buffer_days=buffer_days,
    )


def _question_templates() -> list[dict]:
    """The usual questions of each kind, shown under the form (PIP for a descriptor report)."""
    templates = []
    for kind in Kind:
        questions = questions_for(kind, "pip" if kind == Kind.DESCRIPTOR_REPORT else "")
        if questions:
            templates.append({"kind": kind.label, "questions": questions})
    return templates


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET", "POST"])
def new(request, issue_pk):
    """Ask for medical evidence for one issue of a case: send now, or keep as a draft."""
    issue = _issue(request, issue_pk)
    form = _form(request, issue)
    if form.is_valid():
        send = request.POST.get("action") != "draft"
        try:
            evidence = services.request_evidence(
                issue, by=request.actor, ask=services.EvidenceAsk(**form.ask_fields()), send=send
            )
        except EvidenceError as error:
            show_refusal(form, error)
        except ConsentRequired as error:
            form.add_error(None, str(error))
        else:
            text = SENT.format(organisation=evidence.to_organisation.name) if send else SAVED
            messages.success(request, text)
            return redirect("evidence:detail", evidence_pk=evidence.pk)
    audit.record(request.actor, audit.Action.VIEW, issue, person=issue.case.person)
    context = {
        "issue": issue,
        "case": issue.case,
        "form": form,
        "errors": error_list(form),
        "templates": _question_templates(),
    }
    return render(request, "evidence/new.jinja", context)


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET"])
def detail(request, evidence_pk):
    evidence = request_for_page(request, evidence_pk)
    context = {
        "evidence": evidence,
        "presenter": EvidencePresenter(evidence),
        "answers": [
            (a, answer_rows(a)) for a in evidence.answers.select_related("document", "letter")
        ],
        "timeline": timeline(list(evidence.events.for_timeline())),
        "attachments": list(evidence.attachments.all()),
        "is_requester": evidence.from_organisation_id == request.actor.organisation_id,
    }
    return render(request, "evidence/detail.jinja", context)


def _act(request, evidence_pk, *, form_class, action, template: str, done: str):
    """One adviser action: its form, the service called with the form's data, and back."""
    evidence = request_for_page(request, evidence_pk, audited=request.method == "GET")
    form = form_class(posted(request))
    if form.is_valid():
        try:
            action(evidence, form.cleaned_data)
        except (EvidenceError, TransitionRefused, ConsentRequired) as error:
            if isinstance(error, ConsentRequired):
                form.add_error(None, str(error))
            else:
                show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect("evidence:detail", evidence_pk=evidence.pk)
    context = {"evidence": evidence, "form": form, "errors": error_list(form)}
    return render(request, template, context)


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET", "POST"])
def send(request, evidence_pk):
    return _act(
        request,
        evidence_pk,
        form_class=NoteForm,
        action=lambda e, data: services.send_evidence_request(e, by=request.actor),
        template="evidence/send.jinja",
        done="Request sent",
    )


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET", "POST"])
def withdraw(request, evidence_pk):
    return _act(
        request,
        evidence_pk,
        form_class=NoteForm,
        action=lambda e, data: services.withdraw_evidence_request(
            e, by=request.actor, note=data["note"]
        ),
        template="evidence/withdraw.jinja",
        done="Request withdrawn",
    )


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET", "POST"])
def clarify(request, evidence_pk):
    return _act(
        request,
        evidence_pk,
        form_class=ClarificationForm,
        action=lambda e, data: services.request_clarification(
            e, by=request.actor, note=data["note"]
        ),
        template="evidence/clarify.jinja",
        done="Clarification asked for",
    )


@permission_required(Permission.REQUEST_EVIDENCE)
@require_http_methods(["GET", "POST"])
def fee_paid(request, evidence_pk):
    return _act(
        request,
        evidence_pk,
        form_class=FeePaidForm,
        action=lambda e, data: services.record_fee_paid(
            e,
            by=request.actor,
            amount_pence=data["amount"],
            paid_on=data["paid_on"],
            payer=data["payer"],
        ),
        template="evidence/fee_paid.jinja",
        done="Fee recorded",
    )
