"""Deadline rules as data, and the date arithmetic that applies them."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hjp.cases.deadline_rules import (
    add_period,
    due_date,
    late_limit,
    rule_for_document,
    rule_in_force,
)
from hjp.cases.models import DeadlineRule

D = datetime.date

# (rule code, trigger, due date): month ends, leap years, the end of a year, less a day.
EXAMPLES = [
    ("mandatory_reconsideration", D(2026, 3, 3), D(2026, 4, 3)),
    ("mandatory_reconsideration", D(2026, 1, 31), D(2026, 2, 28)),
    ("mandatory_reconsideration", D(2028, 1, 31), D(2028, 2, 29)),
    ("mandatory_reconsideration", D(2026, 12, 15), D(2027, 1, 15)),
    ("tribunal_appeal", D(2026, 8, 31), D(2026, 9, 30)),
    ("tribunal_appeal", D(2024, 2, 29), D(2024, 3, 29)),
    ("pip2_questionnaire", D(2026, 5, 31), D(2026, 6, 30)),
    ("possession_defence", D(2026, 12, 20), D(2027, 1, 3)),
    ("homelessness_threatened", D(2026, 1, 1), D(2026, 2, 26)),
    ("breathing_space", D(2026, 3, 1), D(2026, 4, 30)),
    ("mental_health_crisis_breathing_space", D(2026, 2, 10), D(2026, 3, 12)),
    ("employment_tribunal", D(2026, 1, 10), D(2026, 4, 9)),
    ("employment_tribunal", D(2026, 11, 30), D(2027, 2, 27)),
    ("employment_tribunal", D(2027, 11, 30), D(2028, 2, 28)),
]


@pytest.mark.parametrize("code, trigger, expected", EXAMPLES)
def test_each_rule_gives_the_due_date_of_its_dated_example(db, code, trigger, expected):
    assert due_date(rule_in_force(code, trigger), trigger) == expected


def test_the_reconsideration_and_appeal_rules_allow_acting_late_up_to_13_months(db):
    rule = rule_in_force("mandatory_reconsideration", D(2026, 1, 31))
    assert late_limit(rule, D(2026, 1, 31)) == D(2027, 2, 28)
    appeal = rule_in_force("tribunal_appeal", D(2026, 3, 1))
    assert late_limit(appeal, D(2026, 3, 1)) == D(2027, 4, 1)
    assert late_limit(rule_in_force("possession_defence", D(2026, 3, 1)), D(2026, 3, 1)) is None


def test_every_rule_has_a_source_and_a_link_to_it(db):
    rules = list(DeadlineRule.objects.all())
    assert len(rules) >= 8
    assert [
        r.code for r in rules if not r.source.strip() or not r.source_url.startswith("https://")
    ] == []


def test_a_rule_without_a_source_cannot_be_saved(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineRule.objects.create(
            code="made_up",
            name="x",
            trigger="y",
            amount=1,
            unit="days",
            effective_from=D(2026, 1, 1),
            source="",
        )


def test_the_rule_in_force_follows_its_effective_dates(db):
    old = rule_in_force("possession_defence", D(2026, 1, 1))
    old.effective_to = D(2026, 12, 31)
    old.save()
    DeadlineRule.objects.create(
        code="possession_defence",
        name="Defence (changed)",
        trigger=old.trigger,
        amount=21,
        unit="days",
        effective_from=D(2027, 1, 1),
        source="A later rule",
        source_url="https://www.legislation.gov.uk/",
    )
    assert rule_in_force("possession_defence", D(2026, 6, 1)).amount == 14
    assert rule_in_force("possession_defence", D(2027, 6, 1)).amount == 21
    assert rule_in_force("breathing_space", D(2020, 1, 1)) is None


def test_decision_letters_and_reconsideration_notices_start_their_deadlines(db):
    assert rule_for_document("decision_letter", D(2026, 3, 1)).code == "mandatory_reconsideration"
    assert (
        rule_for_document("mandatory_reconsideration_notice", D(2026, 3, 1)).code
        == "tribunal_appeal"
    )
    assert rule_for_document("identity", D(2026, 3, 1)) is None


def rule(amount, unit, less_days=0):
    return DeadlineRule(
        code="t",
        name="t",
        trigger="t",
        amount=amount,
        unit=unit,
        less_days=less_days,
        effective_from=D(2000, 1, 1),
        source="test",
    )


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 24 December 2026: Christmas Day, Boxing Day (Saturday, so Monday 28th) and the
    # weekend are skipped.
    assert add_period(rule(2, "working_days"), D(2026, 12, 24)) == D(2026, 12, 30)


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(trigger=dates, months=st.integers(min_value=1, max_value=13))
def test_a_period_in_months_ends_on_the_same_day_or_the_end_of_a_shorter_month(trigger, months):
    end = add_period(rule(months, "months"), trigger)
    assert end > trigger
    assert (end.year * 12 + end.month) - (trigger.year * 12 + trigger.month) == months
    next_day = end + datetime.timedelta(days=1)
    assert end.day == trigger.day or (end.day < trigger.day and next_day.month != end.month)


@given(
    first=dates,
    second=dates,
    unit=st.sampled_from(["days", "months", "working_days"]),
    amount=st.integers(min_value=1, max_value=60),
)
def test_a_later_trigger_never_gives_an_earlier_due_date(first, second, unit, amount):
    early, late = sorted([first, second])
    r = rule(amount, unit)
    assert add_period(r, early) <= add_period(r, late)
    assert add_period(r, early) > early


@given(trigger=dates, days=st.integers(min_value=1, max_value=400))
def test_a_period_in_days_is_exactly_that_many_days(trigger, days):
    assert add_period(rule(days, "days"), trigger) - trigger == datetime.timedelta(days=days)
