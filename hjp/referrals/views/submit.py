"""Making a referral: find the person, answer one page of questions, check them, send; and
logging a referral taken on the phone line. Answers wait in the session, never in a URL."""

import secrets

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission, require_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.models import Method
from hjp.consent.services import ConsentRequired
from hjp.core.formatting import format_date, format_nhs_number
from hjp.core.forms import error_list
from hjp.core.pagination import paginate
from hjp.directory.models import Service
from hjp.directory.presenters import ServicePresenter
from hjp.directory.services import visible_services
from hjp.partnerships.models import AdviceArea, Organisation, Site
from hjp.people.forms import PersonSearchForm
from hjp.people.models import ContactMethod, Person
from hjp.people.presenters import PersonPresenter
from hjp.referrals.errors import ReferralError
from hjp.referrals.forms import PhoneReferralForm, ReferralForm
from hjp.referrals.models import Referral, ReferralDeadline
from hjp.referrals.services import log_phone_referral, submit_referral
from hjp.referrals.topics import ALL_TOPICS

SEARCH_SESSION_KEY = "hjp_referral_searches"
DRAFT_SESSION_KEY = "hjp_referral_drafts"
KEPT_IN_SESSION = 5
# Posted fields that are not answers.
NOT_ANSWERS = {"csrfmiddlewaretoken", "draft"}
CALLER_MATCH_REQUIRED = "Select whether the caller is one of the people already recorded"
NEW_CALLER = "new"


def _remember(request, key: str, value) -> str:
    """Keep `value` in the session under a new random token (only the last few are kept)."""
    kept = request.session.get(key, {})
    kept = dict(list(kept.items())[-(KEPT_IN_SESSION - 1) :])
    token = secrets.token_urlsafe(12)
    kept[token] = value
    request.session[key] = kept
    return token


def _forget(request, key: str, token: str) -> None:
    kept = request.session.get(key, {})
    if kept.pop(token, None) is not None:
        request.session[key] = kept


# Step 1: who is being referred.


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new(request):
    """GET: the search box, and a remembered search's results. POST: remember a search."""
    actor = request.actor
    if request.method == "POST":
        return _remember_search(request)
    query = request.session.get(SEARCH_SESSION_KEY, {}).get(request.GET.get("search", ""), "")
    results = None
    if query:
        people = Person.objects.visible_to(actor).matching(query).alphabetical()
        results = paginate(people, request.GET)
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
    token = _remember(request, SEARCH_SESSION_KEY, query)
    return redirect(reverse("referrals:new") + f"?search={token}")


# Step 2: one page of questions.


def _target_services(actor) -> list[Service]:
    """Health staff refer to advice services; advisers refer to health services."""
    services = (
        visible_services(actor)
        .filter(is_active=True)
        .exclude(organisation_id=actor.organisation_id)
    )
    if actor.organisation_kind == Organisation.Kind.ADVICE:
        services = services.health()
    else:
        services = services.advice()
    return list(services.order_by("name"))


def _referral_form(actor, person: Person, data) -> ReferralForm:
    sites = (
        Site.objects.visible_to(actor)
        .active()
        .filter(organisation_id=actor.organisation_id)
        .select_related("partnership")
    )
    return ReferralForm(
        data,
        services=_target_services(actor),
        sites=sites,
        initial=ReferralForm.initial_from(person),
    )


def _draft(request, token: str | None, person: Person) -> MultiValueDict | None:
    """The answers saved for this person under `token`, or None when gone or someone else's."""
    draft = request.session.get(DRAFT_SESSION_KEY, {}).get(token or "")
    if draft is None or draft["person"] != str(person.pk):
        return None
    return MultiValueDict(draft["answers"])


def _form_url(person: Person, token: str) -> str:
    return reverse("referrals:new_for_person", kwargs={"person_pk": person.pk}) + f"?draft={token}"


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def new_for_person(request, person_pk):
    actor = request.actor
    person = get_visible_or_404(Person.objects.visible_to(actor), actor, pk=person_pk)
    if request.method == "POST":
        token, data = request.POST.get("draft", ""), request.POST
    else:
        token = request.GET.get("draft", "")
        data = _draft(request, token, person)
    form = _referral_form(actor, person, data)
    if request.method == "POST" and form.is_valid():
        _forget(request, DRAFT_SESSION_KEY, token)
        answers = {key: data.getlist(key) for key in data if key not in NOT_ANSWERS}
        token = _remember(
            request, DRAFT_SESSION_KEY, {"person": str(person.pk), "answers": answers}
        )
        return redirect(
            reverse("referrals:check", kwargs={"person_pk": person.pk}) + f"?draft={token}"
        )
    return render(
        request,
        "referrals/submit/form.jinja",
        {
            "person": person,
            "form": form,
            "errors": error_list(form),
            "items": form.widget_items(),
            "token": token if data is not None else "",
            "advice_side": actor.organisation_kind == Organisation.Kind.ADVICE,
        },
    )


# Step 3: check the answers, then send.


@permission_required(Permission.MAKE_REFERRAL)
@require_http_methods(["GET", "POST"])
def check(request, person_pk):
    actor = request.actor
    sending = request.method == "POST"
    # Sending is audited by submit_referral; anything else shown here is a view of the person.
    person = get_visible_or_404(
        Person.objects.visible_to(actor),
        actor,
        pk=person_pk,
        audit_action=None if sending else audit.Action.VIEW,
    )
    token = (request.POST if sending else request.GET).get("draft", "")
    answers = _draft(request, token, person)
    form = _referral_form(actor, person, answers) if answers is not None else None
    if form is not None and not form.is_valid():
        # Something changed since the answers were given (a service paused, say): show why.
        return redirect(_form_url(person, token))
    if form is not None and sending:
        try:
            referral = submit_referral(person, by=actor, **form.submission())
        except (ReferralError, ConsentRequired) as error:
            form.add_error(None, str(error))
        else:
            _forget(request, DRAFT_SESSION_KEY, token)
            return redirect("referrals:confirmation", referral_pk=referral.pk)
    if sending:
        audit.record(actor, audit.Action.VIEW, person)
    if form is None:
        return render(request, "referrals/submit/expired.jinja", {"person": person})
    return render(
        request,
        "referrals/submit/check.jinja",
        {
            "person": person,
            "token": token,
            "form_url": _form_url(person, token),
            "rows": answer_rows(form, change_url=_form_url(person, token)),
            "errors": error_list(form),
        },
    )


def _lines(text: str) -> dict:
    lines = text.strip().splitlines()
    if not lines:
        return {"text": "Not given"}
    return {"html": Markup("<br>").join(lines)}


def answer_rows(form: ReferralForm, *, change_url: str) -> list[dict]:
    """The summary list of a valid referral form, each row with a Change link back to it."""
    data, details = form.cleaned_data, form.details()
    area_labels = dict(AdviceArea.choices)
    areas = [area_labels[area] for area in details["advice_areas"]]
    topics = [ALL_TOPICS[code] for code in details["advice_topics"]]
    deadlines = [
        f"{ReferralDeadline.Kind(deadline.kind).label}: {format_date(deadline.due_on)}"
        for deadline in details["deadlines"]
    ]
    service = details["service"]
    capacity = ServicePresenter(service).capacity_text
    method = Method(data["consent_method"]).label.lower()
    contact = dict(ContactMethod.choices).get(details["preferred_contact_method"], "Not given")
    rows = [
        ("Service", [f"{service.name}, {service.organisation.name}", capacity], "service"),
        ("Needs help with", areas, "advice_areas"),
        ("Type of problem", topics or ["Not given"], "advice_areas"),
        ("Reason for referral", _lines(details["reason_text"]), "reason_text"),
        ("Urgency", Referral.Urgency(details["urgency"]).label, "urgency"),
        ("Hard deadlines", deadlines or ["None"], "deadline_1_kind"),
        (
            "Referring from",
            data["from_site"].name if data["from_site"] else "Not given",
            "from_site",
        ),
        ("Preferred contact", contact, "preferred_contact_method"),
        ("Safe contact notes", _lines(details["contact_notes"]), "contact_notes"),
        ("Agreed to share with the service", f"Yes ({method})", "share_consent"),
        (
            "Agreed you can be told how it went",
            "Yes" if data["feedback_consent"] else "No",
            "feedback_consent",
        ),
    ]
    return [_summary_row(label, value, f"{change_url}#id_{field}") for label, value, field in rows]


def _summary_row(label: str, value, href: str) -> dict:
    if isinstance(value, list):
        value = {"html": Markup("<br>").join(value)}
    elif not isinstance(value, dict):
        value = {"text": value}
    return {
        "key": {"text": label},
        "value": value,
        "actions": {
            "items": [{"href": href, "text": "Change", "visuallyHiddenText": label.lower()}]
        },
    }


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
    return render(
        request,
        "referrals/submit/confirmation.jinja",
        {
            "referral": referral,
            "target_days": referral.partnership.first_contact_target_days,
            "due": format_date(referral.first_contact_due),
            "phone_line": referral.channel == Referral.Channel.PHONE_LINE,
        },
    )


# The phone line: an adviser logs a call, finding or adding the caller on the same page.


def _own_advice_services(actor) -> list[Service]:
    services = (
        visible_services(actor)
        .filter(is_active=True, organisation_id=actor.organisation_id)
        .advice()
    )
    return list(services.order_by("name"))


def _possible_callers(actor, form: PhoneReferralForm) -> list[Person]:
    """People the actor can already see who may be the caller; each one shown is audited."""
    found = list(
        Person.objects.visible_to(actor).possible_duplicates(**form.identity()).alphabetical()
    )
    audit.record_many(actor, audit.Action.SEARCH, found)
    return found


def _chosen_caller(
    request, form: PhoneReferralForm, matches: list[Person]
) -> tuple[bool, Person | None]:
    """(decided, person): decided once there are no matches or the actor has picked one."""
    choice = form.cleaned_data["existing_person"]
    if not matches or choice == NEW_CALLER:
        return True, None
    picked = {str(person.pk): person for person in matches}.get(choice)
    if picked is not None:
        return True, picked
    if request.POST.get("matches_shown"):
        form.add_error("existing_person", CALLER_MATCH_REQUIRED)
    return False, None


@permission_required(Permission.LOG_PHONE_REFERRAL)
@require_http_methods(["GET", "POST"])
def phone(request):
    actor = request.actor
    form = PhoneReferralForm(
        request.POST if request.method == "POST" else None, services=_own_advice_services(actor)
    )
    matches = []
    if form.is_valid():
        matches = _possible_callers(actor, form)
        decided, person = _chosen_caller(request, form, matches)
        if decided:
            try:
                referral = log_phone_referral(
                    by=actor,
                    person=person,
                    person_details=form.person_details(),
                    **form.details(),
                )
            except (ReferralError, ConsentRequired) as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("referrals:confirmation", referral_pk=referral.pk)
    return render(
        request,
        "referrals/submit/phone.jinja",
        {
            "form": form,
            "errors": error_list(form),
            "items": form.widget_items(),
            "matches": [
                {
                    "value": str(person.pk),
                    "text": person.full_name,
                    "hint": {"text": _caller_hint(person)},
                    "checked": form["existing_person"].value() == str(person.pk),
                }
                for person in matches
            ],
        },
    )


def _caller_hint(person: Person) -> str:
    hint = f"Born {format_date(person.date_of_birth)}"
    if person.nhs_number:
        hint += f", NHS number {format_nhs_number(person.nhs_number)}"
    return hint


urlpatterns = [
    path("new", new, name="new"),
    path("new/<uuid:person_pk>", new_for_person, name="new_for_person"),
    path("new/<uuid:person_pk>/check", check, name="check"),
    path("<uuid:referral_pk>/sent", confirmation, name="confirmation"),
    path("phone", phone, name="phone"),
]
