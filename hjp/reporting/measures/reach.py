"""Reach: how many referrals, from whom, where, about what; people, cases and issues."""

from django.db.models import Count
from django.db.models.functions import TruncMonth

from hjp.cases.models import Case, CaseIssue
from hjp.partnerships.models import AdviceArea
from hjp.referrals.models import Referral
from hjp.referrals.status import Status
from hjp.reporting.controlled import count_figure, series_table
from hjp.reporting.pack import Section
from hjp.reporting.scope import ReportScope


def referrals_in(scope: ReportScope):
    """Referrals sent in the period (drafts are never sent), within the site and area chosen."""
    return Referral.objects.filter(scope.referral_filter()).exclude(status=Status.DRAFT)


def referrals_by_month(scope: ReportScope) -> dict[str, int]:
    rows = (
        referrals_in(scope)
        .annotate(month=TruncMonth("sent_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {f"{row['month']:%B %Y}": row["n"] for row in rows}


def _counts_by(
    scope: ReportScope, field: str, labels: dict | None = None, missing: str = "Not recorded"
) -> dict[str, int]:
    rows = referrals_in(scope).values(field).annotate(n=Count("pk")).order_by(field)
    labels = labels or {}
    return {str(labels.get(row[field], row[field] or missing)): row["n"] for row in rows}


def referrals_by_source(scope: ReportScope) -> dict[str, int]:
    return _counts_by(scope, "from_organisation__name", missing="Self-referrals")


def referrals_by_site(scope: ReportScope) -> dict[str, int]:
    return _counts_by(scope, "from_site__name", missing="No site named")


def referrals_by_direction(scope: ReportScope) -> dict[str, int]:
    return _counts_by(scope, "direction", dict(Referral.Direction.choices))


def referrals_by_advice_area(scope: ReportScope) -> dict[str, int]:
    """Each referral counts once in every advice area it names, so the rows add up to more."""
    counts: dict[str, int] = {}
    rows = referrals_in(scope).values("advice_areas").annotate(n=Count("pk")).order_by()
    labels = dict(AdviceArea.choices)
    for row in rows:
        for area in row["advice_areas"] or []:
            counts[labels.get(area, area)] = counts.get(labels.get(area, area), 0) + row["n"]
    return dict(sorted(counts.items()))


def referrers(scope: ReportScope) -> set:
    return set(
        referrals_in(scope)
        .filter(referred_by__isnull=False)
        .values_list("referred_by_id", flat=True)
        .distinct()
    )


def people_referred(scope: ReportScope) -> int:
    return referrals_in(scope).values("person_id").distinct().count()


def cases_opened(scope: ReportScope) -> int:
    return (
        Case.objects.filter(scope.referral_filter("referral__"))
        .exclude(referral__status=Status.DRAFT)
        .count()
    )


def issues_of_cases(scope: ReportScope) -> int:
    return CaseIssue.objects.filter(scope.referral_filter("case__referral__")).count()


def reach_section(scope: ReportScope) -> Section:
    rules = scope.rules
    active = referrers(scope)
    lapsed = referrers(scope.previous()) - active
    figures = [
        count_figure("reach.referrals", referrals_in(scope).count(), rules),
        count_figure("reach.clients", people_referred(scope), rules),
        count_figure("reach.cases", cases_opened(scope), rules),
        count_figure("reach.issues", issues_of_cases(scope), rules),
        count_figure("reach.active_referrers", len(active), rules),
        count_figure("reach.lapsed_referrers", len(lapsed), rules),
    ]
    tables = [
        series_table(
            "reach.by_month",
            "Referrals by month",
            referrals_by_month(scope),
            rules,
            heading="Month",
            chart=True,
        ),
        series_table(
            "reach.by_source",
            "Referrals by referring organisation",
            referrals_by_source(scope),
            rules,
            heading="Organisation",
        ),
        series_table(
            "reach.by_site", "Referrals by site", referrals_by_site(scope), rules, heading="Site"
        ),
        series_table(
            "reach.by_direction",
            "Referrals by direction",
            referrals_by_direction(scope),
            rules,
            heading="Direction",
        ),
        series_table(
            "reach.by_advice_area",
            "Referrals by advice area",
            referrals_by_advice_area(scope),
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
