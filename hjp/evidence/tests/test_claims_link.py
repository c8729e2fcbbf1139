"""A provided answer dated on or before a claim decision marks it as decided with medical
evidence obtained through the platform."""

import datetime

import pytest

from hjp.evidence.tests.factories import evidence_request, provide
from hjp.outcomes.services.claims import record_claim_decision

pytestmark = pytest.mark.django_db


def _decide(world, issue, *, on, evidence=False):
    return record_claim_decision(
        issue,
        by=world.actor("adviser"),
        benefit="pip_daily_living",
        stage="mandatory_reconsideration",
        decided_on=on,
        result="awarded",
        medical_evidence=evidence,
    )


def test_a_decision_after_the_answer_is_marked_as_with_platform_evidence(world):
    request = evidence_request(world)
    provide(world, request)
    decision = _decide(world, request.issue, on=datetime.date.today())
    assert decision.evidence_via_platform
    assert decision.medical_evidence


def test_a_decision_before_the_answer_is_not_marked(world):
    request = evidence_request(world)
    decision = _decide(world, request.issue, on=datetime.date.today() - datetime.timedelta(days=3))
    provide(world, request)
    decision.refresh_from_db()
    assert not decision.evidence_via_platform
    assert not decision.medical_evidence


def test_a_decision_recorded_today_before_the_answer_is_marked_when_the_answer_comes(world):
    request = evidence_request(world)
    decision = _decide(world, request.issue, on=datetime.date.today())
    assert not decision.evidence_via_platform
    provide(world, request)
    decision.refresh_from_db()
    assert decision.evidence_via_platform and decision.medical_evidence


def test_an_answer_on_another_issue_does_not_count(world):
    from hjp.cases.services.issues import add_issue

    request = evidence_request(world)
    provide(world, request)
    other = add_issue(
        request.case, by=world.actor("adviser"), advice_area="debt", topic="debt_relief_order"
    )
    assert not _decide(world, other, on=datetime.date.today()).evidence_via_platform
