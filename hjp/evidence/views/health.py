"""The health team's pages: the requests to my team, a request with its answer form, the
confirmation, acknowledging, declining and reading what the adviser attached."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.cases.services.documents import read_attachment
from hjp.core.forms import error_list, posted
from hjp.evidence import services
from hjp.evidence.errors import EvidenceError
from hjp.evidence.forms import AcknowledgeForm, AnswerForm, DeclineForm
from hjp.evidence.inbox import count_text, page_of, waiting_count
from hjp.evidence.kinds import KIND_RULES
from hjp.evidence.models import EvidenceRequest, InboxTab
from hjp.evidence.presenters import EvidencePresenter, answer_rows, inbox_rows
from hjp.evidence.status import Side, TransitionRefused
from hjp.evidence.views._common import request_for_page, show_refusal
from hjp.partnerships.models import Site


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET"])
def inbox(request):
    """Requests to my team: to do (nearest due first), provided, closed; by site. Each request
    shown is audited as a search result."""
    actor = request.actor
    tab = request.GET.get("tab") or InboxTab.TO_DO
    tab = tab if tab in InboxTab.values else InboxTab.TO_DO
    sites = list(Site.objects.filter(organisation_id=actor.organisation_id, is_active=True))
    site = request.GET.get("site", "")
    mine = EvidenceRequest.objects.visible_to(actor, side=Side.RESPONDER)
    if site in {str(s.pk) for s in sites}:
        mine = mine.filter(to_site_id=site)
    waiting = count_text(waiting_count(mine))
    page = page_of(mine, tab, request.GET.get("after", ""))
    audit.record_many(actor, audit.Action.SEARCH, page.requests)
    params = request.GET.copy()
    next_url = None
    if page.next_cursor:
        params["after"] = page.next_cursor
        next_url = "?" + params.urlencode()
    params.pop("after", None)
    context = {
        "tab": tab,
        "tab_label": InboxTab(tab).label,
        "tabs": [
            (t, f"{t.label} ({waiting})" if t == InboxTab.TO_DO else t.label) for t in InboxTab
        ],
        "rows": inbox_rows(page.requests),
        "next_url": next_url,
        "first_url": "?" + params.urlencode() if not page.is_first else None,
        "sites": sites,
        "site": site,
    }
    return render(request, "evidence/inbox.jinja", context)


def _answer_form(request, evidence: EvidenceRequest) -> AnswerForm:
    return AnswerForm(
        posted(request),
        request.FILES or None,
        questions=evidence.questions,
        sr1=KIND_RULES[evidence.kind].submitted_by_clinician,
        initial={"attested_name": getattr(request.user, "full_name", "")},
    )


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET", "POST"])
def answer(request, evidence_pk):
    """The request, the person's identifiers and the questions, and the answer form: posting it
    files the answer on the adviser's case and shows the confirmation."""
    evidence = request_for_page(request, evidence_pk, audited=request.method == "GET")
    _require_responder(request, evidence)
    form = _answer_form(request, evidence)
    if evidence.is_awaiting_answer and form.is_valid():
        try:
            services.provide_evidence(
                evidence,
                by=request.actor,
                given=services.EvidenceGiven(**form.given_fields()),
                attestation=services.Attestation(**form.attestation_fields()),
            )
        except (EvidenceError, TransitionRefused) as error:
            show_refusal(form, error)
        else:
            return redirect("evidence:answered", evidence_pk=evidence.pk)
    presenter = EvidencePresenter(evidence)
    context = {
        "evidence": evidence,
        "presenter": presenter,
        "form": form,
        "errors": error_list(form),
        "rules": KIND_RULES[evidence.kind],
        "attachments": list(evidence.attachments.all()),
        "answers": [(a, answer_rows(a)) for a in evidence.answers.all()],
        "clarification": evidence.events.filter(kind="clarification_requested")
        .order_by("-sequence")
        .first(),
        "no_fee_agreement": evidence.partnership.evidence_no_fee_agreement,
    }
    return render(request, "evidence/answer.jinja", context)


def _require_responder(request, evidence: EvidenceRequest) -> None:
    """The health pages are the health organisation's; the adviser's own request is a 404."""
    if evidence.to_organisation_id != request.actor.organisation_id:
        raise Http404


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET"])
def answered(request, evidence_pk):
    evidence = request_for_page(request, evidence_pk)
    _require_responder(request, evidence)
    context = {"evidence": evidence, "presenter": EvidencePresenter(evidence)}
    return render(request, "evidence/answered.jinja", context)


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET", "POST"])
def acknowledge(request, evidence_pk):
    evidence = request_for_page(request, evidence_pk, audited=request.method == "GET")
    _require_responder(request, evidence)
    form = AcknowledgeForm(posted(request))
    if form.is_valid():
        try:
            services.acknowledge_evidence_request(
                evidence,
                by=request.actor,
                fee_quoted_pence=form.cleaned_data["fee_quoted"],
                note=form.cleaned_data["note"],
            )
        except (EvidenceError, TransitionRefused) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The advice service has been told you are dealing with it")
            return redirect("evidence:answer", evidence_pk=evidence.pk)
    context = {"evidence": evidence, "form": form, "errors": error_list(form)}
    return render(request, "evidence/acknowledge.jinja", context)


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET", "POST"])
def decline(request, evidence_pk):
    evidence = request_for_page(request, evidence_pk, audited=request.method == "GET")
    _require_responder(request, evidence)
    form = DeclineForm(posted(request))
    if form.is_valid():
        try:
            services.decline_evidence_request(evidence, by=request.actor, **form.cleaned_data)
        except (EvidenceError, TransitionRefused) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Request declined; the advice service has been told")
            return redirect("evidence:inbox")
    context = {"evidence": evidence, "form": form, "errors": error_list(form)}
    return render(request, "evidence/decline.jinja", context)


@permission_required(Permission.ANSWER_EVIDENCE)
@require_http_methods(["GET"])
def attachment(request, evidence_pk, document_pk):
    """A document the adviser sent with the request, for the health team asked."""
    evidence = request_for_page(request, evidence_pk, audited=False)
    _require_responder(request, evidence)
    document = evidence.attachments.filter(pk=document_pk).first()
    if document is None:
        audit.record(
            request.actor,
            audit.Action.DENIED,
            outcome=audit.Outcome.DENIED,
            object_type="cases.casedocument",
            object_id=str(document_pk),
        )
        raise Http404
    data = read_attachment(document, by=request.actor)
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="attachment-{str(document.pk)[:8]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
