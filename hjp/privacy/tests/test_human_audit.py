"""The audit pages speak of people by name and of referrals and cases by reference; a privacy
officer finds the events about a person without putting them in an address, filters by
reference, and exports a search as CSV, which is itself audited."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.factories import actor_for, record_person
from hjp.privacy.tests.test_views import SEARCH, events_table
from hjp.referrals.tests.factories import referral_for


def test_a_referral_is_shown_by_its_reference_and_about_its_person(
    world, login, privacy_officer, adviser
):
    referral = referral_for(world)
    audit.record(actor_for(adviser), audit.Action.VIEW, referral)
    table = events_table(login(privacy_officer).get(SEARCH))
    assert f"Referral {referral.reference}" in table
    assert f'About <a href="{reverse("audit:person", args=[referral.person_id])}">' in table
    assert referral.person.full_name in table


def test_the_names_cost_a_fixed_number_of_queries_whatever_the_page_holds(
    world, login, privacy_officer, adviser
):
    client = login(privacy_officer)

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEARCH).status_code == 200
        return len(captured)

    referral = referral_for(world)
    audit.record(actor_for(adviser), audit.Action.VIEW, referral)
    few = statements()
    for number in range(8):
        person = record_person(world, given_name=f"P{number}", family_name="Many")
        audit.record(actor_for(adviser), audit.Action.VIEW, person)
        audit.record(actor_for(adviser), audit.Action.VIEW, referral_for(world, person=person))
    assert statements() == few


def test_a_reference_filter_keeps_the_events_about_that_referral(
    world, login, privacy_officer, adviser
):
    first, second = referral_for(world), referral_for(world)
    audit.record(actor_for(adviser), audit.Action.VIEW, first)
    audit.record(actor_for(adviser), audit.Action.UPDATE, second)
    client = login(privacy_officer)
    table = events_table(client.get(SEARCH, {"reference": first.reference.lower()}))
    assert first.reference in table and second.reference not in table
    nothing = client.get(SEARCH, {"reference": "NO-SUCH-REF"})
    assert "No events found" in nothing.content.decode()


def test_finding_a_person_is_posted_and_only_finds_people_of_the_trail(
    world, other_world, login, privacy_officer, adviser
):
    ours = record_person(world, given_name="Amara", family_name="Quartey")
    theirs = record_person(other_world, given_name="Amos", family_name="Quartey")
    audit.record(actor_for(adviser), audit.Action.VIEW, ours)
    audit.record(actor_for(other_world.user("adviser")), audit.Action.VIEW, theirs)
    client = login(privacy_officer)
    url = reverse("audit:find_person")
    assert "Quartey" not in client.get(url, {"query": "Quartey"}).content.decode()
    page = client.post(url, {"query": "quartey"}).content.decode()
    assert "Amara Quartey" in page and "Amos" not in page
    assert reverse("audit:person", args=[ours.pk]) in page
    found = AuditEvent.objects.about_person(ours.pk).filter(action="search", detail__page="audit")
    assert found.count() == 1
    empty = client.post(url, {"query": ""}).content.decode()
    assert "Enter a name, NHS number or date of birth" in empty


def test_who_accessed_a_record_opens_for_anyone_in_the_trail_and_no_one_else(
    world, other_world, login, privacy_officer, adviser
):
    person = record_person(world, given_name="Lena", family_name="Brook")
    client = login(privacy_officer)
    # Nobody in the partnerships has touched a record of the other partnership.
    stranger = record_person(other_world, given_name="Ola", family_name="Field")
    assert client.get(reverse("audit:person", args=[stranger.pk])).status_code == 404
    audit.record(actor_for(adviser), audit.Action.VIEW, person)
    page = client.get(reverse("audit:person", args=[person.pk])).content.decode()
    assert "Lena Brook" in page


def test_the_person_page_links_a_privacy_officer_to_who_accessed_it(
    world, login, privacy_officer, referrer
):
    person = record_person(world, given_name="Lena", family_name="Brook")
    link = reverse("audit:person", args=[person.pk])
    assert link not in login(referrer).get(person.get_absolute_url()).content.decode()
    officer_page = login(privacy_officer).get(person.get_absolute_url())
    assert officer_page.status_code == 200
    assert link in officer_page.content.decode()


def test_a_search_exports_as_csv_with_every_page_and_the_export_is_audited(
    world, login, privacy_officer, adviser
):
    person = record_person(world, given_name="Nia", family_name="Cole")
    for _ in range(30):
        audit.record(actor_for(adviser), audit.Action.VIEW, person)
    about = AuditEvent.objects.filter(person_id=person.pk).count()
    client = login(privacy_officer)
    response = client.get(reverse("audit:export"), {"person": str(person.pk)})
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UTC)", "User", "Role"]
    assert len(rows) == 1 + about  # every page, not the first twenty
    viewed = [row for row in rows[1:] if row[4] == "Viewed"]
    assert len(viewed) == 30
    assert all(row[5] == "Person: Nia Cole" and row[6] == "Nia Cole" for row in viewed)
    export = AuditEvent.objects.get(action="export", actor=privacy_officer)
    assert export.detail == {"filters": ["person_id"], "format": "csv"}
    assert "Nia" not in str(export.detail)


def test_only_a_privacy_officer_may_export(world, login, coordinator):
    assert login(coordinator).get(reverse("audit:export")).status_code == 403


def test_a_name_that_looks_like_a_formula_is_exported_as_text(
    world, login, privacy_officer, adviser
):
    person = record_person(world, given_name='=HYPERLINK("x")', family_name="Cole")
    audit.record(actor_for(adviser), audit.Action.VIEW, person)
    response = login(privacy_officer).get(reverse("audit:export"), {"person": str(person.pk)})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = {row[6] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("x") Cole'}
