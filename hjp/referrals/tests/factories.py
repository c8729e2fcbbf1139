"""Services and referrals for tests, made through the real service functions where one exists.

Usage from any app's tests:

    from hjp.referrals.tests.factories import advice_service, health_service, referral_for

    service = advice_service(world)      # the advice centre's service, accepting referrals
    referral = referral_for(world)       # GP referrer -> advice service, consent given
    referral = referral_for(world, feedback_consent=True, urgency="urgent")
    back = referral_for(world, by=world.actor("adviser"), service=health_service(world))
"""

from datetime import date

import factory

from hjp.directory.models import Service
from hjp.factories import PartnershipWorld, actor_for, record_person
from hjp.partnerships.models import AdviceArea

DEFAULT_ADVICE_AREAS = [AdviceArea.WELFARE_BENEFITS.value, AdviceArea.DEBT.value]


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service row; pass `partnership` and `organisation` (or use the helpers below)."""

    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")
    kind = Service.Kind.ADVICE
    advice_areas = factory.LazyFunction(lambda: list(DEFAULT_ADVICE_AREAS))
    capacity = Service.Capacity.ACCEPTING
    accepts_self_referrals = False


def advice_service(world: PartnershipWorld, **fields) -> Service:
    """An advice service of the world's advice organisation, accepting referrals by default."""
    fields.setdefault("name", f"{world.advice.name} welfare rights")
    fields.setdefault("advice_areas", _all_areas())
    fields.setdefault("organisation", world.advice)
    return ServiceFactory(partnership=world.partnership, kind=Service.Kind.ADVICE, **fields)


def health_service(world: PartnershipWorld, **fields) -> Service:
    """A health service of the world's practice (GP review by default), for advice→health."""
    fields.setdefault("name", f"{world.practice.name} GP review")
    fields.setdefault("health_team", Service.HealthTeam.GP_REVIEW)
    fields.setdefault("advice_areas", [])
    return ServiceFactory(
        partnership=world.partnership,
        organisation=world.practice,
        kind=Service.Kind.HEALTH,
        **fields,
    )


def _all_areas() -> list[str]:
    return [area.value for area in AdviceArea]


def referral_for(
    world: PartnershipWorld,
    *,
    person=None,
    by=None,
    service: Service | None = None,
    advice_areas: list[str] | None = None,
    reason_text: str = "Needs help with a benefits claim.",
    consent_method: str | None = "verbal",
    deadlines: list[tuple[str, date]] = (),
    **kwargs,
):
    """Send a referral with `submit_referral` (default: the world's referrer to its advice service).

    `deadlines` are (kind, due_on) pairs; other keyword arguments go to submit_referral
    (urgency, advice_topics, feedback_consent, channel, from_site, preferred_contact_method ...).
    """
    from hjp.referrals.services import Deadline, submit_referral

    by = actor_for(by) if by is not None else world.actor("referrer")
    person = person or record_person(world, by=by)
    service = service or advice_service(world)
    return submit_referral(
        person,
        by=by,
        service=service,
        advice_areas=list(advice_areas or DEFAULT_ADVICE_AREAS),
        reason_text=reason_text,
        consent_method=consent_method,
        deadlines=[Deadline(kind=kind, due_on=due_on) for kind, due_on in deadlines],
        **kwargs,
    )


def referral_form_data(service: Service, **overrides) -> dict:
    """A valid POST for the referral form (referrals:new_for_person); None drops a field."""
    data = {
        "service": str(service.pk),
        "advice_areas": ["welfare_benefits"],
        "advice_topics": ["pip"],
        "reason_text": "PIP was stopped after a reassessment and she cannot pay the rent.",
        "urgency": "routine",
        "share_consent": "yes",
        "consent_method": "verbal",
        "feedback_consent": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
