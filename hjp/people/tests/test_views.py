"""The people pages: search, add, the person page and the edit form."""

import datetime
import json
from html import unescape

import pytest
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.services import record_consent
from hjp.core.validators import POSTCODE_INVALID
from hjp.factories import OrganisationFactory, actor_for, record_person, synthetic_nhs_number
from hjp.partnerships.models import PartnershipMember
from hjp.people.forms import (
    CONFIRM_NOT_DUPLICATE,
    DATE_OF_BIRTH_FUTURE,
    EMAIL_INVALID,
    FAMILY_NAME_REQUIRED,
    GIVEN_NAME_REQUIRED,
    SEARCH_TOO_LONG,
)
from hjp.people.models import Person, PersonShare
from hjp.people.services import share_person
from hjp.people.validators import NHS_NUMBER_INVALID
from hjp.people.views import PERSON_ADDED


def page(response) -> str:
    return unescape(response.content.decode())


def error_summary(response) -> str:
    html = page(response)
    start = html.index('class="nhsuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def events_since(sequence: int):
    return AuditEvent.objects.filter(sequence__gt=sequence)


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def search(client, query: str):
    response = client.post(reverse("people:list"), {"q": query})
    assert response.status_code == 302
    return client.get(response["Location"])


def person_form(**overrides) -> dict:
    data = {
        "given_name": "Maryam",
        "family_name": "Okafor",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "1980",
        "nhs_number": "",
        "nhs_number_status": "unverified",
        "preferred_language": "English",
        "interpreter_needed": "no",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def okafor(world):
    return record_person(
        world,
        given_name="Maryam",
        family_name="Okafor",
        date_of_birth=datetime.date(1980, 5, 17),
        nhs_number="9990000018",
        postcode="LS1 4AP",
    )


# Listing and searching


def test_the_list_says_so_when_nobody_has_been_recorded(world, referrer, login):
    response = login(referrer).get(reverse("people:list"))
    assert response.status_code == 200
    assert "No people yet" in page(response)


def test_the_list_shows_people_the_organisation_can_see(world, referrer, login, okafor):
    html = page(login(referrer).get(reverse("people:list")))
    assert "Maryam Okafor" in html
    assert "999 000 0018" in html
    assert okafor.get_absolute_url() in html


@pytest.mark.parametrize(
    "query",
    ["Okafor", "maryam okafor", "OKAF", "9990000018", "999 000 0018", "17/05/1980", "ls14ap"],
    ids=[
        "family name",
        "both names",
        "part of a name",
        "nhs number",
        "nhs number with spaces",
        "date of birth",
        "postcode in lower case",
    ],
)
def test_search_finds_a_person(world, referrer, login, okafor, query):
    record_person(
        world,
        given_name="Someone",
        family_name="Else",
        date_of_birth=datetime.date(1991, 2, 3),
        postcode="M1 1AE",
    )
    html = page(search(login(referrer), query))
    assert "Maryam Okafor" in html
    assert "Someone Else" not in html


def test_search_never_shows_another_partnerships_people(world, other_world, referrer, login):
    record_person(other_world, given_name="Hidden", family_name="Okafor", nhs_number="9990000018")
    client = login(referrer)
    for query in ["Okafor", "999 000 0018"]:
        html = page(search(client, query))
        assert "Hidden" not in html
        assert "No people found" in html
    assert "Hidden" not in page(client.get(reverse("people:list")))


def test_what_was_searched_for_never_appears_in_a_url(world, referrer, login, okafor):
    client = login(referrer)
    response = client.post(reverse("people:list"), {"q": "Okafor 17/05/1980"})
    assert "okafor" not in response["Location"].lower()
    assert "1980" not in response["Location"]


def test_a_search_in_the_address_is_refused_not_run(world, referrer, login, okafor):
    client = login(referrer)
    before = last_sequence()
    bookmarked = client.get(reverse("people:list") + "?q=Okafor")
    assert bookmarked.status_code == 302
    assert bookmarked["Location"] == reverse("people:list")
    assert not AuditEvent.objects.filter(sequence__gt=before, action="search").exists()
    assert "never goes in the page address" in page(client.get(bookmarked["Location"]))


def test_a_search_writes_one_search_event_naming_each_person_shown_and_not_the_query(
    world, referrer, login, okafor
):
    sister = record_person(world, given_name="Ada", family_name="Okafor")
    record_person(world, given_name="Not", family_name="Shown")
    before = last_sequence()
    search(login(referrer), "Okafor")
    events = events_since(before)
    assert [e.action for e in events] == ["search"]
    assert sorted(events[0].detail["people"]) == sorted([str(okafor.pk), str(sister.pk)])
    assert sorted(events[0].detail["shown"]) == sorted([str(okafor.pk), str(sister.pk)])
    assert "okafor" not in json.dumps([e.detail for e in events]).lower()


def test_a_funder_cannot_open_the_people_pages(world, funder, login, okafor):
    client = login(funder)
    for url in [
        reverse("people:list"),
        reverse("people:add"),
        reverse("people:detail", args=[okafor.pk]),
        reverse("people:edit", args=[okafor.pk]),
    ]:
        assert client.get(url).status_code == 403, url


def test_another_partnerships_staff_get_404_for_a_person(world, other_world, login, okafor):
    client = login(other_world.user("referrer"))
    for url in [
        reverse("people:detail", args=[okafor.pk]),
        reverse("people:edit", args=[okafor.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("people:edit", args=[okafor.pk]), person_form()).status_code == 404
    okafor.refresh_from_db()
    assert okafor.family_name == "Okafor"


# Adding a person


def test_adding_a_person_with_mistakes_lists_them_all_and_saves_nothing(world, referrer, login):
    response = login(referrer).post(
        reverse("people:add"),
        person_form(
            given_name="",
            family_name="",
            date_of_birth_year=str(datetime.date.today().year + 1),
            nhs_number="999 000 0019",
            postcode="LS1",
        ),
    )
    assert response.status_code == 200
    summary = error_summary(response)
    for message in [
        GIVEN_NAME_REQUIRED,
        FAMILY_NAME_REQUIRED,
        DATE_OF_BIRTH_FUTURE,
        NHS_NUMBER_INVALID,
        POSTCODE_INVALID,
    ]:
        assert message in summary
    assert 'href="#id_nhs_number"' in summary
    assert Person.objects.count() == 0


def test_an_empty_add_person_form_shows_what_to_enter(world, referrer, login):
    response = login(referrer).post(reverse("people:add"), {})
    assert "Enter their first name" in error_summary(response)
    assert "Enter date of birth" in error_summary(response)
    assert Person.objects.count() == 0


def test_adding_a_person_tidies_the_nhs_number_and_postcode_then_shows_their_page(
    world, referrer, login
):
    number = synthetic_nhs_number()
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    client = login(referrer)
    response = client.post(
        reverse("people:add"),
        person_form(nhs_number=spaced, postcode="ls14ap", sex="prefer_not_to_say"),
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert (person.nhs_number, person.postcode, person.sex) == (
        number,
        "LS1 4AP",
        "prefer_not_to_say",
    )
    assert PERSON_ADDED in page(client.get(response["Location"]))


def test_the_confirmation_after_adding_a_person_keeps_their_name_out_of_cookies(
    world, referrer, login
):
    response = login(referrer).post(reverse("people:add"), person_form(family_name="Zebedee"))
    assert response.status_code == 302
    assert all("Zebedee" not in morsel.value for morsel in response.cookies.values())


def test_a_possible_duplicate_stops_the_add_until_the_user_confirms(world, referrer, login, okafor):
    client = login(referrer)
    data = person_form(given_name="Mary", family_name="okafor")

    first = client.post(reverse("people:add"), data)
    html = page(first)
    assert "This person may already be recorded" in html
    assert okafor.get_absolute_url() in html
    assert "None of these is the same person" in html
    assert 'class="nhsuk-error-summary"' not in html
    assert Person.objects.count() == 1

    unticked = client.post(reverse("people:add"), {**data, "duplicates_shown": "yes"})
    assert CONFIRM_NOT_DUPLICATE in error_summary(unticked)
    assert Person.objects.count() == 1

    confirmed = client.post(
        reverse("people:add"), {**data, "duplicates_shown": "yes", "not_a_duplicate": "on"}
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_the_same_nhs_number_is_a_possible_duplicate(world, referrer, login, okafor):
    response = login(referrer).post(
        reverse("people:add"),
        person_form(given_name="Someone", family_name="Different", nhs_number="999 000 0018"),
    )
    assert "This person may already be recorded" in page(response)
    assert Person.objects.count() == 1


def test_possible_duplicates_only_come_from_people_the_user_can_see(
    world, other_world, referrer, login
):
    record_person(other_world, given_name="Hidden", family_name="Okafor", nhs_number="9990000018")
    response = login(referrer).post(reverse("people:add"), person_form(nhs_number="9990000018"))
    assert response.status_code == 302
    assert Person.objects.filter(given_name="Hidden").count() == 1


# The person page


def test_viewing_a_person_writes_exactly_one_audit_event(world, referrer, login, okafor):
    before = last_sequence()
    response = login(referrer).get(okafor.get_absolute_url())
    assert response.status_code == 200
    event = events_since(before).get()
    assert (event.action, event.person_id, event.actor_id) == ("view", okafor.pk, referrer.pk)


def test_the_person_page_shows_each_section(world, referrer, login):
    person = record_person(
        world,
        given_name="Maryam",
        family_name="Okafor",
        phone="0113 496 0000",
        safe_contact_instructions="Do not leave voicemail",
        preferred_language="Somali",
        interpreter_needed=True,
        ethnicity="black_african",
    )
    html = page(login(referrer).get(person.get_absolute_url()))
    for text in [
        "Identity",
        "Contact and safe contact",
        "Language and access needs",
        "Equality monitoring",
        "0113 496 0000",
        "Check before contacting them",
        "Do not leave voicemail",
        "Somali",
        "Black or Black British: African",
        "Recorded the person",
    ]:
        assert text in html, text


def test_the_person_page_shows_only_this_organisations_consents_and_shares(world, adviser, login):
    hospital = OrganisationFactory(name="North Hospital")
    PartnershipMember.objects.create(
        partnership=world.partnership,
        organisation=hospital,
        part=PartnershipMember.Part.REFERRER,
        joined_on=datetime.date(2024, 1, 1),
    )
    person = record_person(world)
    share_person(
        person,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    referrer = world.user("referrer")
    for purpose, organisation in [("referral", world.advice), ("evaluation", hospital)]:
        record_consent(
            person,
            by=actor_for(referrer),
            purpose=purpose,
            method="verbal",
            organisations=[organisation],
        )

    html = page(login(adviser).get(person.get_absolute_url()))
    assert "Share referral details with the advice organisation" in html
    assert "Use de-identified data in evaluation" not in html
    assert "Referral, since" in html
    assert "Recorded the person" not in html


def test_the_person_page_offers_record_and_withdraw_to_care_staff_only(
    world, referrer, privacy_officer, login, okafor
):
    record_consent(
        okafor,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )
    staff = page(login(referrer).get(okafor.get_absolute_url()))
    assert reverse("consent:record", args=[okafor.pk]) in staff
    assert ">Withdraw<" in staff
    officer = page(login(privacy_officer).get(okafor.get_absolute_url()))
    assert "In force" in officer
    assert reverse("consent:record", args=[okafor.pk]) not in officer
    assert ">Withdraw<" not in officer
    assert reverse("people:edit", args=[okafor.pk]) not in officer


# Changing a person


def test_opening_the_edit_form_is_one_view_of_the_person(world, referrer, login, okafor):
    before = last_sequence()
    response = login(referrer).get(reverse("people:edit", args=[okafor.pk]))
    assert response.status_code == 200
    assert 'value="999 000 0018"' in page(response)
    event = events_since(before).get()
    assert (event.action, event.person_id) == ("view", okafor.pk)


def test_a_change_is_audited_by_field_name_and_never_by_value(world, referrer, login, okafor):
    before = last_sequence()
    response = login(referrer).post(
        reverse("people:edit", args=[okafor.pk]),
        person_form(
            family_name="Okafor-Bello",
            phone="07700 900982",
            nhs_number="999 000 0018",
            postcode="LS1 4AP",
        ),
    )
    assert response.status_code == 302
    okafor.refresh_from_db()
    assert (okafor.family_name, okafor.phone) == ("Okafor-Bello", "07700 900982")
    event = events_since(before).get()
    assert (event.action, event.person_id) == ("update", okafor.pk)
    assert event.detail == {"fields": ["family_name", "phone"]}
    trail = json.dumps(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert "Bello" not in trail
    assert "07700" not in trail


def test_a_change_with_mistakes_saves_nothing_and_shows_the_errors(world, referrer, login, okafor):
    response = login(referrer).post(
        reverse("people:edit", args=[okafor.pk]),
        person_form(family_name="Changed", email="not an email"),
    )
    assert response.status_code == 200
    assert EMAIL_INVALID in error_summary(response)
    okafor.refresh_from_db()
    assert okafor.family_name == "Okafor"


def test_saving_without_changes_writes_no_update_event(world, referrer, login, okafor):
    before = last_sequence()
    response = login(referrer).post(
        reverse("people:edit", args=[okafor.pk]),
        person_form(nhs_number="9990000018", postcode="LS1 4AP"),
    )
    assert response.status_code == 302
    assert not events_since(before).filter(action="update").exists()


def test_a_preferred_contact_method_needs_its_details(world, referrer, login):
    response = login(referrer).post(
        reverse("people:add"), person_form(preferred_contact_method="email")
    )
    assert "Enter an email address, or choose another way to contact them" in error_summary(
        response
    )
    assert Person.objects.count() == 0


def test_a_search_that_is_too_long_is_explained(world, referrer, login):
    response = login(referrer).post(reverse("people:list"), {"q": "x" * 101})
    assert response.status_code == 200
    assert SEARCH_TOO_LONG in error_summary(response)


def test_search_results_are_paged_without_the_search_in_the_links(world, referrer, login):
    for number in range(26):
        record_person(world, given_name=f"Person{number:02d}", family_name="Okafor")
    client = login(referrer)
    first = page(search(client, "Okafor"))
    assert "26 results" in first
    next_link = first.split('class="nhsuk-pagination__link nhsuk-pagination__link--next" href="')[1]
    next_url = unescape(next_link.split('"')[0])
    assert "after=" in next_url
    assert "search=" in next_url
    assert "Okafor" not in next_url
    second = page(client.get(reverse("people:list") + next_url))
    assert "26 results" in second
    assert second.count("Person25 Okafor") == 1 and "Person00 Okafor" not in second
    assert "Back to the first page" in second
