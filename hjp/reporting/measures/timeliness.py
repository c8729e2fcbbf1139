"""Timeliness: how soon people are first contacted, how often they cannot be, and rejections."""

from django.db.models import Count
from django.db.models.functions import TruncDate

from hjp.core.working_days import working_days_between
from hjp.referrals.status import Reason, Status
from hjp.reporting.controlled import rate_figure, series_table, statistic_figure
from hjp.reporting.measures.referral_facts import ReferralFacts, referrals_in
from hjp.reporting.pack import Section
from hjp.reporting.scope import ReportScope


def weighted_median(counts: dict[float, int]) -> float | None:
    """The median of values given with how often each occurs (the mean of the middle two)."""
    total = sum(counts.values())
    if total == 0:
        return None
    ordered = sorted(counts.items())

    def nth(n: int) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def days_to_first_contact(scope: ReportScope) -> dict[int, int]:
    """Working days from sending to first contact -> how many referrals took that long.

    Grouped by the two dates in the database, so the rows read grow with the calendar, not with
    the number of referrals; working days are then counted once per pair of dates.
    """
    pairs = (
        referrals_in(scope)
        .filter(first_contact_at__isnull=False)
        .annotate(sent_on=TruncDate("sent_at"), contacted_on=TruncDate("first_contact_at"))
        .values("sent_on", "contacted_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, int] = {}
    for row in pairs:
        days = working_days_between(row["sent_on"], row["contacted_on"])
        counts[days] = counts.get(days, 0) + row["n"]
    return counts


def rejection_reasons(facts: ReferralFacts) -> dict[str, int]:
    """Referrals not accepted, by the reason given."""
    labels = dict(Reason.choices)
    counts: dict[str, int] = {}
    for (status, reason), n in facts.by_status_and_reason().items():
        if status == Status.REJECTED:
            label = labels.get(reason, "Not recorded")
            counts[label] = counts.get(label, 0) + n
    return dict(sorted(counts.items()))


def timeliness_section(scope: ReportScope, facts: ReferralFacts) -> Section:
    rules = scope.rules
    days = days_to_first_contact(scope)
    accepted_count = facts.accepted
    target = scope.partnership.first_contact_target_days
    figures = [
        statistic_figure(
            "timeliness.median_days_to_first_contact",
            weighted_median(days),
            sum(days.values()),
            rules,
        ),
        rate_figure(
            "timeliness.first_contact_within_target",
            facts.contacted_within_target,
            accepted_count,
            rules,
        ),
        rate_figure("timeliness.unable_to_contact", facts.unable_to_contact, accepted_count, rules),
    ]
    tables = [
        series_table(
            "timeliness.rejection_reasons",
            "Referrals not accepted, by reason",
            rejection_reasons(facts),
            rules,
            heading="Reason",
        )
    ]
    notes = [f"The partnership's target is first contact within {target} working days."]
    return Section(
        key="timeliness", title="Timeliness", figures=figures, tables=tables, notes=notes
    )
