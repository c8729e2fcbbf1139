"""The medical evidence section: turnaround, declines, fees and claims with platform evidence."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from hjp.core.working_days import add_working_days
from hjp.evidence.services import decline_evidence_request, record_fee_paid
from hjp.evidence.tests.factories import evidence_request, provide
from hjp.outcomes.services.claims import record_claim_decision
from hjp.reporting.build import Audience, build_pack
from hjp.reporting.measures.evidence import days_to_provide, decline_reasons, fees_paid
from hjp.reporting.scope import ReportScope

pytestmark = pytest.mark.django_db


def _scope(world):
    today = timezone.localdate()
    return ReportScope(
        world.partnership, today - datetime.timedelta(days=60), today + datetime.timedelta(days=60)
    )


def test_turnaround_declines_and_fees_are_computed_from_the_requests(world):
    today = timezone.localdate()
    quick = evidence_request(world, due_on=add_working_days(today, 10))
    provide(world, quick)
    slow = evidence_request(world, due_on=add_working_days(today, 2))
    with time_machine.travel(add_working_days(today, 5)):
        provide(world, slow)
    declined = evidence_request(world)
    decline_evidence_request(declined, by=world.actor("referrer"), reason="fee_not_agreed")
    record_fee_paid(
        quick, by=world.actor("adviser"), amount_pence=4500, paid_on=today, payer="partnership_fund"
    )
    scope = _scope(world)
    assert days_to_provide(scope) == {0: 1, 5: 1}
    assert decline_reasons(scope) == {"Fee not agreed": 1}
    assert fees_paid(scope) == (4500, 1, {"The partnership's fund": 1})


def test_the_pack_shows_the_evidence_figures_unsuppressed_when_the_partnership_allows(world):
    world.partnership.disclosure_threshold = 0
    world.partnership.disclosure_rounding = 1
    world.partnership.save()
    today = timezone.localdate()
    on_time = evidence_request(world)
    provide(world, on_time)
    unanswered = evidence_request(world)
    for issue in (on_time.issue, unanswered.issue):
        _decide(world, issue, today)
    pack = build_pack(_scope(world), audience=Audience.FUNDER)
    assert pack.figure("evidence.requests_sent").value == 2
    assert pack.figure("evidence.provided").value == 1
    assert pack.figure("evidence.provided_by_due_date").value == 1.0
    section = next(s for s in pack.sections if s.key == "evidence")
    claims = next(t for t in section.tables if t.key == "evidence.claims_by_platform_evidence")
    assert [row[:3] for row in claims.rows] == [["Yes", 1, 1], ["No", 1, 1]]


def _decide(world, issue, today):
    record_claim_decision(
        issue,
        by=world.actor("adviser"),
        benefit="pip_daily_living",
        stage="mandatory_reconsideration",
        decided_on=today,
        result="awarded",
        medical_evidence=False,
    )


def test_the_pack_counts_the_questions_between_the_teams(world):
    from hjp.consultations.tests.factories import ask_a_clinician, ask_an_adviser

    world.partnership.disclosure_threshold = 0
    world.partnership.disclosure_rounding = 1
    world.partnership.save()
    ask_an_adviser(world)
    ask_a_clinician(world)
    pack = build_pack(_scope(world), audience=Audience.COORDINATOR)
    assert pack.figure("consultations.asked").value == 2
    section = next(s for s in pack.sections if s.key == "consultations")
    assert {t.key for t in section.tables} == {
        "consultations.by_direction",
        "consultations.by_kind",
        "consultations.by_outcome",
    }
