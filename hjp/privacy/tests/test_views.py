"""The privacy officer's audit pages: search, who accessed a person, integrity check."""

import datetime
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.factories import actor_for, record_person
from hjp.privacy.forms import DATE_RANGE_BACKWARDS

SEARCH = reverse("audit:search")
VERIFY = reverse("audit:verify")


def events_table(response) -> str:
    """The rendered events table alone (the filter form lists every action too), or ''."""
    page = response.content.decode()
    if "<table" not in page:
        return ""
    return page[page.index("<table") : page.index("</table>")]


def person_audit_url(person) -> str:
    return reverse("audit:person", kwargs={"person_pk": person.pk})


@pytest.fixture
def person(world, referrer):
    return record_person(world, given_name="Jordan", family_name="Whitlock")


# Access


@pytest.mark.parametrize(
    "role", ["referrer", "adviser", "supervisor", "coordinator", "funder", "admin"]
)
def test_only_a_privacy_officer_may_open_the_audit_pages(world, person, login, role):
    client = login(world.user(role))

    for url in (SEARCH, VERIFY, person_audit_url(person)):
        assert client.get(url).status_code == 403, url


def test_a_refused_look_at_the_audit_trail_is_itself_audited(world, login, referrer):
    login(referrer).get(SEARCH)

    refusal = AuditEvent.objects.newest_first().first()
    assert (refusal.actor, refusal.action, refusal.outcome) == (referrer, "denied", "denied")
    assert refusal.detail == {"permission": "audit.view", "view": "search"}


def test_someone_not_logged_in_is_sent_to_log_in(db, client):
    response = client.get(SEARCH)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# Search


def test_the_privacy_officer_sees_their_partnerships_events_newest_first(
    world, login, privacy_officer, adviser
):
    audit.record(
        actor_for(adviser),
        audit.Action.EXPORT,
        object_type="people.person",
        object_id="1234abcd-ffff",
    )
    audit.record(actor_for(adviser), audit.Action.DOWNLOAD)

    table = events_table(login(privacy_officer).get(SEARCH))

    assert "North Adviser" in table
    assert "North Advice Centre" in table
    assert table.index("Downloaded") < table.index("Exported")
    assert "Person 1234abcd" in table
    assert "1234abcd-ffff" not in table


def test_the_search_shows_who_when_outcome_and_request_id(world, login, privacy_officer, adviser):
    event = audit.record(actor_for(adviser), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    table = events_table(login(privacy_officer).get(SEARCH))

    assert "Adviser, North Advice Centre" in table
    assert "nhsuk-tag--red" in table
    assert event.request_id in table
    assert f"{timezone.localtime(event.occurred_at):%B %Y}" in table


def test_a_privacy_officer_never_sees_another_partnerships_events(
    world, other_world, login, privacy_officer
):
    audit.record(other_world.actor("adviser"), audit.Action.EXPORT)

    response = login(privacy_officer).get(SEARCH)

    assert "South" not in response.content.decode()
    assert "Exported" not in events_table(response)


def test_the_search_offers_only_users_of_the_partnerships_organisations(
    world, other_world, login, privacy_officer
):
    page = login(privacy_officer).get(SEARCH).content.decode()

    assert "North Funder" in page
    assert "South Funder" not in page


def test_filtering_by_user_shows_only_their_events(
    world, login, privacy_officer, adviser, referrer
):
    audit.record(actor_for(adviser), audit.Action.EXPORT)
    audit.record(actor_for(referrer), audit.Action.DOWNLOAD)

    table = events_table(login(privacy_officer).get(SEARCH, {"user": str(referrer.pk)}))

    assert "Downloaded" in table
    assert "Exported" not in table


def test_filtering_by_action_and_outcome(world, login, privacy_officer, adviser):
    audit.record(actor_for(adviser), audit.Action.EXPORT)
    audit.record(actor_for(adviser), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    client = login(privacy_officer)
    exports = events_table(client.get(SEARCH, {"action": "export"}))
    refusals = events_table(client.get(SEARCH, {"outcome": "denied"}))

    assert "Exported" in exports and "nhsuk-tag--red" not in exports
    assert "nhsuk-tag--red" in refusals and "Exported" not in refusals


def test_filtering_by_person_shows_only_events_about_them(
    world, login, privacy_officer, adviser, person
):
    audit.record(actor_for(adviser), audit.Action.EXPORT, person)
    audit.record(actor_for(adviser), audit.Action.DOWNLOAD)

    response = login(privacy_officer).get(SEARCH, {"person": str(person.pk)})

    assert "Exported" in events_table(response)
    assert "Downloaded" not in events_table(response)
    assert "Showing only events about one person" in response.content.decode()
    # The event names the person it was about, not an id.
    assert f"Person: {person.full_name}" in events_table(response)
    assert f"Person {str(person.pk)[:8]}" not in events_table(response)


def test_filtering_by_dates_keeps_events_within_the_range(world, login, privacy_officer, adviser):
    audit.record(actor_for(adviser), audit.Action.EXPORT)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    client = login(privacy_officer)

    def dated(prefix, day):
        return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}

    within = client.get(SEARCH, {**dated("date_from", today), **dated("date_to", today)})
    after = client.get(SEARCH, {**dated("date_from", tomorrow)})

    assert "Exported" in events_table(within)
    assert events_table(after) == ""
    assert "No events found" in after.content.decode()


def test_an_invalid_date_is_shown_as_an_error_and_lists_no_events(
    world, login, privacy_officer, adviser
):
    audit.record(actor_for(adviser), audit.Action.EXPORT)

    response = login(privacy_officer).get(
        SEARCH, {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"}
    )

    assert "There is a problem" in response.content.decode()
    assert "From must be a real date" in response.content.decode()
    assert events_table(response) == ""


def test_a_part_filled_date_says_what_is_missing(world, login, privacy_officer):
    page = login(privacy_officer).get(SEARCH, {"date_to_day": "1"}).content.decode()

    assert "To must include a day, month and year" in page
    assert "Enter a complete value" not in page


def test_a_to_date_before_the_from_date_is_an_error(world, login, privacy_officer):
    page = (
        login(privacy_officer)
        .get(
            SEARCH,
            {
                "date_from_day": "2",
                "date_from_month": "3",
                "date_from_year": "2026",
                "date_to_day": "1",
                "date_to_month": "3",
                "date_to_year": "2026",
            },
        )
        .content.decode()
    )

    assert "There is a problem" in page
    assert DATE_RANGE_BACKWARDS in page


def test_a_search_with_nothing_to_show_says_so(world, login, privacy_officer, other_world):
    page = login(privacy_officer).get(SEARCH, {"action": "export"}).content.decode()

    assert "No events found" in page


def test_the_search_pages_through_results(world, login, privacy_officer, adviser):
    for _ in range(30):
        audit.record(actor_for(adviser), audit.Action.EXPORT)
    client = login(privacy_officer)

    first = client.get(SEARCH, {"action": "export"}).content.decode()
    # The 25th newest export closes the first page; the five older ones follow it.
    boundary = AuditEvent.objects.filter(action="export").order_by("id")[5]
    response = client.get(SEARCH, {"action": "export", "after": str(boundary.pk)})
    second = response.content.decode()

    assert "30 results" in first
    assert f"?action=export&amp;after={boundary.pk}" in first
    assert "30 results" in second
    assert events_table(response).count("<tr") - 1 == 5
    assert "Back to the first page" in second


def test_each_search_is_audited_with_the_filter_names_but_not_their_values(
    world, login, privacy_officer, person
):
    login(privacy_officer).get(SEARCH, {"person": str(person.pk), "action": "view"})

    event = AuditEvent.objects.newest_first().first()
    assert (event.actor, event.action) == (privacy_officer, "search")
    assert event.detail == {"filters": ["action", "person_id"]}
    assert event.person_id is None


# Who accessed this person


def test_who_accessed_a_person_names_them_and_lists_everyone_who_did(
    world, login, privacy_officer, adviser, person
):
    audit.record(actor_for(adviser), audit.Action.VIEW, person)

    response = login(privacy_officer).get(person_audit_url(person))

    assert "Jordan Whitlock, born 17 May 1980" in response.content.decode()
    table = events_table(response)
    assert "North Adviser" in table
    assert "Viewed" in table
    assert "North Referrer" in table  # who recorded the person
    assert "Created" in table


def test_who_accessed_a_person_lists_a_referrers_view_of_them(
    world, login, privacy_officer, referrer, person
):
    audit.record(actor_for(referrer), audit.Action.VIEW, person)

    rows = events_table(login(privacy_officer).get(person_audit_url(person))).split("<tr")

    assert any("North Referrer" in row and "Viewed" in row for row in rows)


def test_who_accessed_a_person_lists_a_referrer_who_opened_their_page(
    world, login, privacy_officer, referrer, person
):
    # Depends on the person page (people:detail, GET /people/<person_pk>/).
    opened = login(referrer).get(reverse("people:detail", kwargs={"person_pk": person.pk}))
    assert opened.status_code == 200

    rows = events_table(login(privacy_officer).get(person_audit_url(person))).split("<tr")

    assert any("North Referrer" in row and "Viewed" in row for row in rows)


def test_who_accessed_a_person_leaves_out_events_about_other_people(
    world, login, privacy_officer, adviser, person
):
    someone_else = record_person(world, given_name="Sam", family_name="Other")
    audit.record(actor_for(adviser), audit.Action.EXPORT, someone_else)

    table = events_table(login(privacy_officer).get(person_audit_url(person)))

    assert "Created" in table
    assert "Exported" not in table


def test_opening_who_accessed_a_person_is_recorded_as_one_view_of_them(
    world, login, privacy_officer, person
):
    before = AuditEvent.objects.count()

    login(privacy_officer).get(person_audit_url(person))

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.newest_first().first()
    assert (event.actor, event.action, event.person_id) == (privacy_officer, "view", person.pk)


def test_a_privacy_officer_of_another_partnership_gets_404_for_a_person(
    world, other_world, login, person
):
    response = login(other_world.user("privacy_officer")).get(person_audit_url(person))

    assert response.status_code == 404
    assert "Whitlock" not in response.content.decode()
    refusal = AuditEvent.objects.newest_first().first()
    assert (refusal.action, refusal.outcome, refusal.object_id) == (
        "denied",
        "denied",
        str(person.pk),
    )


def test_a_person_who_does_not_exist_is_404(world, login, privacy_officer):
    response = login(privacy_officer).get(
        reverse("audit:person", kwargs={"person_pk": uuid.uuid4()})
    )

    assert response.status_code == 404


# Integrity


def test_the_integrity_page_reports_an_intact_trail(world, login, privacy_officer, adviser):
    for _ in range(3):
        audit.record(actor_for(adviser), audit.Action.EXPORT)

    page = login(privacy_officer).get(VERIFY).content.decode()

    assert "Audit trail intact: 3 events verified." in page


def test_the_integrity_page_warns_of_a_broken_trail(world, login, privacy_officer, adviser):
    for _ in range(3):
        audit.record(actor_for(adviser), audit.Action.EXPORT)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE sequence = %s", ["view", 2])

    page = login(privacy_officer).get(VERIFY).content.decode()

    assert "nhsuk-card--warning" in page
    assert "Audit trail broken at event #2" in page
    assert "intact:" not in page
