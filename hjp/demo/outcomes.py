"""The outcomes of the demo's cases: money, claim decisions, other results and wellbeing.

Recorded through the outcome services when each case closes (so with the simulated clock at
that moment), in proportions like those the partnerships' evaluations report: most welfare
benefits cases gain income, often with backdated arrears; debt cases see debts written off or
managed; housing cases prevent evictions. Claims with medical evidence succeed more often.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hjp.cases.models import Case, CaseIssue
from hjp.outcomes.models.wellbeing import Timepoint
from hjp.outcomes.queries import missing_categories
from hjp.outcomes.services import claims, financial, other, wellbeing

# (benefit, weekly amounts in pence, how often it is paid)
AWARDS = [
    ("attendance_allowance", [7390, 11040], "four_weekly"),
    ("pip_daily_living", [7390, 11040], "four_weekly"),
    ("pip_mobility", [2920, 7705], "four_weekly"),
    ("universal_credit", [41619 * 12 // 52], "monthly"),
    ("pension_credit", [3550, 5210, 8130], "weekly"),
    ("carers_allowance", [8330], "weekly"),
    ("council_tax_reduction", [1850, 2410], "weekly"),
    ("esa", [4570], "fortnightly"),
]
PERIODS_PER_WEEK = {"weekly": 1, "fortnightly": 2, "four_weekly": 4, "monthly": 52 / 12}
CREDITORS = ["council_tax", "energy", "credit_card", "catalogue", "rent_council", "water"]
HOUSING_RESULTS = [
    "eviction_prevented",
    "possession_dismissed",
    "repairs_done",
    "homelessness_prevented",
]
OTHER_RESULTS = {
    "employment": ["job_kept", "workplace_adjustments", "settlement"],
    "community_care": ["care_secured", "discharge_helped"],
    "immigration": ["immigration_resolved"],
    "education": ["education_secured"],
}


def _award(issue: CaseIssue, by, rng: random.Random, today: datetime.date) -> None:
    benefit, weekly, frequency = rng.choice(AWARDS)
    amount = round(rng.choice(weekly) * PERIODS_PER_WEEK[frequency])
    status = rng.choices(["confirmed", "estimated", "under_appeal"], [16, 3, 1])[0]
    start = today - datetime.timedelta(days=rng.randint(20, 120))
    financial.record_financial_outcome(
        issue,
        by=by,
        kind="recurring_income",
        source=benefit,
        amount_pence=amount,
        frequency=frequency,
        status=status,
        award_start=start,
        applied_on=start - datetime.timedelta(days=rng.randint(10, 40)),
        notified_on=today - datetime.timedelta(days=rng.randint(1, 10)),
    )
    if rng.random() < 0.45:
        financial.record_financial_outcome(
            issue,
            by=by,
            kind="one_off_income",
            one_off_type="backdated_arrears",
            source=benefit,
            amount_pence=amount * rng.randint(2, 9),
            frequency="one_off",
            status="confirmed",
            notified_on=today - datetime.timedelta(days=rng.randint(1, 10)),
        )
    evidence = rng.random() < 0.5
    stage = rng.choices(["initial", "mandatory_reconsideration", "first_tier_tribunal"], [5, 3, 2])[
        0
    ]
    claims.record_claim_decision(
        issue,
        by=by,
        benefit=benefit,
        stage=stage,
        decided_on=today - datetime.timedelta(days=rng.randint(1, 15)),
        result=rng.choices(["awarded", "partly"], [4, 1])[0],
        medical_evidence=evidence,
        points=rng.randint(8, 16) if benefit.startswith("pip") else None,
    )


def _refusal(issue: CaseIssue, by, rng: random.Random, today: datetime.date) -> None:
    benefit, _, _ = rng.choice(AWARDS)
    claims.record_claim_decision(
        issue,
        by=by,
        benefit=benefit,
        stage=rng.choice(["initial", "mandatory_reconsideration", "first_tier_tribunal"]),
        decided_on=today - datetime.timedelta(days=rng.randint(1, 15)),
        result=rng.choice(["refused", "unchanged"]),
        medical_evidence=rng.random() < 0.3,
        points=rng.randint(0, 7) if benefit.startswith("pip") else None,
    )


def _debt(issue: CaseIssue, by, rng: random.Random, today: datetime.date) -> None:
    kind = rng.choice(["debt_written_off", "debt_managed"])
    financial.record_financial_outcome(
        issue,
        by=by,
        kind=kind,
        source=rng.choice(CREDITORS),
        amount_pence=rng.randint(300, 12000) * 100,
        frequency="one_off",
        status="confirmed",
        notified_on=today - datetime.timedelta(days=rng.randint(1, 20)),
    )
    if rng.random() < 0.3:
        other.record_non_financial_outcome(
            issue, by=by, kind="breathing_space", achieved_on=today - datetime.timedelta(days=30)
        )
    if rng.random() < 0.25:
        financial.record_financial_outcome(
            issue,
            by=by,
            kind="spending_reduced",
            source="social_tariff",
            amount_pence=rng.choice([1500, 2000, 2500]) * 12,
            frequency="annual",
            status="confirmed",
            award_start=today - datetime.timedelta(days=10),
        )


def record_case_outcomes(case: Case, by, rng: random.Random) -> None:
    """Record what each issue achieved, as an adviser does before closing the case."""
    today = timezone.localdate()
    for issue in case.issues.all():
        area = issue.advice_area
        if area == "welfare_benefits":
            roll = rng.random()
            if roll < 0.65:
                _award(issue, by, rng, today)
            elif roll < 0.85:
                _refusal(issue, by, rng, today)
        elif area == "debt":
            if rng.random() < 0.8:
                _debt(issue, by, rng, today)
        elif area == "housing" and rng.random() < 0.7:
            other.record_non_financial_outcome(
                issue,
                by=by,
                kind=rng.choice(HOUSING_RESULTS),
                achieved_on=today - datetime.timedelta(days=rng.randint(1, 30)),
            )
        elif area in OTHER_RESULTS and rng.random() < 0.6:
            other.record_non_financial_outcome(
                issue,
                by=by,
                kind=rng.choice(OTHER_RESULTS[area]),
                achieved_on=today - datetime.timedelta(days=rng.randint(1, 30)),
            )


def nothing_else(case: Case) -> dict:
    """For the closing form: every category not recorded, declared none."""
    return missing_categories(case)


def _answers(rng: random.Random, centre: float) -> list[int | None]:
    items = [min(5, max(1, round(rng.gauss(centre, 0.8)))) for _ in range(7)]
    if rng.random() < 0.05:
        items[rng.randrange(7)] = None
    return items


def _ons4(rng: random.Random, centre: float) -> dict:
    def score(c):
        return min(10, max(0, round(rng.gauss(c, 1.5))))

    return {
        "life_satisfaction": score(centre),
        "worthwhile": score(centre + 1),
        "happy_yesterday": score(centre),
        "anxious_yesterday": score(10 - centre),
    }


def record_wellbeing(case: Case, by, rng: random.Random, *, timepoint: str) -> None:
    """Ask the wellbeing questions; at follow-up most clients score a little better."""
    centre = 2.6 if timepoint == Timepoint.BASELINE else 2.6 + rng.choice([0, 0.3, 0.5, 0.8])
    wellbeing.record_wellbeing(
        case,
        by=by,
        timepoint=timepoint,
        taken_on=timezone.localdate(),
        swemwbs_items=_answers(rng, centre),
        ons4=_ons4(rng, 4 if timepoint == Timepoint.BASELINE else 5.5),
    )


def follow_up_moment(baseline: datetime.datetime, months: int) -> datetime.datetime:
    return baseline + relativedelta(months=months, days=2)
