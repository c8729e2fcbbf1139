"""Outcomes: money (each kind on its own), claim success, other results and wellbeing change."""

import dataclasses
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from hjp.consent.models import CurrentConsent, Decision, Purpose
from hjp.outcomes.codes import NonFinancialKind, source_label
from hjp.outcomes.models import (
    ClaimDecision,
    FinancialKind,
    FinancialOutcome,
    FinancialStatus,
    NonFinancialOutcome,
    WellbeingMeasure,
)
from hjp.outcomes.models.claims import DECIDED_RESULTS, SUCCESSFUL_RESULTS, ClaimStage
from hjp.outcomes.models.wellbeing import Timepoint
from hjp.outcomes.wellbeing import paired_change
from hjp.reporting import disclosure
from hjp.reporting.controlled import (
    count_figure,
    money_figure,
    rate_figure,
    rate_from_shown,
    series_table,
    statistic_figure,
)
from hjp.reporting.measures.timeliness import weighted_median
from hjp.reporting.pack import Figure, Section, Table, Unit
from hjp.reporting.scope import ReportScope

CONFIRMED_GAIN = Q(status=FinancialStatus.CONFIRMED) & Q(
    kind__in=[FinancialKind.RECURRING_INCOME, FinancialKind.ONE_OFF_INCOME]
)
NOT_YET_CONFIRMED = Q(status__in=[FinancialStatus.ESTIMATED, FinancialStatus.UNDER_APPEAL]) & Q(
    kind__in=[FinancialKind.RECURRING_INCOME, FinancialKind.ONE_OFF_INCOME]
)
CLAIM_CAPTION = "An association, not proof of effect: who gets medical evidence is not random."


def financial_in(scope: ReportScope):
    """Current figures (not superseded) dated in the period."""
    return FinancialOutcome.objects.filter(scope.outcome_filter("counted_on")).current()


def money_by_kind(scope: ReportScope) -> dict[str, tuple[int, int]]:
    """Each kind of money, separately: measure key -> (total in pence, people contributing)."""
    totals = financial_in(scope).aggregate(
        **{
            f"{name}_total": Sum("annual_value_pence", filter=condition)
            for name, condition in _KIND_FILTERS.items()
        },
        **{
            f"{name}_people": Count("person_id", filter=condition, distinct=True)
            for name, condition in _KIND_FILTERS.items()
        },
    )
    return {
        name: (totals[f"{name}_total"] or 0, totals[f"{name}_people"]) for name in _KIND_FILTERS
    }


_CONFIRMED = Q(status=FinancialStatus.CONFIRMED)
# The annual value of a one-off sum or a debt is the sum itself (see hjp/outcomes/annual.py).
_KIND_FILTERS = {
    "outcomes.client_financial_gain": CONFIRMED_GAIN,
    "outcomes.recurring_income_confirmed": _CONFIRMED & Q(kind=FinancialKind.RECURRING_INCOME),
    "outcomes.one_off_income_confirmed": _CONFIRMED & Q(kind=FinancialKind.ONE_OFF_INCOME),
    "outcomes.income_not_yet_confirmed": NOT_YET_CONFIRMED,
    "outcomes.debt_written_off": _CONFIRMED & Q(kind=FinancialKind.DEBT_WRITTEN_OFF),
    "outcomes.debt_managed": _CONFIRMED & Q(kind=FinancialKind.DEBT_MANAGED),
    "outcomes.spending_reduced": _CONFIRMED & Q(kind=FinancialKind.SPENDING_REDUCED),
}


def gain_per_client(scope: ReportScope) -> dict[int, int]:
    """Each client's confirmed gain, as how many clients gained each amount."""
    per_person = (
        financial_in(scope)
        .filter(CONFIRMED_GAIN)
        .values("person_id")
        .annotate(total=Sum("annual_value_pence"))
        .order_by()
    )
    counts: dict[int, int] = {}
    for row in per_person:
        counts[row["total"]] = counts.get(row["total"], 0) + 1
    return counts


def claim_success(scope: ReportScope) -> list[tuple[str, str, bool, int, int]]:
    """(benefit, stage, medical evidence, decisions on the merits, successful) per group."""
    rows = (
        ClaimDecision.objects.filter(scope.outcome_filter("decided_on"), result__in=DECIDED_RESULTS)
        .values("benefit", "stage", "medical_evidence")
        .annotate(
            decided=Count("pk"),
            successful=Count("pk", filter=Q(result__in=SUCCESSFUL_RESULTS)),
        )
        .order_by("benefit", "stage", "medical_evidence")
    )
    return [
        (r["benefit"], r["stage"], r["medical_evidence"], r["decided"], r["successful"])
        for r in rows
    ]


def non_financial_counts(scope: ReportScope) -> dict[str, int]:
    rows = (
        NonFinancialOutcome.objects.filter(scope.outcome_filter("achieved_on"), obtained_by_us=True)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    labels = dict(NonFinancialKind.choices)
    return {labels[r["kind"]]: r["n"] for r in rows}


def follow_ups_in(scope: ReportScope):
    """Follow-ups taken in the period, of clients still consenting to evaluation."""
    in_period = Q(partnership=scope.partnership, taken_on__gte=scope.start, taken_on__lte=scope.end)
    if scope.site_id:
        in_period &= Q(case__referral__from_site_id=scope.site_id)
    consenting = CurrentConsent.objects.filter(
        person_id=OuterRef("person_id"),
        organisation_id=OuterRef("case__organisation_id"),
        purpose=Purpose.EVALUATION,
        decision=Decision.GIVEN,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
    return WellbeingMeasure.objects.filter(
        in_period, Exists(consenting), timepoint=Timepoint.FOLLOW_UP
    )


def wellbeing_pairs(scope: ReportScope) -> list[tuple[Decimal, Decimal]]:
    """(baseline, follow-up) SWEMWBS metric scores of clients still consenting to evaluation."""
    follow_ups = follow_ups_in(scope).filter(swemwbs_metric__isnull=False)
    baselines = dict(
        WellbeingMeasure.objects.filter(
            case__in=follow_ups.values("case_id"),
            timepoint=Timepoint.BASELINE,
            swemwbs_metric__isnull=False,
        ).values_list("case_id", "swemwbs_metric")
    )
    return [
        (baselines[case_id], score)
        for case_id, score in follow_ups.values_list("case_id", "swemwbs_metric")
        if case_id in baselines
    ]


ONS4_QUESTIONS = {
    "life_satisfaction": "Life satisfaction",
    "worthwhile": "Things done are worthwhile",
    "happy_yesterday": "Happy yesterday",
    "anxious_yesterday": "Anxious yesterday (lower is better)",
}


def ons4_means(scope: ReportScope) -> tuple[int, dict[str, tuple]]:
    """Clients with both sittings, and each ONS4 question's mean at baseline and follow-up."""
    follow_ups = follow_ups_in(scope)
    baselines = WellbeingMeasure.objects.filter(
        case__in=follow_ups.values("case_id"), timepoint=Timepoint.BASELINE
    )
    means = {name: Avg(name) for name in ONS4_QUESTIONS}
    before = baselines.aggregate(clients=Count("pk"), **means)
    after = follow_ups.filter(case__in=baselines.values("case_id")).aggregate(**means)
    return before["clients"], {name: (before[name], after[name]) for name in ONS4_QUESTIONS}


def _ons4_table(scope: ReportScope) -> Table:
    clients, means = ons4_means(scope)
    shown = disclosure.control_count(clients, rules=scope.rules) is not None

    def mean(value):
        return None if not shown or value is None else round(float(value), 1)

    return Table(
        key="outcomes.ons4_means",
        title="Personal wellbeing (ONS4): mean answers, 0 to 10",
        columns=["Question", "Baseline", "Follow-up"],
        rows=[[label, *map(mean, means[name])] for name, label in ONS4_QUESTIONS.items()],
        unit=Unit.SCORE,
        caption="Clients with both sittings and consent to evaluation; no combined score.",
    )


def _evidence_table(scope: ReportScope, groups: list) -> Table:
    """Claim success with and without medical evidence, all benefits and stages together."""
    rules = scope.rules
    decided, successful = {"Yes": 0, "No": 0}, {"Yes": 0, "No": 0}
    for _, _, evidence, groups_decided, groups_successful in groups:
        key = "Yes" if evidence else "No"
        decided[key] += groups_decided
        successful[key] += groups_successful
    shown_decided, _ = disclosure.control_series(decided, rules=rules)
    shown_successful, _ = disclosure.control_series(successful, rules=rules)
    return Table(
        key="outcomes.claims_by_evidence",
        title="Claim decisions with and without medical evidence",
        columns=["Medical evidence", "Decisions", "Favourable", "Rate"],
        rows=[
            [
                key,
                shown_decided[key],
                shown_successful[key],
                disclosure.rate(numerator=shown_successful[key], denominator=shown_decided[key]),
            ]
            for key in ("Yes", "No")
        ],
        caption=CLAIM_CAPTION,
    )


def _claims_table(scope: ReportScope, groups: list) -> tuple[Table, Figure]:
    """The success rates by benefit, stage and evidence, and overall; the decided and successful
    counts are each controlled as a series with their total, so no hidden count can be worked
    out from the overall figure."""
    rules = scope.rules
    stages = dict(ClaimStage.choices)
    decided, decided_total = disclosure.control_series(
        {index: group[3] for index, group in enumerate(groups)}, rules=rules
    )
    successful, successful_total = disclosure.control_series(
        {index: group[4] for index, group in enumerate(groups)}, rules=rules
    )
    rows = [
        [
            source_label(benefit),
            stages.get(stage, stage),
            "Yes" if evidence else "No",
            decided[index],
            successful[index],
            disclosure.rate(numerator=successful[index], denominator=decided[index]),
        ]
        for index, (benefit, stage, evidence, _, _) in enumerate(groups)
    ]
    table = Table(
        key="outcomes.claims_by_benefit_stage_evidence",
        title="Claim decisions by benefit, stage and medical evidence",
        columns=["Benefit", "Stage", "Medical evidence", "Decisions", "Favourable", "Rate"],
        rows=rows,
        unit=Unit.COUNT,
        caption=CLAIM_CAPTION,
    )
    overall = rate_from_shown(
        "outcomes.claim_success", numerator=successful_total, denominator=decided_total
    )
    return table, overall


def _wellbeing_figures(scope: ReportScope) -> list[Figure]:
    rules = scope.rules
    change = paired_change(wellbeing_pairs(scope))
    mean = None if change.mean_change is None else float(change.mean_change)
    figures = [
        count_figure("outcomes.wellbeing_pairs", change.count, rules),
        statistic_figure("outcomes.wellbeing_change", mean, change.count, rules),
        rate_figure("outcomes.wellbeing_improved_share", change.improved, change.count, rules),
    ]
    if figures[1].value is not None and change.ci_low is not None:
        low, high = float(change.ci_low), float(change.ci_high)
        caption = f"95% confidence interval {low:+.2f} to {high:+.2f} points."
        figures[1] = dataclasses.replace(figures[1], caption=caption)
    return figures


def outcomes_section(scope: ReportScope, people_referred: int) -> Section:
    rules = scope.rules
    money = money_by_kind(scope)
    _, gainers = money["outcomes.client_financial_gain"]
    median = weighted_median(gain_per_client(scope))
    figures = [money_figure(key, total, people, rules) for key, (total, people) in money.items()]
    # The mean is worked out from the shown (rounded) total and count, as every shown mean is.
    mean = disclosure.mean(total=figures[0].value, count=figures[0].denominator)
    figures[1:1] = [
        statistic_figure("outcomes.gain_per_client_mean", mean and round(mean), gainers, rules),
        statistic_figure(
            "outcomes.gain_per_client_median", median and round(median), gainers, rules
        ),
        rate_figure("outcomes.clients_with_gain_share", gainers, people_referred, rules),
    ]
    groups = claim_success(scope)
    claims_table, claim_rate = _claims_table(scope, groups)
    figures.append(claim_rate)
    others = non_financial_counts(scope)
    figures.append(count_figure("outcomes.non_financial", sum(others.values()), rules))
    figures.extend(_wellbeing_figures(scope))
    tables = [
        _evidence_table(scope, groups),
        claims_table,
        series_table(
            "outcomes.non_financial_by_kind",
            "Other outcomes obtained, by kind",
            others,
            rules,
            heading="Outcome",
            chart=True,
        ),
        _ons4_table(scope),
    ]
    notes = [
        "Client financial gain adds confirmed annual recurring income and confirmed one-off "
        "income only. Income not yet confirmed, debts and spending reductions are shown beside "
        "it and never added to it.",
    ]
    return Section(key="outcomes", title="Outcomes", figures=figures, tables=tables, notes=notes)
