"""Making a referral: find the person, answer one page of questions and send; the confirmation
follows, where a mistake can be corrected for a few minutes. Answers wait in the session, never
in a URL."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission, require_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.audit.services import audited_atomic
from hjp.clinics.errors import ClinicError
from hjp.clinics.models import Booking
from hjp.clinics.presenters import slot_label
from hjp.clinics.services import book_slot, release_bookings
from hjp.consent.services import ConsentRequired
from hjp.core.formatting import format_date
from hjp.core.forms import error_list
from hjp.core.keyset import keyset_page
from hjp.partnerships.models import Organisation
from hjp.people.forms import PersonSearchForm
from hjp.people.models import Person
from hjp.people.presenters import PersonPresenter
from hjp.referrals import drafts
from hjp.referrals.errors import ReferralError, ReferralRefused
from hjp.referrals.forms import referral_form
from hjp.referrals.models import Referral
from hjp.referrals.presenters import referral_rows
from hjp.referrals.services import (
    amend_window_open,
    submit_referral,
    withdraw_to_correct,
)
from hjp.referrals.services.transitions import AMEND_CLOSED
from hjp.referrals.status import OPEN

# The person picker's order, as PersonQuerySet.alphabetical sorts, ending with the id.
PERSON_ORDER = ("family_name", "given_name", "date_of_birth", "id")

# Posted fields that are not answers.
NOT_ANSWERS = {"csrfmiddlewaretoken", "draft", "send_anyway"}


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new(request):
    """Step 1, who is being referred: the search box, and the results of a remembered search."""
    actor = request.actor
    if request.method == "POST":
        return _remember_search(request)
    query = drafts.remembered_search(request.session, request.GET.get("search", ""))
    results = None
    if query:
        # The matches of a short search can be many in a large organisation: seek a page at a
        # time in name order, counting up to the cap.
        people = Person.objects.visible_to(actor).matching(query)
        results = keyset_page(people, request.GET, order=PERSON_ORDER, count=True)
        audit.record_many(actor, audit.Action.SEARCH, results.items)
    return render(
        request,
        "referrals/submit/search.jinja",
        {
            "form": PersonSearchForm({"q": query}),
            "query": query,
            "results": results,
            "people": [PersonPresenter(person) for person in results.items] if results else [],
            "can_add": has_permission(actor, Permission.ADD_PERSON),
        },
    )


def _remember_search(request):
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "errors": error_list(form), "query": "", "people": []}
        return render(request, "referrals/submit/search.jinja", context)
    query = form.cleaned_data["q"].strip()
    if not query:
        return redirect("referrals:new")
    require_permission(request.actor, Permission.SEARCH_PEOPLE)
    token = drafts.remember(request.session, drafts.SEARCH_SESSION_KEY, query)
    return redirect(reverse("referrals:new") + f"?search={token}")


def _form_url(person: Person, token: str) -> str:
    return reverse("referrals:new_for_person", kwargs={"person_pk": person.pk}) + f"?draft={token}"


def _open_referral_to(actor, person: Person, service) -> Referral | None:
    """An open referral of the person to the same service that the actor's organisation can see."""
    return (
        Referral.objects.visible_to(actor)
        .filter(person=person, service=service, status__in=OPEN)
        .order_by("-sent_at")
        .first()
    )


@audited_atomic
def _send(person: Person, *, by, form) -> Referral:
    """Send the referral and book the clinic slot chosen with it: both or neither."""
    referral = submit_referral(person, by=by, **form.submission())
    if (slot := form.chosen_slot()) is not None:
        book_slot(slot, referral=referral, by=by)
    return referral


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new_for_person(request, person_pk):
    """The referral on one page: consent, the problem, the service, then send. The next page is
    the confirmation (ADR 019). Answers wait in the session only to be corrected."""
    actor, sending = request.actor, request.method == "POST"
    # Sending is audited by submit_referral; a page shown (again) is a view of the person.
    person = get_visible_or_404(
        Person.objects.visible_to(actor),
        actor,
        pk=person_pk,
        audit_action=None if sending else audit.Action.VIEW,
    )
    if sending:
        token, data = request.POST.get("draft", ""), request.POST
        if (already := drafts.sent_by(request.session, token)) is not None:
            # The same form posted twice (a double click, a reload): one referral.
            return redirect("referrals:confirmation", referral_pk=already)
    else:
        token = request.GET.get("draft", "")
        data = drafts.kept_answers(request.session, token, person)
        token = token if data is not None else drafts.new_token()
    form = referral_form(actor, person, data)
    existing = None
    if request.method == "POST" and form.is_valid():
        existing = _open_referral_to(actor, person, form.cleaned_data["service"])
        if existing is None or data.get("send_anyway") == "yes":
            try:
                referral = _send(person, by=actor, form=form)
            except ClinicError as error:
                form.add_error("clinic_slot", error.message)
            except (ReferralError, ConsentRequired) as error:
                form.add_error(None, str(error))
            else:
                drafts.forget(request.session, drafts.DRAFT_SESSION_KEY, token)
                answers = {key: data.getlist(key) for key in data if key not in NOT_ANSWERS}
                drafts.note_sent(request.session, token, referral.pk, answers)
                return redirect("referrals:confirmation", referral_pk=referral.pk)
    if sending:
        audit.record(actor, audit.Action.VIEW, person)
    return render(
        request,
        "referrals/submit/form.jinja",
        {
            "person": person,
            "form": form,
            "errors": error_list(form),
            "token": token,
            "advice_side": actor.organisation_kind == Organisation.Kind.ADVICE,
            "existing": existing,
            "amend_minutes": max(1, settings.HJP_REFERRAL_AMEND_SECONDS // 60),
        },
    )


CORRECTING = (
    "Referral {reference} was withdrawn before the service was told of it. "
    "Correct the answers below and send it again."
)


@audited_atomic
def _withdraw(referral: Referral, *, by) -> None:
    """Withdraw the referral to correct it; a clinic slot booked with it is freed."""
    withdraw_to_correct(referral, by=by)
    release_bookings(referral, by=by)


@permission_required(Permission.MAKE_REFERRAL)
@require_POST
def correct(request, referral_pk):
    """A mistake seen on the confirmation, within the amend window: the referral is marked
    entered in error (the service has not been told of it) and the form opens again with the
    answers as they were sent."""
    actor = request.actor
    referral = get_visible_or_404(
        Referral.objects.visible_to(actor).filter(
            from_organisation_id=actor.organisation_id, referred_by_id=actor.user_id
        ),
        actor,
        pk=referral_pk,
        audit_action=None,
    )
    answers = drafts.answers_sent_for(request.session, referral.pk)
    try:
        if answers is None:
            raise ReferralRefused(AMEND_CLOSED)
        _withdraw(referral, by=actor)
    except ReferralRefused as refused:
        messages.error(request, str(refused))
        return redirect("referrals:detail", referral_pk=referral.pk)
    token = drafts.keep_answers(request.session, referral.person, answers)
    messages.info(request, CORRECTING.format(reference=referral.reference))
    return redirect(_form_url(referral.person, token))


@permission_required(Permission.MAKE_REFERRAL)
@require_GET
def confirmation(request, referral_pk):
    """Shown to the referring organisation (or, for a phone-line referral, the one taking it)."""
    actor = request.actor
    mine = Q(from_organisation_id=actor.organisation_id) | Q(
        channel=Referral.Channel.PHONE_LINE, to_organisation_id=actor.organisation_id
    )
    referral = get_visible_or_404(
        Referral.objects.visible_to(actor)
        .filter(mine)
        .select_related("service", "person", "partnership", "to_organisation"),
        actor,
        pk=referral_pk,
    )
    can_correct = (
        amend_window_open(referral)
        and referral.referred_by_id == actor.user_id
        and drafts.answers_sent_for(request.session, referral.pk) is not None
    )
    return render(
        request,
        "referrals/submit/confirmation.jinja",
        {
            "referral": referral,
            "can_correct": can_correct,
            "rows": referral_rows(referral),
            "amend_minutes": max(1, settings.HJP_REFERRAL_AMEND_SECONDS // 60),
            "target_days": referral.partnership.first_contact_target_days,
            "due": format_date(referral.first_contact_due),
            "phone_line": referral.channel == Referral.Channel.PHONE_LINE,
            "bookings": [
                (booking, slot_label(booking.slot))
                for booking in Booking.objects.visible_to(actor)
                .active()
                .filter(referral=referral)
                .select_related("slot__session__site")
            ],
        },
    )


urlpatterns = [
    path("new", new, name="new"),
    path("new/<uuid:person_pk>", new_for_person, name="new_for_person"),
    path("<uuid:referral_pk>/correct", correct, name="correct"),
    path("<uuid:referral_pk>/sent", confirmation, name="confirmation"),
]
