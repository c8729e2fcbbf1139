"""submit_self_referral: a patient's own request, recorded all or nothing with no staff user."""

import datetime

import pytest

from hjp.accounts.actor import Actor
from hjp.consent.models import Consent
from hjp.directory.models import Service
from hjp.people.models import Person
from hjp.referrals import services
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.tests.factories import advice_service


def details(**changes) -> dict:
    values = {
        "given_name": "Jo",
        "family_name": "Bailey",
        "date_of_birth": datetime.date(1968, 11, 30),
        "phone": "",
        "email": "jo@example.org",
        "safe_to_leave_message": True,
        "advice_areas": ["housing"],
        "reason_text": "My landlord has served notice.",
        "deadlines": [
            services.Deadline(kind="possession_hearing", due_on=datetime.date(2099, 1, 4))
        ],
    }
    values.update(changes)
    return values


def stored() -> tuple[int, int, int]:
    return Person.objects.count(), Consent.objects.count(), Referral.objects.count()


@pytest.fixture
def service(world) -> Service:
    return advice_service(world, accepts_self_referrals=True)


def test_a_self_referral_is_recorded_without_a_staff_user(service, world):
    referral = services.submit_self_referral(
        by=Actor.public(service.organisation), service=service, **details()
    )

    person = referral.person
    assert person.created_by is None and person.created_by_organisation == world.advice
    assert person.preferred_contact_method == "email"
    assert person.safe_contact_instructions == services.SAFE_TO_LEAVE_MESSAGE
    assert referral.preferred_contact_method == "email"
    assert referral.channel == Referral.Channel.SELF_REFERRAL
    assert referral.direction == Referral.Direction.SELF
    assert referral.referral_consent.method == "digital"
    assert referral.referral_consent.recorded_by is None
    event = ReferralEvent.objects.get(referral=referral)
    assert event.kind == ReferralEvent.Kind.SUBMITTED
    assert event.actor is None and event.actor_organisation is None
    assert str(referral.earliest_deadline) == "2099-01-04"


def test_a_service_that_does_not_take_self_referrals_refuses_and_nothing_is_stored(service):
    service.accepts_self_referrals = False
    service.save()

    with pytest.raises(ReferralRefused) as refused:
        services.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **details()
        )

    assert str(refused.value) == services.SELF_REFERRALS_NOT_ACCEPTED.format(service=service.name)
    assert stored() == (0, 0, 0)


def test_a_paused_service_refuses_and_nothing_is_stored(service):
    service.capacity = Service.Capacity.PAUSED
    service.save()

    with pytest.raises(ReferralRefused) as refused:
        services.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **details()
        )

    assert str(refused.value) == services.SERVICE_NOT_TAKING_REFERRALS.format(service=service.name)
    assert stored() == (0, 0, 0)


def test_a_way_to_make_contact_is_required(service):
    with pytest.raises(ReferralRefused) as refused:
        services.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **details(email="")
        )

    assert str(refused.value) == services.SELF_REFERRAL_CONTACT_REQUIRED
    assert stored() == (0, 0, 0)


def test_no_advice_area_leaves_nothing_half_written(service):
    with pytest.raises(ReferralRefused):
        services.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **details(advice_areas=[])
        )

    assert stored() == (0, 0, 0)


def test_an_invalid_detail_leaves_nothing_half_written(service):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submit_self_referral(
            by=Actor.public(service.organisation), service=service, **details(postcode="NOWHERE")
        )

    assert stored() == (0, 0, 0)
