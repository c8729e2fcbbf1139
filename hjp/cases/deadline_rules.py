"""Deadline rules applied to dates: which rule was in force, when a period ends, the late limit.

A rule is data (`DeadlineRule`, with its source); these functions only do the arithmetic.
Calendar months end on the same day of the month, or on the month's last day when it has no
such day (31 January + 1 month is 28 February, or 29 in a leap year), as the courts and DWP
count them. Working days are Monday to Friday except bank holidays in England and Wales.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from hjp.cases.models import DeadlineRule
from hjp.core.working_days import add_working_days

NO_RULE_IN_FORCE = "There is no {name} rule in force on {day:%d %B %Y}"


def add_period(rule: DeadlineRule, trigger: datetime.date) -> datetime.date:
    """The end of the rule's period counted from `trigger`, less the rule's days off."""
    if rule.unit == DeadlineRule.Unit.MONTHS:
        end = trigger + relativedelta(months=rule.amount)
    elif rule.unit == DeadlineRule.Unit.WORKING_DAYS:
        end = add_working_days(trigger, rule.amount)
    else:
        end = trigger + datetime.timedelta(days=rule.amount)
    return end - datetime.timedelta(days=rule.less_days)


def due_date(rule: DeadlineRule, trigger: datetime.date) -> datetime.date:
    """The date the deadline falls due when the period runs from `trigger`."""
    return add_period(rule, trigger)


def late_limit(rule: DeadlineRule, trigger: datetime.date) -> datetime.date | None:
    """The outer limit for acting late, when the law allows acting late at all."""
    if rule.late_limit_months is None:
        return None
    return trigger + relativedelta(months=rule.late_limit_months)


def rules_in_force(on: datetime.date):
    """Every rule in force on a day: started on or before it and not yet ended."""
    return DeadlineRule.objects.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def rule_in_force(code: str, on: datetime.date) -> DeadlineRule | None:
    """The version of a rule in force on a day (the latest to start), or None."""
    return rules_in_force(on).filter(code=code).order_by("-effective_from").first()


def rule_for_document(document_type: str, on: datetime.date) -> DeadlineRule | None:
    """The rule a document of this type starts, in force on the document's date."""
    for rule in rules_in_force(on).order_by("name", "-effective_from"):
        if document_type in rule.document_types:
            return rule
    return None


def period_text(rule: DeadlineRule) -> str:
    """The rule's period in words: "1 month", "14 days", "3 months less 1 day"."""
    names = {
        DeadlineRule.Unit.DAYS: ("day", "days"),
        DeadlineRule.Unit.WORKING_DAYS: ("working day", "working days"),
        DeadlineRule.Unit.MONTHS: ("month", "months"),
    }
    one, many = names[DeadlineRule.Unit(rule.unit)]
    text = f"{rule.amount} {one if rule.amount == 1 else many}"
    if rule.less_days:
        text += f" less {rule.less_days} day{'s' if rule.less_days != 1 else ''}"
    return text
