"""A year of medical evidence requests between Kirkgate Advice Centre and the demo's practices
and hospice, written through the evidence services under the simulated clock: requests in every
state, with and without fees, an SR1 whose prognosis the person has not been told, a declined
one, one answered then clarified, one left to expire and recent ones still waiting.

Each request is asked at its planned moment of an open welfare-benefits case referred by the
health organisation asked (or any open welfare-benefits case when it referred none), after the
adviser records the person's consent to release health information to both organisations.
"""

import contextlib
import datetime
import random
from dataclasses import dataclass, field
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case
from hjp.consent.services import ConsentRequired, record_consent
from hjp.core.working_days import add_working_days
from hjp.demo.clock import Timeline, working_moment
from hjp.demo.world import DemoWorld, acting
from hjp.evidence.errors import EvidenceError
from hjp.evidence.kinds import questions_for
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.services import (
    Attestation,
    EvidenceAsk,
    EvidenceGiven,
    acknowledge_evidence_request,
    decline_evidence_request,
    expire_requests,
    provide_evidence,
    record_fee_paid,
    request_clarification,
    request_evidence,
    withdraw_evidence_request,
)
from hjp.evidence.status import TransitionRefused

ADVISER = ("Imran Siddiqui", "kirkgateadvice")
# Who answers for each health organisation asked, and how they attest.
CLINICIANS = {
    "chapelfold": ("Dr Priya Raman", "gp", "gmc", "7123456"),
    "meanwoodvalley": ("Gemma Walsh", "nurse", "nmc", "05A1234E"),
    "chevinedge": ("Ruth Bentley", "senior_specialist_nurse", "nmc", "98B7654C"),
}
RECORDS = b"%PDF-1.4\n% Demo copy of records: fictional, for the demonstration only.\n%%EOF\n"
ANSWERS = [
    "Diagnosed with fibromyalgia and depression in 2019; reviewed every three months.",
    "Pregabalin and sertraline; drowsiness in the mornings.",
    "Cannot stand long enough to cook a meal; needs prompting to wash and dress on bad days.",
]


@dataclass
class Plan:
    """One request: whom it asks, what for, when, and what happens next (working days after)."""

    health: str
    kind: str
    days_ago: int
    steps: list[tuple[int, str, dict]] = field(default_factory=list)
    descriptor_set: str = ""
    prognosis_not_disclosed: bool = False
    send: bool = True


PLANS = [
    Plan(
        "chapelfold",
        "supporting_letter",
        300,
        [(1, "acknowledge", {"fee": 3500}), (6, "provide", {}), (10, "fee_paid", {})],
    ),
    Plan("meanwoodvalley", "descriptor_report", 260, [(8, "provide", {})], descriptor_set="pip"),
    Plan(
        "chapelfold",
        "supporting_letter",
        220,
        [(3, "decline", {"reason": "fee_not_agreed", "note": "Our fee is £60."})],
    ),
    Plan("chevinedge", "sr1", 200, [(1, "provide", {"sr1": True})], prognosis_not_disclosed=True),
    Plan("chapelfold", "records_copy", 180, [(9, "provide", {"records": True})]),
    Plan("meanwoodvalley", "debt_mental_health", 150, [(5, "provide", {})]),
    Plan(
        "chapelfold",
        "supporting_letter",
        120,
        [(4, "provide", {}), (6, "clarify", {}), (9, "provide", {})],
    ),
    Plan("meanwoodvalley", "supporting_letter", 100, [(2, "withdraw", {})]),
    Plan("chapelfold", "descriptor_report", 90, [(25, "expire", {})], descriptor_set="wca"),
    Plan("chapelfold", "supporting_letter", 40, [(3, "provide", {}), (5, "fee_paid_waived", {})]),
    Plan("chapelfold", "supporting_letter", 30, [(3, "provide", {}), (5, "clarify", {})]),
    Plan("meanwoodvalley", "supporting_letter", 24, [(2, "provide", {}), (4, "clarify", {})]),
    Plan("chapelfold", "debt_mental_health", 16, [(1, "provide", {}), (2, "clarify", {})]),
    Plan("chevinedge", "sr1", 12, [(1, "acknowledge", {})]),
    Plan("chapelfold", "supporting_letter", 6, []),
    Plan("meanwoodvalley", "descriptor_report", 3, [], descriptor_set="pip"),
    Plan("chapelfold", "supporting_letter", 2, [], send=False),
]


def schedule_evidence(world: DemoWorld, timeline: Timeline, rng: random.Random) -> None:
    """Plan every request and its later steps on the timeline (later ones are cut at now)."""
    now = timezone.now()
    made: dict[int, EvidenceRequest] = {}
    for index, plan in enumerate(PLANS):
        asked_at = working_moment(rng, now - datetime.timedelta(days=plan.days_ago))
        timeline.at(asked_at, partial(_ask, world, plan, index, made, rng))
        for days, action, options in plan.steps:
            moment = working_moment(rng, asked_at, days)
            timeline.at(moment, partial(_step, world, plan, index, made, action, options))


def _case_for(world: DemoWorld, health: str, rng: random.Random) -> Case | None:
    open_cases = Case.objects.filter(
        organisation=world.organisations["kirkgateadvice"],
        status=Case.Status.OPEN,
        issues__advice_area="welfare_benefits",
        evidence_requests__isnull=True,
    ).distinct()
    referred = list(
        open_cases.filter(referral__from_organisation=world.organisations[health]).order_by("pk")
    )
    choices = referred or list(open_cases.order_by("pk")[:20])
    return rng.choice(choices) if choices else None


def _ask(world, plan: Plan, index: int, made: dict, rng: random.Random) -> None:
    case = _case_for(world, plan.health, rng)
    if case is None:
        return
    adviser = acting(world, *ADVISER)
    health = world.organisations[plan.health]
    record_consent(
        case.person,
        by=adviser,
        purpose="health_information",
        method="written",
        organisations=[world.organisations["kirkgateadvice"], health],
        evidence_reference="Signed authority on the case file",
    )
    issue = case.issues.filter(advice_area="welfare_benefits").first()
    ask = EvidenceAsk(
        to_organisation=health,
        kind=plan.kind,
        descriptor_set=plan.descriptor_set,
        purpose="Mandatory reconsideration of the benefit decision",
        questions=list(questions_for(plan.kind, plan.descriptor_set)),
        due_on=add_working_days(timezone.localdate(), 10),
        prognosis_not_disclosed=plan.prognosis_not_disclosed,
        urgency="urgent" if plan.kind == "sr1" else "routine",
        note_to_clinician="The decision letter is attached to the case; call me with any "
        "questions.",
    )
    with contextlib.suppress(EvidenceError, CaseworkError, ConsentRequired):
        made[index] = request_evidence(issue, by=adviser, ask=ask, send=plan.send)


def _step(world, plan: Plan, index: int, made: dict, action: str, options: dict) -> None:
    request = made.get(index)
    if request is None:
        return
    request.refresh_from_db()
    adviser = acting(world, *ADVISER)
    name, role, register, number = CLINICIANS[plan.health]
    clinician = acting(world, name, plan.health)
    with contextlib.suppress(EvidenceError, TransitionRefused, CaseworkError):
        if action == "acknowledge":
            acknowledge_evidence_request(request, by=clinician, fee_quoted_pence=options.get("fee"))
        elif action == "provide":
            provide_evidence(
                request,
                by=clinician,
                given=_given(request, options),
                attestation=Attestation(name, role, register, number, confirmed=True),
            )
        elif action == "decline":
            decline_evidence_request(request, by=clinician, **options)
        elif action == "clarify":
            request_clarification(
                request, by=adviser, note="Please say how long the symptoms have lasted."
            )
        elif action == "withdraw":
            withdraw_evidence_request(request, by=adviser, note="The client has moved away.")
        elif action == "expire":
            expire_requests(today=timezone.localdate())
        elif action.startswith("fee_paid"):
            waived = action.endswith("waived")
            record_fee_paid(
                request,
                by=adviser,
                amount_pence=0 if waived else request.fee_quoted_pence or 3500,
                paid_on=timezone.localdate(),
                payer="waived" if waived else "partnership_fund",
            )


def _given(request: EvidenceRequest, options: dict) -> EvidenceGiven:
    if options.get("sr1"):
        return EvidenceGiven(sr1_submitted_on=timezone.localdate())
    if options.get("records"):
        return EvidenceGiven(letter=SimpleUploadedFile("records.pdf", RECORDS))
    answers = [ANSWERS[i % len(ANSWERS)] for i in range(len(request.questions))]
    return EvidenceGiven(answers=answers)
