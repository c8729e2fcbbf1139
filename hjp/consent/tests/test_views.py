"""The consent pages: record, withdraw and the renewals list."""

import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.consent.forms import METHOD_REQUIRED, PURPOSE_REQUIRED
from hjp.consent.models import Consent
from hjp.consent.services import (
    CONSENT_SCOPE_REQUIRED,
    CONSENT_VALID_UNTIL_PAST,
    NOT_GIVEN_TO_WITHDRAW,
    InvalidConsent,
    record_consent,
    withdraw_consent,
)
from hjp.consent.views import CONSENT_RECORDED, NO_LONGER_VISIBLE
from hjp.factories import OrganisationFactory, actor_for, record_person
from hjp.people.models import PersonShare
from hjp.people.services import share_person

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today():
    noon = datetime.datetime.combine(TODAY, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def person(world):
    return record_person(world, given_name="Maryam", family_name="Okafor")


def page(response) -> str:
    return unescape(response.content.decode())


def error_summary(response) -> str:
    html = page(response)
    start = html.index('class="nhsuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def consent_form(world, **overrides) -> dict:
    data = {"purpose": "referral", "organisations": [str(world.advice.pk)], "method": "verbal"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def record_url(person) -> str:
    return reverse("consent:record", args=[person.pk])


# Recording consent


def test_the_record_form_offers_the_partnerships_organisations_but_not_funders_or_strangers(
    world, other_world, referrer, login, person
):
    OrganisationFactory(name="Unconnected Surgery")
    html = page(login(referrer).get(record_url(person)))
    assert world.advice.name in html
    assert world.practice.name in html
    assert world.funder.name not in html
    assert other_world.advice.name not in html
    assert "Unconnected Surgery" not in html
    assert "Share referral details with the advice organisation" in html


def test_recording_consent_saves_it_and_returns_to_the_person_page(world, referrer, login, person):
    client = login(referrer)
    response = client.post(
        record_url(person),
        consent_form(
            world,
            valid_until_day="1",
            valid_until_month="6",
            valid_until_year="2027",
            evidence_reference="DOC-123",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url() + "#consent"
    consent = Consent.objects.get()
    assert (consent.purpose, consent.method, consent.valid_until) == (
        "referral",
        "verbal",
        datetime.date(2027, 6, 1),
    )
    assert consent.evidence_reference == "DOC-123"
    assert [s.organisation for s in consent.scope.all()] == [world.advice]
    html = page(client.get(response["Location"]))
    assert CONSENT_RECORDED in html
    assert "In force" in html


def test_recording_consent_writes_one_audit_event(world, referrer, login, person):
    before = last_sequence()
    login(referrer).post(record_url(person), consent_form(world))
    event = AuditEvent.objects.get(sequence__gt=before)
    assert (event.action, event.person_id) == ("create", person.pk)
    assert event.detail == {"purpose": "referral", "decision": "given"}


def test_a_consent_without_organisations_is_refused_and_nothing_saved(
    world, referrer, login, person
):
    response = login(referrer).post(record_url(person), consent_form(world, organisations=None))
    assert response.status_code == 200
    assert CONSENT_SCOPE_REQUIRED in error_summary(response)
    assert 'href="#id_organisations"' in error_summary(response)
    assert Consent.objects.count() == 0


def test_a_consent_ending_in_the_past_is_refused_and_nothing_saved(world, referrer, login, person):
    response = login(referrer).post(
        record_url(person),
        consent_form(world, valid_until_day="21", valid_until_month="11", valid_until_year="2026"),
    )
    assert CONSENT_VALID_UNTIL_PAST in error_summary(response)
    assert Consent.objects.count() == 0


def test_an_empty_consent_form_says_what_is_missing(world, referrer, login, person):
    response = login(referrer).post(record_url(person), {})
    summary = error_summary(response)
    for message in [PURPOSE_REQUIRED, CONSENT_SCOPE_REQUIRED, METHOD_REQUIRED]:
        assert message in summary
    assert Consent.objects.count() == 0


def test_another_partnerships_organisation_cannot_be_put_in_scope(
    world, other_world, referrer, login, person
):
    response = login(referrer).post(
        record_url(person), consent_form(world, organisations=[str(other_world.advice.pk)])
    )
    assert CONSENT_SCOPE_REQUIRED in error_summary(response)
    assert Consent.objects.count() == 0


def test_a_failed_attempt_to_record_is_one_view_of_the_person(world, referrer, login, person):
    before = last_sequence()
    login(referrer).post(record_url(person), consent_form(world, method=None))
    event = AuditEvent.objects.get(sequence__gt=before)
    assert (event.action, event.person_id) == ("view", person.pk)


def test_other_partnerships_and_funders_cannot_reach_consent_pages(
    world, other_world, referrer, funder, login, person
):
    consent = record_consent(
        person,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )
    stranger = login(other_world.user("referrer"))
    assert stranger.get(record_url(person)).status_code == 404
    assert stranger.post(record_url(person), consent_form(world)).status_code == 404
    withdraw_url = reverse("consent:withdraw", args=[consent.pk])
    assert stranger.get(withdraw_url).status_code == 404
    assert stranger.post(withdraw_url, {"method": "verbal"}).status_code == 404
    for url in [record_url(person), withdraw_url, reverse("consent:renewals")]:
        assert login(funder).get(url).status_code == 403
    assert Consent.objects.count() == 1


# Withdrawing consent


def shared_with_advice(world, person) -> Consent:
    share_person(
        person,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    return record_consent(
        person,
        by=world.actor("referrer"),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )


def test_the_withdraw_page_asks_for_confirmation(world, referrer, login, person):
    consent = shared_with_advice(world, person)
    html = page(login(referrer).get(reverse("consent:withdraw", args=[consent.pk])))
    assert "Sharing stops straight away" in html
    assert "Withdraw consent" in html
    assert "In force" in html


def test_withdrawing_through_the_page_hides_the_person_from_the_adviser_at_once(
    world, referrer, adviser, login, person
):
    consent = shared_with_advice(world, person)
    advice = login(adviser)
    assert advice.get(person.get_absolute_url()).status_code == 200

    response = login(referrer).post(
        reverse("consent:withdraw", args=[consent.pk]), {"method": "written", "notes": "By letter"}
    )

    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url() + "#consent"
    assert advice.get(person.get_absolute_url()).status_code == 404
    assert Consent.objects.latest_first().first().decision == "withdrawn"


def test_an_adviser_who_withdraws_is_sent_back_to_the_list(world, adviser, login, person):
    consent = shared_with_advice(world, person)
    client = login(adviser)
    response = client.post(reverse("consent:withdraw", args=[consent.pk]), {"method": "verbal"})
    assert response["Location"] == reverse("people:list")
    assert NO_LONGER_VISIBLE in page(client.get(response["Location"]))


def test_withdrawing_needs_a_method_and_saves_nothing_without_it(world, referrer, login, person):
    consent = shared_with_advice(world, person)
    response = login(referrer).post(reverse("consent:withdraw", args=[consent.pk]), {})
    assert "Select how the person withdrew their consent" in error_summary(response)
    assert Consent.objects.count() == 1


def test_a_consent_not_in_force_cannot_be_withdrawn(world, referrer, login, person):
    consent = shared_with_advice(world, person)
    withdraw_consent(consent, by=actor_for(referrer), method="verbal")
    client = login(referrer)
    url = reverse("consent:withdraw", args=[consent.pk])
    shown = client.get(url)
    assert NOT_GIVEN_TO_WITHDRAW in error_summary(shown)
    assert 'name="method"' not in page(shown)
    posted = client.post(url, {"method": "verbal"})
    assert NOT_GIVEN_TO_WITHDRAW in error_summary(posted)
    assert Consent.objects.count() == 2


def test_an_expired_consent_cannot_be_withdrawn(world, referrer, login, person):
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        consent = record_consent(
            person,
            by=actor_for(referrer),
            purpose="contact",
            method="verbal",
            organisations=[world.practice],
            valid_until=datetime.date(2026, 2, 1),
        )
    response = login(referrer).get(reverse("consent:withdraw", args=[consent.pk]))
    assert NOT_GIVEN_TO_WITHDRAW in error_summary(response)
    assert "Expired" in page(response)


def test_opening_the_withdraw_page_is_one_view_of_the_person(world, referrer, login, person):
    consent = shared_with_advice(world, person)
    before = last_sequence()
    login(referrer).get(reverse("consent:withdraw", args=[consent.pk]))
    event = AuditEvent.objects.get(sequence__gt=before)
    assert (event.action, event.person_id) == ("view", person.pk)


# Renewals


def due(person, referrer, organisation, *, purpose: str, valid_until: datetime.date, at=None):
    moment = datetime.datetime.combine(at or TODAY, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(moment, tick=False):
        return record_consent(
            person,
            by=actor_for(referrer),
            purpose=purpose,
            method="verbal",
            organisations=[organisation],
            valid_until=valid_until,
        )


def test_the_renewals_list_shows_consents_expiring_soon_or_expired(world, referrer, login):
    soon = record_person(world, given_name="Soon", family_name="Expiring")
    gone = record_person(world, given_name="Already", family_name="Expired")
    later = record_person(world, given_name="Much", family_name="Later")
    renewed = record_person(world, given_name="Been", family_name="Renewed")
    due(
        soon, referrer, world.advice, purpose="referral", valid_until=TODAY + datetime.timedelta(10)
    )
    due(
        gone,
        referrer,
        world.advice,
        purpose="referral",
        valid_until=datetime.date(2026, 2, 1),
        at=datetime.date(2026, 1, 1),
    )
    due(
        later,
        referrer,
        world.advice,
        purpose="referral",
        valid_until=TODAY + datetime.timedelta(60),
    )
    due(
        renewed,
        referrer,
        world.advice,
        purpose="referral",
        valid_until=TODAY + datetime.timedelta(5),
    )
    due(
        renewed,
        referrer,
        world.advice,
        purpose="referral",
        valid_until=TODAY + datetime.timedelta(365),
    )

    html = page(login(referrer).get(reverse("consent:renewals")))
    assert "Soon Expiring" in html
    assert "Expires in 10 days" in html
    assert "Already Expired" in html
    assert "Much Later" not in html
    assert "Been Renewed" not in html
    assert html.index("Already Expired") < html.index("Soon Expiring")


def test_the_renewals_list_leaves_out_other_partnerships(world, other_world, referrer, login):
    stranger = record_person(other_world, given_name="Far", family_name="Away")
    due(
        stranger,
        other_world.user("referrer"),
        other_world.advice,
        purpose="referral",
        valid_until=TODAY + datetime.timedelta(3),
    )
    html = page(login(referrer).get(reverse("consent:renewals")))
    assert "Far Away" not in html
    assert "No consents due for renewal" in html


def test_the_renewals_list_audits_one_view_naming_each_consent_and_person_listed(
    world, referrer, login
):
    person = record_person(world)
    other = record_person(world)
    referral = due(person, referrer, world.advice, purpose="referral", valid_until=TODAY)
    contact = due(person, referrer, world.advice, purpose="contact", valid_until=TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    later = due(other, referrer, world.advice, purpose="referral", valid_until=tomorrow)
    before = last_sequence()
    login(referrer).get(reverse("consent:renewals"))
    events = list(AuditEvent.objects.filter(sequence__gt=before))
    assert [e.action for e in events] == ["view"]
    shown = [*sorted([referral.pk, contact.pk], key=str), later.pk]
    assert events[0].detail["shown"] == [str(pk) for pk in shown]
    assert events[0].detail["people"] == [str(person.pk), str(person.pk), str(other.pk)]
    assert list(AuditEvent.objects.filter(sequence__gt=before).about_person(other.pk)) == events


def test_a_refusal_from_the_consent_service_is_shown_in_the_error_summary(
    world, referrer, login, person, monkeypatch
):
    def refuse(*args, **kwargs):
        raise InvalidConsent("The consent could not be recorded")

    monkeypatch.setattr("hjp.consent.views.record_consent", refuse)
    response = login(referrer).post(record_url(person), consent_form(world))
    assert response.status_code == 200
    assert "The consent could not be recorded" in error_summary(response)
    assert Consent.objects.count() == 0
