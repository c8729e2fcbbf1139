"""Evidence requests for tests, made through the real services.

case = accepted_case(world)                   # referral accepted, case open, consent given
request = evidence_request(world, case=case)  # a supporting letter, sent to the practice
provide(world, request)                       # the practice's clinician answers it
"""

import datetime

from django.utils import timezone

from hjp.consent.services import record_consent
from hjp.core.working_days import add_working_days
from hjp.evidence.services import (
    Attestation,
    EvidenceAsk,
    EvidenceGiven,
    provide_evidence,
    request_evidence,
)
from hjp.factories import PartnershipWorld
from hjp.referrals.services import accept_referral
from hjp.referrals.tests.factories import referral_for


def give_health_information_consent(world: PartnershipWorld, person, organisations=None):
    return record_consent(
        person,
        by=world.actor("adviser"),
        purpose="health_information",
        method="written",
        organisations=organisations or [world.advice, world.practice],
    )


def accepted_case(world: PartnershipWorld, *, health_consent: bool = True, **referral_kwargs):
    referral = accept_referral(referral_for(world, **referral_kwargs), by=world.actor("adviser"))
    if health_consent:
        give_health_information_consent(world, referral.person)
    return referral.case


def an_ask(world: PartnershipWorld, **fields) -> EvidenceAsk:
    fields.setdefault("to_organisation", world.practice)
    fields.setdefault("kind", "supporting_letter")
    fields.setdefault("purpose", "Mandatory reconsideration of a PIP decision")
    fields.setdefault("questions", ["How does the condition affect daily life?"])
    fields.setdefault("due_on", add_working_days(timezone.localdate(), 10))
    return EvidenceAsk(**fields)


def evidence_request(world: PartnershipWorld, *, case=None, send: bool = True, **fields):
    case = case or accepted_case(world)
    return request_evidence(
        case.issues.first(), by=world.actor("adviser"), ask=an_ask(world, **fields), send=send
    )


def attestation(**fields) -> Attestation:
    fields.setdefault("name", "Dr Asha Patel")
    fields.setdefault("role", "gp")
    fields.setdefault("register", "gmc")
    fields.setdefault("registration_number", "7012345")
    fields.setdefault("confirmed", True)
    return Attestation(**fields)


def provide(world: PartnershipWorld, request, *, answers=None, **given):
    return provide_evidence(
        request,
        by=world.actor("referrer"),
        given=EvidenceGiven(
            answers=answers or ["Severe pain limits walking to 20 metres."], **given
        ),
        attestation=attestation(),
    )


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)
