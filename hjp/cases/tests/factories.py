"""Cases for tests, made the way the platform makes them.

from hjp.cases.tests.factories import case_from_referral

case = case_from_referral(world)                          # accepted by the supervisor
case = case_from_referral(world, adviser=world.user("adviser"), feedback_consent=True)
"""

from hjp.cases.models import Case
from hjp.factories import PartnershipWorld, record_person
from hjp.referrals import services as referrals
from hjp.referrals.tests.factories import advice_service, referral_for


def case_from_referral(
    world: PartnershipWorld,
    *,
    person=None,
    adviser=None,
    feedback_consent: bool = False,
    given_name: str = "Maryam",
    family_name: str = "Okafor",
) -> Case:
    """A referral from the world's GP practice accepted by its advice service, and its case."""
    person = person or record_person(world, given_name=given_name, family_name=family_name)
    referral = referral_for(
        world, person=person, service=advice_service(world), feedback_consent=feedback_consent
    )
    referrals.accept_referral(
        referral, by=world.actor("supervisor"), adviser=adviser or world.user("adviser")
    )
    return Case.objects.select_related("person", "referral").get(referral=referral)
