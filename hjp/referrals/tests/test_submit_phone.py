"""Logging a referral taken on the advice line."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from hjp.consent.models import Consent
from hjp.factories import record_person, synthetic_nhs_number
from hjp.people.models import Person
from hjp.referrals.forms import SHARE_CONSENT_REFUSED
from hjp.referrals.models import Referral
from hjp.referrals.phone_forms import CALLER_MATCH_REQUIRED
from hjp.referrals.tests.factories import advice_service, health_service

PHONE_URL = reverse("referrals:phone")


@pytest.fixture
def service(world):
    return advice_service(world, name="Advice line")


def page(response) -> str:
    return unescape(response.content.decode())


def error_summary(response) -> str:
    html = page(response)
    start = html.index('class="nhsuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def call(service, **overrides) -> dict:
    data = {
        "given_name": "Joan",
        "family_name": "Pritchard",
        "date_of_birth_day": "9",
        "date_of_birth_month": "10",
        "date_of_birth_year": "1948",
        "phone": "07700 900 123",
        "service": str(service.pk),
        "advice_areas": ["welfare_benefits"],
        "advice_topics": ["attendance_allowance"],
        "reason_text": "Caring for her husband, never claimed Attendance Allowance.",
        "urgency": "routine",
        "verbal_consent": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_call_is_logged_as_a_phone_line_referral_in_the_services_own_inbox(world, service, login):
    response = login(world.user("adviser")).post(PHONE_URL, call(service))

    referral = Referral.objects.get()
    assert response["Location"] == reverse(
        "referrals:confirmation", kwargs={"referral_pk": referral.pk}
    )
    assert referral.channel == Referral.Channel.PHONE_LINE
    assert referral.from_organisation is None
    assert referral.to_organisation == world.advice
    assert referral.status == Referral.Status.REQUESTED
    assert Referral.objects.received_by(world.advice.pk).open().get() == referral
    person = referral.person
    assert (person.given_name, person.family_name, person.phone) == (
        "Joan",
        "Pritchard",
        "07700 900 123",
    )
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.method) == ("referral", "verbal")


def test_the_taking_service_sees_the_phone_line_confirmation(world, service, login):
    client = login(world.user("supervisor"))

    confirmation = client.get(client.post(PHONE_URL, call(service))["Location"])

    assert confirmation.status_code == 200
    assert "Phone-line referral logged" in page(confirmation)
    assert Referral.objects.get().reference in page(confirmation)


def test_a_call_without_consent_records_nobody_and_nothing(world, service, login):
    for answer in ("no", None):
        response = login(world.user("adviser")).post(
            PHONE_URL, call(service, verbal_consent=answer)
        )

        assert response.status_code == 200
        assert "There is a problem" in page(response)
    assert SHARE_CONSENT_REFUSED in error_summary(
        login(world.user("adviser")).post(PHONE_URL, call(service, verbal_consent="no"))
    )
    assert not Person.objects.filter(family_name="Pritchard").exists()
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()


def test_only_the_advisers_own_advice_services_can_take_a_call(world, other_world, login):
    advice_service(world, name="Advice line")
    gp_review = health_service(world)
    elsewhere = advice_service(other_world, name="Southern line")
    client = login(world.user("adviser"))

    html = page(client.get(PHONE_URL))
    refused = [client.post(PHONE_URL, call(s)) for s in (gp_review, elsewhere)]

    assert "Advice line" in html
    assert "Southern line" not in html
    assert all(r.status_code == 200 for r in refused)
    assert not Referral.objects.exists()


def test_a_caller_already_recorded_is_offered_and_can_be_reused(world, service, login):
    number = synthetic_nhs_number()
    known = record_person(
        world,
        by=world.actor("adviser"),
        given_name="Joan",
        family_name="Pritchard",
        nhs_number=number,
    )
    client = login(world.user("adviser"))

    offered = client.post(PHONE_URL, call(service, nhs_number=number))
    assert offered.status_code == 200
    assert "The caller may already be recorded" in page(offered)
    assert f'value="{known.pk}"' in page(offered)
    assert not Referral.objects.exists()

    unanswered = client.post(PHONE_URL, call(service, nhs_number=number, matches_shown="yes"))
    assert CALLER_MATCH_REQUIRED in error_summary(unanswered)

    client.post(
        PHONE_URL,
        call(service, nhs_number=number, matches_shown="yes", existing_person=str(known.pk)),
    )
    assert Referral.objects.get().person == known
    assert Person.objects.filter(family_name="Pritchard").count() == 1


def test_a_caller_who_is_not_the_match_is_recorded_as_new(world, service, login):
    record_person(
        world,
        by=world.actor("adviser"),
        given_name="Joan",
        family_name="Pritchard",
        date_of_birth=datetime.date(1948, 10, 9),
    )

    login(world.user("adviser")).post(
        PHONE_URL, call(service, matches_shown="yes", existing_person="new")
    )

    assert Person.objects.filter(family_name="Pritchard").count() == 2
    assert Referral.objects.get().channel == Referral.Channel.PHONE_LINE


def test_referrers_cannot_log_phone_line_referrals(world, login):
    assert login(world.user("referrer")).get(PHONE_URL).status_code == 403
