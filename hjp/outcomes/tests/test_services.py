"""Recording outcomes: validation with clear messages, superseding without overwriting, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.tests.factories import case_from_referral
from hjp.outcomes import errors
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import FinancialOutcome, IssueOutcomeNone
from hjp.outcomes.services import financial, other
from hjp.outcomes.tests.factories import award, decision, result


@pytest.fixture
def issue(world):
    return case_from_referral(world).issues.first()


def test_a_weekly_award_is_stored_with_its_annual_value_and_counts_for_the_referrals_partnership(
    world, issue
):
    outcome = award(world, issue, amount_pence=11040, frequency="weekly")
    assert outcome.annual_value_pence == 11040 * 52
    assert outcome.partnership == world.partnership
    assert outcome.person_id == issue.case.person_id
    assert AuditEvent.objects.filter(object_id=str(outcome.pk), action="create").count() == 1


def test_an_award_of_six_months_counts_only_the_payments_it_lasts(world, issue):
    start = datetime.date(2026, 1, 5)
    outcome = award(
        world,
        issue,
        frequency="weekly",
        award_start=start,
        award_end=start + datetime.timedelta(weeks=26, days=-1),
    )
    assert outcome.annual_value_pence == 11040 * 26


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"kind": "one_off_income", "one_off_type": "backdated_arrears"},
            errors.ONE_OFF_MUST_BE_ONE_OFF,
        ),
        ({"frequency": "one_off"}, errors.RECURRING_CANNOT_BE_ONE_OFF),
        ({"amount_pence": -1}, errors.AMOUNT_NEGATIVE),
        ({"amount_pence": None}, errors.AMOUNT_REQUIRED),
        ({"source": "nonsense"}, errors.SOURCE_REQUIRED),
        ({"kind": "debt_written_off", "frequency": "one_off"}, errors.SOURCE_NOT_A_CREDITOR),
        ({"status": "maybe"}, errors.STATUS_REQUIRED),
        ({"notified_on": timezone.localdate() + datetime.timedelta(days=1)}, errors.DATE_IN_FUTURE),
        (
            {"award_start": datetime.date(2026, 5, 1), "award_end": datetime.date(2026, 4, 1)},
            errors.AWARD_END_BEFORE_START,
        ),
    ],
)
def test_a_figure_the_rules_do_not_allow_is_refused_and_nothing_is_written(
    world, issue, changes, message
):
    with pytest.raises(OutcomeError) as refused:
        award(world, issue, **changes)
    assert refused.value.message == message
    assert FinancialOutcome.objects.count() == 0


def test_backdated_money_is_one_off_and_its_annual_value_is_the_sum(world, issue):
    outcome = award(
        world,
        issue,
        kind="one_off_income",
        one_off_type="backdated_arrears",
        frequency="one_off",
        amount_pence=250000,
    )
    assert outcome.annual_value_pence == 250000


def test_confirming_an_estimate_supersedes_it_and_keeps_the_earlier_row(world, issue):
    estimate = award(world, issue, status="estimated", amount_pence=7390)
    confirmed = financial.supersede_financial_outcome(
        estimate, by=world.actor("adviser"), status="confirmed", amount_pence=11040
    )
    estimate.refresh_from_db()
    assert (estimate.status, estimate.amount_pence) == ("estimated", 7390)
    assert confirmed.supersedes == estimate
    assert list(FinancialOutcome.objects.current()) == [confirmed]


def test_a_figure_can_be_superseded_only_once_and_only_by_a_change(world, issue):
    estimate = award(world, issue, status="estimated")
    with pytest.raises(OutcomeError, match=errors.NOTHING_CHANGED_IN_SUPERSEDING):
        financial.supersede_financial_outcome(estimate, by=world.actor("adviser"))
    financial.supersede_financial_outcome(estimate, by=world.actor("adviser"), status="confirmed")
    with pytest.raises(OutcomeError, match=errors.ALREADY_SUPERSEDED):
        financial.supersede_financial_outcome(
            estimate, by=world.actor("adviser"), status="confirmed"
        )


def test_a_claim_decision_needs_whether_medical_evidence_was_obtained(world, issue):
    recorded = decision(world, issue, evidence=False)
    assert recorded.medical_evidence is False and recorded.is_success


def test_other_needs_a_description_and_other_outcomes_never_keep_one(world, issue):
    with pytest.raises(OutcomeError, match=errors.DESCRIPTION_REQUIRED):
        other.record_non_financial_outcome(
            issue, by=world.actor("adviser"), kind="other", achieved_on=timezone.localdate()
        )
    kept = other.record_non_financial_outcome(
        issue,
        by=world.actor("adviser"),
        kind="eviction_prevented",
        description="should not be kept",
        achieved_on=timezone.localdate(),
    )
    assert kept.description == "" and kept.advice_area == issue.advice_area


def test_none_is_refused_once_outcomes_of_that_kind_are_recorded_and_cleared_by_a_later_one(
    world, issue
):
    result(world, issue)
    with pytest.raises(OutcomeError, match=errors.NONE_BUT_RECORDED):
        other.record_no_outcome(issue, by=world.actor("adviser"), category="non_financial")
    other.record_no_outcome(issue, by=world.actor("adviser"), category="financial")
    award(world, issue)
    assert not IssueOutcomeNone.objects.filter(issue=issue, category="financial").exists()


def test_a_referrer_cannot_record_outcomes(world, issue):
    with pytest.raises(PermissionDenied):
        financial.record_financial_outcome(
            issue,
            by=world.actor("referrer"),
            kind="recurring_income",
            source="universal_credit",
            amount_pence=100,
            frequency="monthly",
            status="confirmed",
        )
