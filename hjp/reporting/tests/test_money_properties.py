"""Property: each kind of money is summed on its own; no figure ever adds two kinds together."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjp.cases.tests.factories import case_from_referral
from hjp.outcomes.annual import annual_value
from hjp.outcomes.models import FinancialOutcome
from hjp.reporting.measures.outcomes import money_by_kind
from hjp.reporting.scope import ReportScope

KINDS = {
    "recurring_income": ["weekly", "monthly", "four_weekly"],
    "one_off_income": ["one_off"],
    "debt_written_off": ["one_off"],
    "debt_managed": ["one_off"],
    "spending_reduced": ["monthly", "annual"],
    "other": ["one_off"],
}
STATUSES = ["confirmed", "estimated", "under_appeal", "no_entitlement", "not_pursued"]

figures = st.lists(
    st.sampled_from(list(KINDS)).flatmap(
        lambda kind: st.tuples(
            st.just(kind),
            st.sampled_from(KINDS[kind]),
            st.sampled_from(STATUSES),
            st.integers(min_value=0, max_value=5_000_000),
        )
    ),
    max_size=12,
)


@pytest.fixture
def issue(world):
    return case_from_referral(world).issues.first()


def _store(issue, rows) -> list[FinancialOutcome]:
    FinancialOutcome.objects.all().delete()
    today = timezone.localdate()
    made = [
        FinancialOutcome(
            case=issue.case,
            issue=issue,
            person_id=issue.case.person_id,
            partnership=issue.case.referral.partnership,
            kind=kind,
            one_off_type="lump_sum" if kind == "one_off_income" else "",
            source="universal_credit",
            amount_pence=amount,
            frequency=frequency,
            status=status,
            annual_value_pence=annual_value(amount_pence=amount, frequency=frequency),
            counted_on=today,
        )
        for kind, frequency, status, amount in rows
    ]
    return FinancialOutcome.objects.bulk_create(made)


def _sum(rows, *, kinds, statuses) -> int:
    return sum(
        annual_value(amount_pence=amount, frequency=frequency)
        for kind, frequency, status, amount in rows
        if kind in kinds and status in statuses
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=figures, debts=figures)
def test_each_kind_is_summed_alone_and_other_kinds_never_move_the_client_gain(issue, rows, debts):
    today = timezone.localdate()
    scope = ReportScope(issue.case.referral.partnership, today - datetime.timedelta(days=1), today)
    _store(issue, rows)
    money = money_by_kind(scope)
    gain = _sum(rows, kinds={"recurring_income", "one_off_income"}, statuses={"confirmed"})
    assert money["outcomes.client_financial_gain"][0] == gain
    for key, kind in [
        ("outcomes.recurring_income_confirmed", "recurring_income"),
        ("outcomes.one_off_income_confirmed", "one_off_income"),
        ("outcomes.debt_written_off", "debt_written_off"),
        ("outcomes.debt_managed", "debt_managed"),
        ("outcomes.spending_reduced", "spending_reduced"),
    ]:
        assert money[key][0] == _sum(rows, kinds={kind}, statuses={"confirmed"})
    not_yet = _sum(
        rows, kinds={"recurring_income", "one_off_income"}, statuses={"estimated", "under_appeal"}
    )
    assert money["outcomes.income_not_yet_confirmed"][0] == not_yet
    # Adding any amount of debts, reductions or unconfirmed income leaves the gain where it was.
    others = [
        r
        for r in debts
        if not (r[0] in ("recurring_income", "one_off_income") and r[2] == "confirmed")
    ]
    _store(issue, rows + others)
    assert money_by_kind(scope)["outcomes.client_financial_gain"][0] == gain
