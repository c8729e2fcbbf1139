"""Reach: how many referrals, from whom, where, about what; people, cases and issues."""

from django.db.models import Count, Max

from hjp.cases.models import Case
from hjp.partnerships.models import AdviceArea
from hjp.referrals.models import Referral
from hjp.referrals.status import Status
from hjp.reporting.controlled import count_figure, series_table
from hjp.reporting.measures.referral_facts import ReferralFacts
from hjp.reporting.pack import Section
from hjp.reporting.scope import ReportScope


def referrals_by_month(facts: ReferralFacts) -> dict[str, int]:
    months = sorted(m for m in facts.by["month"] if m is not None)
    return {f"{month:%B %Y}": facts.by["month"][month] for month in months}


def _labelled(counts, labels: dict | None = None, missing: str = "Not recorded") -> dict[str, int]:
    labels = labels or {}
    named = {}
    for key in sorted(counts, key=lambda k: (k is None, str(k))):
        label = str(labels.get(key, key or missing))
        named[label] = named.get(label, 0) + counts[key]
    return named


def referrals_by_source(facts: ReferralFacts) -> dict[str, int]:
    return _labelled(facts.by["from_organisation_id"], missing="Self-referrals")


def referrals_by_site(facts: ReferralFacts) -> dict[str, int]:
    return _labelled(facts.by["from_site_id"], missing="No site named")


def referrals_by_direction(facts: ReferralFacts) -> dict[str, int]:
    return _labelled(facts.by["direction"], dict(Referral.Direction.choices))


def referrals_by_advice_area(facts: ReferralFacts) -> dict[str, int]:
    """Each referral counts once in every advice area it names, so the rows add up to more."""
    labels = dict(AdviceArea.choices)
    counts: dict[str, int] = {}
    for areas, n in facts.by["advice_areas"].items():
        for area in areas or ():
            counts[labels.get(area, area)] = counts.get(labels.get(area, area), 0) + n
    return dict(sorted(counts.items()))


def referrers(scope: ReportScope) -> tuple[int, int]:
    """(active, lapsed): staff who referred in the period, and those who referred in the one
    before but not in this one; one statement over both periods."""
    before = scope.previous()
    low = scope.moments()[0]
    latest = (
        Referral.objects.filter(before.referral_filter() | scope.referral_filter())
        .exclude(status=Status.DRAFT)
        .filter(referred_by__isnull=False)
        .values("referred_by_id")
        .annotate(latest=Max("sent_at"))
        .order_by()
    )
    active = lapsed = 0
    for row in latest:
        if row["latest"] >= low:
            active += 1
        else:
            lapsed += 1
    return active, lapsed


def cases_and_issues(scope: ReportScope) -> tuple[int, int]:
    """Cases opened from the period's referrals, and their issues."""
    totals = (
        Case.objects.filter(scope.referral_filter("referral__"))
        .exclude(referral__status=Status.DRAFT)
        .aggregate(cases=Count("pk", distinct=True), issues=Count("issues"))
    )
    return totals["cases"], totals["issues"]


def reach_section(scope: ReportScope, facts: ReferralFacts, people: int) -> Section:
    rules = scope.rules
    active, lapsed = referrers(scope)
    cases, issues = cases_and_issues(scope)
    figures = [
        count_figure("reach.referrals", facts.total, rules),
        count_figure("reach.clients", people, rules),
        count_figure("reach.cases", cases, rules),
        count_figure("reach.issues", issues, rules),
        count_figure("reach.active_referrers", active, rules),
        count_figure("reach.lapsed_referrers", lapsed, rules),
    ]
    tables = [
        series_table(
            "reach.by_month",
            "Referrals by month",
            referrals_by_month(facts),
            rules,
            heading="Month",
            chart=True,
        ),
        series_table(
            "reach.by_source",
            "Referrals by referring organisation",
            referrals_by_source(facts),
            rules,
            heading="Organisation",
        ),
        series_table(
            "reach.by_site", "Referrals by site", referrals_by_site(facts), rules, heading="Site"
        ),
        series_table(
            "reach.by_direction",
            "Referrals by direction",
            referrals_by_direction(facts),
            rules,
            heading="Direction",
        ),
        series_table(
            "reach.by_advice_area",
            "Referrals by advice area",
            referrals_by_advice_area(facts),
            rules,
            heading="Advice area",
            chart=True,
            total=False,
            caption=(
                "A referral about two areas counts in both, so the rows add up to more "
                "than the referrals."
            ),
        ),
    ]
    return Section(key="reach", title="Reach", figures=figures, tables=tables)
