"""Referrers' and advisers' home pages, and the admin site staying away from personal data."""

import datetime
from html import unescape

import time_machine
from django.contrib import admin
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.models import Consent, ConsentScope
from hjp.consent.services import record_consent
from hjp.factories import actor_for, record_person
from hjp.people.home import advice_home, referrer_home
from hjp.people.models import Person, PersonShare
from hjp.people.services import share_person


def test_a_referrer_lands_on_search_add_and_counts(world, referrer, login):
    record_person(world)
    record_person(world, family_name="Second")
    html = unescape(login(referrer).get(reverse("core:home")).content.decode())
    assert "Find or refer a person" in html
    assert "Search for a person" in html
    assert 'action="/people/"' in html
    assert 'method="post"' in html
    assert "Add a patient" in html
    assert "2 patients" in html


def test_an_adviser_lands_on_the_advice_home_page(world, adviser, login):
    person = record_person(world)
    share_person(
        person, by=world.actor("adviser"), organisation=world.advice, reason=PersonShare.Reason.CASE
    )
    html = unescape(login(adviser).get(reverse("core:home")).content.decode())
    assert "Find a person" in html
    assert "1 client" in html
    assert "Add a client" in html


def test_home_counts_include_consents_due_for_renewal(world, referrer):
    person = record_person(world)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        for valid_until in [datetime.date(2026, 1, 20), datetime.date(2026, 6, 1)]:
            record_consent(
                person,
                by=actor_for(referrer),
                purpose="contact" if valid_until.month == 1 else "referral",
                method="verbal",
                organisations=[world.advice],
                valid_until=valid_until,
            )
        context = referrer_home(actor_for(referrer))
    assert context["people_count"] == 1
    assert context["renewals_due_count"] == 1


def test_home_counts_leave_out_other_partnerships(world, other_world, adviser):
    record_person(other_world)
    assert advice_home(actor_for(adviser))["people_count"] == 0


def test_home_page_counts_are_not_audited_as_reads_of_a_person(world, referrer, login):
    record_person(world)
    before = AuditEvent.objects.count()
    login(referrer).get(reverse("core:home"))
    assert not AuditEvent.objects.filter(sequence__gt=before, person_id__isnull=False).exists()


def test_the_admin_site_shows_no_person_level_data():
    for model in [Person, PersonShare, Consent, ConsentScope]:
        assert not admin.site.is_registered(model), model
