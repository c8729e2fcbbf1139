"""The questions pages: the list, asking (anonymously or about a person), a consultation with
its thread, replying and closing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.services import ConsentRequired
from hjp.consultations import recipients, services
from hjp.consultations.errors import ConsultationError, PersonalDataFound
from hjp.consultations.forms import AskForm, CloseForm, ReplyForm
from hjp.consultations.models import Consultation, Direction, Tab
from hjp.consultations.personal_data import describe, find_personal_data
from hjp.consultations.presenters import (
    ConsultationPresenter,
    list_rows,
    person_rows,
    thread,
    timeline,
)
from hjp.consultations.status import Side
from hjp.core.counts import capped_counts, count_text
from hjp.core.forms import error_list, posted
from hjp.core.keyset import COUNT_CAP, keyset_page
from hjp.people.models import Person

# The tabs' orders, as ConsultationQuerySet.in_tab sorts them (closing always sets closed_at).
OPEN_ORDER = ("respond_by", "created_at", "id")
CLOSED_ORDER = ("-closed_at", "id")
# Consultations on one page (a module constant, so tests can page through a few).
PAGE_SIZE = 25

SENT = "Question sent to {organisation}"
RECORDED = "Case discussion recorded and shared with {organisation}"


@permission_required(Permission.CONSULT)
@require_http_methods(["GET"])
def questions(request):
    """Questions asked by or of my organisation: awaiting my team, awaiting them, closed.

    A page seeks past the consultation named in the address and the tabs count up to COUNT_CAP,
    so neither grows with the number of closed questions (docs/adr/022-lists-at-scale.md).
    """
    actor = request.actor
    tab = request.GET.get("tab") if request.GET.get("tab") in Tab.values else Tab.AWAITING_US
    direction = request.GET.get("direction")
    direction = direction if direction in Direction.values else Direction.ALL
    mine = Consultation.objects.visible_to(actor).in_direction(direction, actor.organisation_id)
    counts = capped_counts({t: mine.in_tab(t, actor.organisation_id) for t in Tab}, cap=COUNT_CAP)
    results = keyset_page(
        mine.in_tab(tab, actor.organisation_id).for_list(),
        request.GET,
        order=CLOSED_ORDER if tab == Tab.CLOSED else OPEN_ORDER,
        per_page=PAGE_SIZE,
        count=counts[tab],
        cap=COUNT_CAP,
    )
    audit.record_many(actor, audit.Action.SEARCH, results.items)
    context = {
        "tab": Tab(tab),
        "tabs": [(t, t.label, count_text(counts[t], COUNT_CAP)) for t in Tab],
        "direction": direction,
        "directions": Direction.choices,
        "results": results,
        "rows": list_rows(results.items, actor=actor),
    }
    return render(request, "consultations/list.jinja", context)


def _ask_form(request, *, initial=None) -> AskForm:
    organisation_id = request.actor.organisation_id
    return AskForm(
        posted(request),
        organisations=recipients.recipients_for(organisation_id),
        memberships=recipients.attendee_choices(organisation_id),
        initial=initial,
    )


def _show_refusal(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, getattr(error, "message", str(error)))


def _warning(form, *texts: str) -> list[str]:
    """What a warned form found, to show again with the override fields."""
    if form.is_bound and (form.errors.get("override_reason") or form.data.get("override")):
        return describe(find_personal_data(*texts))
    return []


def _ask(request, *, person: Person | None):
    form = _ask_form(request, initial={"kind": _default_kind(request.actor)})
    warning: list[str] = []
    if form.is_valid():
        ask = services.ConsultationAsk(**form.ask_fields(), person=person)
        try:
            consultation = services.ask_consultation(ask, by=request.actor)
        except PersonalDataFound as error:
            warning = describe(error.kinds)
            in_question = find_personal_data(form.cleaned_data["question"])
            form.add_error("question" if in_question else "subject", error.message)
        except (ConsultationError, ConsentRequired) as error:
            _show_refusal(form, error)
        else:
            text = RECORDED if consultation.kind == "case_discussion" else SENT
            messages.success(request, text.format(organisation=consultation.to_organisation.name))
            return redirect("consultations:detail", consultation_pk=consultation.pk)
    warning = warning or _warning(form, form.data.get("subject", ""), form.data.get("question", ""))
    if person is not None:
        audit.record(request.actor, audit.Action.VIEW, person)
    context = {"form": form, "errors": error_list(form), "person": person, "warning": warning}
    return render(request, "consultations/ask.jinja", context)


def _default_kind(actor) -> str:
    return "ask_clinician" if actor.organisation_kind == "advice" else "ask_adviser"


@permission_required(Permission.CONSULT)
@require_http_methods(["GET", "POST"])
def ask(request):
    """Ask another team of the partnership a question, anonymously."""
    return _ask(request, person=None)


@permission_required(Permission.CONSULT)
@require_http_methods(["GET", "POST"])
def ask_about(request, person_pk):
    """Ask another team about a person your organisation works with, under their consent."""
    actor = request.actor
    person = get_visible_or_404(
        Person.objects.visible_to(actor), actor, audit_action=None, pk=person_pk
    )
    return _ask(request, person=person)


def _consultation(request, consultation_pk) -> Consultation:
    """The consultation a page is about, within what the actor may see (else 404)."""
    found = get_visible_or_404(
        Consultation.objects.visible_to(request.actor).select_related(
            "from_organisation", "to_organisation", "asked_by", "partnership"
        ),
        request.actor,
        audit_action=None,
        pk=consultation_pk,
    )
    return found


def _audit_read(request, consultation: Consultation) -> None:
    """A page showing the consultation: for one about a person, a read of that person."""
    audit.record(request.actor, audit.Action.VIEW, consultation)


def _page_context(request, consultation: Consultation) -> dict:
    actor = request.actor
    person = None
    if consultation.person_id is not None:
        # Shown only while the actor's organisation may see the person (share and consent).
        person = Person.objects.visible_to(actor).filter(pk=consultation.person_id).first()
    return {
        "consultation": consultation,
        "presenter": ConsultationPresenter(consultation, actor=actor),
        "person_rows": person_rows(person) if person else [],
        "thread": thread(list(consultation.messages.select_related("author", "organisation"))),
        "timeline": timeline(list(consultation.events.for_timeline())),
        "attendees": list(consultation.attendees.all()),
        "is_responder": consultation.side_of(actor) == Side.RESPONDER,
    }


@permission_required(Permission.CONSULT)
@require_http_methods(["GET"])
def detail(request, consultation_pk):
    consultation = _consultation(request, consultation_pk)
    _audit_read(request, consultation)
    context = _page_context(request, consultation)
    form = ReplyForm(responder=context["is_responder"])
    return render(request, "consultations/detail.jinja", {**context, "form": form})


@permission_required(Permission.CONSULT)
@require_http_methods(["GET", "POST"])
def reply(request, consultation_pk):
    """Reply in the thread (the team asked may record the time it spent)."""
    consultation = _consultation(request, consultation_pk)
    context = _page_context(request, consultation)
    form = ReplyForm(posted(request), responder=context["is_responder"])
    warning: list[str] = []
    if not consultation.is_closed and form.is_valid():
        try:
            services.reply_to_consultation(
                consultation,
                by=request.actor,
                body=form.cleaned_data["body"],
                minutes=form.cleaned_data.get("minutes", 0),
                override_reason=form.reason_to_send_anyway,
            )
        except PersonalDataFound as error:
            warning = describe(error.kinds)
            form.add_error("body", error.message)
        except ConsultationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, "Reply sent")
            return redirect("consultations:detail", consultation_pk=consultation.pk)
    warning = warning or _warning(form, form.data.get("body", ""))
    _audit_read(request, consultation)
    context.update(form=form, errors=error_list(form), warning=warning)
    return render(request, "consultations/reply.jinja", context)


@permission_required(Permission.CONSULT)
@require_http_methods(["GET", "POST"])
def close(request, consultation_pk):
    """Close the consultation with its outcome."""
    consultation = _consultation(request, consultation_pk)
    form = CloseForm(
        posted(request),
        responder=consultation.side_of(request.actor) == Side.RESPONDER,
        referral_agreed=consultation.referral_agreed,
    )
    if not consultation.is_closed and form.is_valid():
        try:
            services.close_consultation(
                consultation,
                by=request.actor,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                minutes=form.cleaned_data.get("minutes", 0),
            )
        except ConsultationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, "Consultation closed")
            return redirect("consultations:detail", consultation_pk=consultation.pk)
    _audit_read(request, consultation)
    context = {"consultation": consultation, "form": form, "errors": error_list(form)}
    return render(request, "consultations/close.jinja", context)
