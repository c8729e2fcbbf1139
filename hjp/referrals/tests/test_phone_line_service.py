"""log_phone_referral: a call to the advice line recorded as the caller and their referral."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hjp.consent.models import Consent, Method
from hjp.directory.models import Service
from hjp.factories import record_person
from hjp.people.models import Person
from hjp.referrals import services
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service

CALLER = {
    "given_name": "Joan",
    "family_name": "Pritchard",
    "date_of_birth": datetime.date(1948, 10, 9),
    "phone": "07700 900 123",
}


@pytest.fixture
def service(world) -> Service:
    return advice_service(world, name="Advice line")


def log_call(world, service, *, role: str = "adviser", person=None, **changes) -> Referral:
    details = {
        "service": service,
        "advice_areas": ["welfare_benefits"],
        "reason_text": "Caring for her husband, never claimed Attendance Allowance.",
        **changes,
    }
    return services.log_phone_referral(
        by=world.actor(role), person=person, person_details=CALLER, **details
    )


def callers() -> int:
    return Person.objects.filter(family_name="Pritchard").count()


def test_a_new_caller_and_their_referral_are_recorded_together(world, service):
    referral = log_call(world, service)

    person = Person.objects.get(family_name="Pritchard")
    assert referral.person == person
    assert (referral.channel, referral.from_organisation) == (Referral.Channel.PHONE_LINE, None)
    assert referral.to_organisation == world.advice
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.method) == ("referral", Method.VERBAL)


def test_a_caller_already_recorded_is_referred_without_recording_them_again(world, service):
    known = record_person(world, by=world.actor("adviser"), **CALLER)

    referral = log_call(world, service, person=known)

    assert referral.person == known
    assert callers() == 1


def test_a_refused_referral_leaves_no_caller_behind(world, service):
    service.capacity = Service.Capacity.PAUSED
    service.save()

    with pytest.raises(ReferralRefused):
        log_call(world, service)

    assert callers() == 0
    assert not Referral.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("role", ["referrer", "coordinator", "funder"])
def test_only_roles_with_the_phone_line_permission_can_log_a_call(world, service, role):
    with pytest.raises(PermissionDenied):
        log_call(world, service, role=role)

    assert callers() == 0
    assert not Referral.objects.exists()
