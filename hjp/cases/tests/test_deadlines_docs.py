"""The casework guide's deadline rules are the rules in the database."""

import re

from django.utils import timezone

from hjp.cases.deadline_rules import period_text, rules_in_force
from hjp.cases.reminders import STAGES
from hjp.cases.tests.guide import section


def documented_rules() -> list[tuple[str, ...]]:
    rows = re.findall(r"^\| (.+) \|$", section("Tasks and deadlines"), re.M)
    return [tuple(cell.strip() for cell in row.split(" | ")) for row in rows[1:]]


def test_the_guide_lists_every_rule_in_force_with_its_period_trigger_late_limit_and_source(db):
    in_force = [
        (
            rule.name,
            period_text(rule),
            rule.trigger,
            f"{rule.late_limit_months} months" if rule.late_limit_months else "None",
            rule.source,
        )
        for rule in rules_in_force(timezone.localdate()).order_by("name")
    ]
    assert documented_rules() == in_force


def test_the_guide_gives_the_reminder_days():
    days = ", ".join(str(d) for d, _ in STAGES[:-1]) + f" and {STAGES[-1][0]}"
    assert f"{days} working days before it is due" in section("Tasks and deadlines")
