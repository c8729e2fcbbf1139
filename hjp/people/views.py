"""Finding, recording and changing people; every page shows only what the viewer may see."""

import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hjp.accounts.decorators import permission_required
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission, require_permission
from hjp.audit import services as audit
from hjp.audit.access import get_visible_or_404
from hjp.consent.models import Consent
from hjp.consent.presenters import present_ledger
from hjp.core.forms import choice_items, date_items, error_list, select_items
from hjp.core.keyset import KeysetPage, keyset_page
from hjp.people.forms import AddPersonForm, PersonForm, PersonSearchForm
from hjp.people.models import Person, PersonShare
from hjp.people.presenters import PersonPresenter, ShareReasonPresenter
from hjp.people.services import create_person, update_person

PERSON_ADDED = "Person added"
PERSON_UPDATED = "Details updated"
NOTHING_CHANGED = "You did not change any details"
SEARCH_IN_ADDRESS_REFUSED = (
    "Search with the form on this page: what you search for never goes in the page address"
)

# Searches are kept in the session, so a name or NHS number never appears in a URL.
SEARCH_SESSION_KEY = "hjp_people_searches"
SEARCHES_KEPT = 5

RECENT_FIRST = ("-updated_at", "-id")
ALPHABETICAL = ("family_name", "given_name", "date_of_birth", "id")


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_list(request):
    """GET: the list or a remembered search's results. POST: remember a search, then redirect.

    A search in the address (`?q=`) is refused, not run: names in addresses end up in browser
    histories and server logs."""
    if "q" in request.GET:
        messages.error(request, SEARCH_IN_ADDRESS_REFUSED)
        return redirect("people:list")
    if request.method == "POST":
        return _remember_search(request, request.POST)
    query = request.session.get(SEARCH_SESSION_KEY, {}).get(request.GET.get("search", ""), "")
    form = PersonSearchForm({"q": query})
    results = _page_of_people(request, query)
    audit.record_many(request.actor, audit.Action.SEARCH, results.items)
    return render(
        request,
        "people/list.jinja",
        {
            "form": form,
            "query": query,
            "results": results,
            "rows": [PersonPresenter(person).table_row for person in results.items],
            "can_add": has_permission(request.actor, Permission.ADD_PERSON),
        },
    )


def _page_of_people(request, query: str) -> KeysetPage:
    """One page of the people the viewer's organisation may see, or of those matching a search.

    Each order has an index on people (`person_recent_first`, `person_alphabetical`) that a page
    walks, checking each person's sharing record as it goes. The whole list is not counted:
    counting even to the cap makes a thousand such checks (ADR 022); a search, which narrows
    by name, NHS number or date of birth, says how many it found, up to "more than 1,000".
    """
    people = Person.objects.visible_to(request.actor)
    if query:
        return keyset_page(people.matching(query), request.GET, order=ALPHABETICAL, count=True)
    return keyset_page(people, request.GET, order=RECENT_FIRST, count=None)


def _remember_search(request, data):
    form = PersonSearchForm(data)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if not query:
        if form.errors:
            return _render_search_error(request, form)
        return redirect("people:list")
    require_permission(request.actor, Permission.SEARCH_PEOPLE)
    token = secrets.token_urlsafe(8)
    searches = request.session.get(SEARCH_SESSION_KEY, {})
    searches = dict(list(searches.items())[-(SEARCHES_KEPT - 1) :])
    searches[token] = query
    request.session[SEARCH_SESSION_KEY] = searches
    return redirect(reverse("people:list") + f"?search={token}")


def _render_search_error(request, form):
    return render(
        request,
        "people/list.jinja",
        {"form": form, "errors": error_list(form), "query": "", "results": None, "rows": []},
    )


@permission_required(Permission.ADD_PERSON)
@require_http_methods(["GET", "POST"])
def add(request):
    form = AddPersonForm(request.POST if request.method == "POST" else None)
    duplicates = []
    # "then=refer" carries the actor on into the referral form once the person is added.
    then = (request.POST if request.method == "POST" else request.GET).get("then")
    then_refer = then == "refer" and has_permission(request.actor, Permission.MAKE_REFERRAL)
    if request.method == "POST":
        valid = form.is_valid()
        duplicates = _possible_duplicates(request.actor, form)
        if duplicates and not form.cleaned_data.get("not_a_duplicate"):
            form.require_duplicate_confirmation()
            valid = False
        if valid:
            person = create_person(by=request.actor, **form.person_details())
            messages.success(request, PERSON_ADDED)
            if then_refer:
                return redirect("referrals:new_for_person", person_pk=person.pk)
            return redirect(person)
    return render(
        request,
        "people/add.jinja",
        {
            **_form_context(form),
            "duplicates": [PersonPresenter(person) for person in duplicates],
            "confirm_items": _confirmation_items(form),
            "then": "refer" if then_refer else "",
        },
    )


def _possible_duplicates(actor, form: AddPersonForm) -> list[Person]:
    """People the actor can see who may be the one being added; each shown is audited."""
    identity = form.identity()
    if identity is None:
        return []
    found = list(Person.objects.visible_to(actor).possible_duplicates(**identity).alphabetical())
    audit.record_many(actor, audit.Action.SEARCH, found)
    return found


def _confirmation_items(form: AddPersonForm) -> list[dict]:
    return [
        {
            "value": "on",
            "text": form["not_a_duplicate"].label,
            "checked": bool(form["not_a_duplicate"].value()),
        }
    ]


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET"])
def detail(request, person_pk):
    actor = request.actor
    person = get_visible_or_404(Person.objects.visible_to(actor), actor, pk=person_pk)
    consents = (
        Consent.objects.visible_to(actor)
        .filter(person=person)
        .select_related("recorded_by", "recorded_by_organisation")
        .prefetch_related("scope__organisation")
        .latest_first()
    )
    # A record's status depends on every later decision, including ones recorded by other
    # organisations that this viewer is not shown (a withdrawal elsewhere still ends it).
    ledger = person.consents.prefetch_related("scope")
    shares = (
        PersonShare.objects.visible_to(actor)
        .filter(person=person)
        .in_force_for(actor.organisation_id)
    )
    can_change = has_permission(actor, Permission.CHANGE_PERSON)
    return render(
        request,
        "people/detail.jinja",
        {
            "person": person,
            "presenter": PersonPresenter(
                person, change_url=reverse("people:edit", args=[person.pk]) if can_change else None
            ),
            "consents": present_ledger(list(consents), ledger=ledger, today=timezone.localdate()),
            "shares": [ShareReasonPresenter(share) for share in shares],
            "can_change": can_change,
            "can_record_consent": has_permission(actor, Permission.RECORD_CONSENT),
            "can_see_access": has_permission(actor, Permission.VIEW_AUDIT),
            "can_open_case": has_permission(actor, Permission.WORK_ON_CASES),
            "can_refer": has_permission(actor, Permission.MAKE_REFERRAL),
        },
    )


@permission_required(Permission.CHANGE_PERSON)
@require_http_methods(["GET", "POST"])
def edit(request, person_pk):
    actor = request.actor
    # Showing the form is a view of the person; a saved change is audited by update_person.
    action = audit.Action.VIEW if request.method == "GET" else None
    person = get_visible_or_404(
        Person.objects.visible_to(actor), actor, pk=person_pk, audit_action=action
    )
    form = PersonForm(
        request.POST if request.method == "POST" else None, initial=PersonForm.initial_from(person)
    )
    if form.is_valid():
        changed = form.changed_fields(person)
        update_person(person, by=actor, **form.person_details())
        if changed:
            messages.success(request, PERSON_UPDATED)
        else:
            messages.info(request, NOTHING_CHANGED)
        return redirect(person)
    if request.method == "POST":
        audit.record(actor, audit.Action.VIEW, person)
    return render(request, "people/edit.jinja", {"person": person, **_form_context(form)})


def _form_context(form: PersonForm) -> dict:
    """What the person form's template needs to render each field with its NHS.UK macro."""
    return {
        "form": form,
        "errors": error_list(form),
        "date_of_birth_items": date_items(form["date_of_birth"]),
        "nhs_number_status_items": choice_items(form["nhs_number_status"]),
        "contact_method_items": choice_items(form["preferred_contact_method"]),
        "interpreter_items": choice_items(form["interpreter_needed"]),
        "sex_items": choice_items(form["sex"]),
        "ethnicity_items": select_items(form["ethnicity"]),
        "disability_items": choice_items(form["disability"]),
    }
