"""Sending a referral runs only the statements it needs (counted, never timed)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.factories import record_person
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service, referral_form_data


def sent_statements(world, login, **answers) -> list[str]:
    """The SQL of the POST that sends the referral ("Send referral" on the form)."""
    service = advice_service(world)
    person = record_person(world)
    client = login(world.user("referrer"))
    form_url = reverse("referrals:new_for_person", kwargs={"person_pk": person.pk})
    token = client.get(form_url).content.decode().split('name="draft" value="')[1].split('"')[0]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(form_url, {**referral_form_data(service, **answers), "draft": token})
    assert response.status_code == 302 and Referral.objects.count() == 1
    return [query["sql"] for query in queries.captured_queries]


def test_sending_locks_the_person_once_for_both_consent_decisions(world, login):
    statements = sent_statements(world, login, feedback_consent="yes")
    assert sum('MAX("consent_consent"."sequence")' in sql for sql in statements) == 1
    assert sum(sql.startswith('INSERT INTO "consent_consent" ') for sql in statements) == 2


def test_sending_opens_no_savepoint_for_nested_services(world, login):
    statements = sent_statements(world, login, feedback_consent="yes")
    savepoints = [sql for sql in statements if sql.startswith("SAVEPOINT")]
    # One for the service (the test itself runs in a transaction) and one for the session.
    assert len(savepoints) == 2, savepoints


def test_sending_reads_back_nothing_it_has_just_written(world, login):
    statements = sent_statements(world, login, feedback_consent="yes")
    consent_reads = [s for s in statements if s.startswith('SELECT "consent_consent"')]
    event_sequence = [
        s for s in statements if s.startswith('SELECT "referrals_referralevent"."sequence"')
    ]
    organisation_reads = [s for s in statements if 'FROM "partnerships_organisation"' in s]
    membership_reads = [s for s in statements if "accounts_membership" in s]
    assert (consent_reads, event_sequence, organisation_reads, membership_reads) == ([], [], [], [])
