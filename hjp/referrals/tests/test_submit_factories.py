"""The shared test factories make real referrals through the services."""

from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import health_service, referral_for


def test_referral_for_sends_a_health_to_advice_referral_with_consent(world):
    referral = referral_for(world)

    assert referral.status == Referral.Status.REQUESTED
    assert referral.direction == Referral.Direction.HEALTH_TO_ADVICE
    assert referral.to_organisation == world.advice


def test_referral_for_can_send_an_advice_to_health_referral(world):
    referral = referral_for(world, by=world.actor("adviser"), service=health_service(world))

    assert referral.direction == Referral.Direction.ADVICE_TO_HEALTH
    assert referral.to_organisation == world.practice
