"""What the outcome pages and the case's pages show of an issue's or a case's outcomes."""

from dataclasses import dataclass

from django.urls import reverse

from hjp.accounts.actor import Actor
from hjp.cases.models import Case, CaseIssue
from hjp.core.formatting import format_date
from hjp.outcomes.codes import source_label
from hjp.outcomes.models import (
    ClaimDecision,
    FinancialOutcome,
    IssueOutcomeNone,
    NonFinancialOutcome,
    OutcomeCategory,
    WellbeingMeasure,
)
from hjp.outcomes.models.wellbeing import Timepoint


def pounds(pence: int | None) -> str:
    return "" if pence is None else f"£{pence / 100:,.2f}"


@dataclass(frozen=True)
class FinancialRow:
    outcome: FinancialOutcome
    current: bool

    @property
    def cells(self) -> list[dict]:
        o = self.outcome
        return [
            {"text": f"{o.get_kind_display()}: {source_label(o.source)}"},
            {"text": f"{pounds(o.amount_pence)} {o.get_frequency_display().lower()}"},
            {"text": pounds(o.annual_value_pence) if o.kind == "recurring_income" else ""},
            {"text": o.get_status_display() + ("" if self.current else " (replaced)")},
        ]

    @property
    def replace_url(self) -> str:
        return reverse("outcomes:financial_replace", kwargs={"outcome_pk": self.outcome.pk})


def issue_outcomes(issue: CaseIssue, *, actor: Actor) -> dict:
    """An issue's outcomes by category, with the links to record more."""
    financial = list(
        FinancialOutcome.objects.visible_to(actor).filter(issue=issue).order_by("created_at")
    )
    superseded = {o.supersedes_id for o in financial if o.supersedes_id}
    nones = set(
        IssueOutcomeNone.objects.visible_to(actor)
        .filter(issue=issue)
        .values_list("category", flat=True)
    )
    return {
        "financial": [FinancialRow(o, o.pk not in superseded) for o in financial],
        "claims": [
            [
                {"text": source_label(d.benefit)},
                {"text": d.get_stage_display()},
                {"text": format_date(d.decided_on)},
                {"text": d.get_result_display()},
                {"text": "" if d.points is None else str(d.points)},
                {"text": "Yes" if d.medical_evidence else "No"},
            ]
            for d in ClaimDecision.objects.visible_to(actor).filter(issue=issue)
        ],
        "others": [
            [
                {"text": o.get_kind_display() + (f": {o.description}" if o.description else "")},
                {"text": format_date(o.achieved_on)},
                {"text": "Yes" if o.obtained_by_us else "No"},
            ]
            for o in NonFinancialOutcome.objects.visible_to(actor).filter(issue=issue)
        ],
        "none": {c: c in nones for c in OutcomeCategory.values},
        "add_financial_url": reverse("outcomes:financial_add", kwargs={"issue_pk": issue.pk}),
        "add_claim_url": reverse("outcomes:claim_add", kwargs={"issue_pk": issue.pk}),
        "add_other_url": reverse("outcomes:other_add", kwargs={"issue_pk": issue.pk}),
    }


def case_outcomes(case: Case, issues: list[CaseIssue], *, actor: Actor) -> list[dict]:
    """For the close page: each issue's name and counts of what is recorded."""
    counts = {}
    for model, key in (
        (FinancialOutcome, "financial"),
        (ClaimDecision, "claims"),
        (NonFinancialOutcome, "others"),
    ):
        for issue_id in (
            model.objects.visible_to(actor).filter(case=case).values_list("issue_id", flat=True)
        ):
            counts.setdefault(issue_id, {}).setdefault(key, 0)
            counts[issue_id][key] += 1
    return [
        {
            "issue": issue,
            "counts": counts.get(issue.pk, {}),
            "url": reverse("cases:issue", kwargs={"issue_pk": issue.pk}),
        }
        for issue in issues
    ]


def wellbeing_section(case: Case, *, actor: Actor) -> dict:
    """The case page's wellbeing panel: baseline and follow-up, with what is still to do."""
    measures = {
        m.timepoint: m for m in WellbeingMeasure.objects.visible_to(actor).filter(case=case)
    }
    baseline = measures.get(Timepoint.BASELINE)
    follow_up = measures.get(Timepoint.FOLLOW_UP)

    def row(measure: WellbeingMeasure | None, label: str) -> dict:
        if measure is None:
            return {"key": {"text": label}, "value": {"text": "Not recorded"}}
        score = (
            "not scored (incomplete)" if measure.swemwbs_metric is None else measure.swemwbs_metric
        )
        return {
            "key": {"text": label},
            "value": {"text": f"{format_date(measure.taken_on)}: SWEMWBS {score}"},
        }

    next_step = None
    if baseline is None:
        next_step = ("Record the baseline", "outcomes:wellbeing_baseline")
    elif follow_up is None:
        due = format_date(baseline.follow_up_due_on)
        next_step = (f"Record the follow-up (due {due})", "outcomes:wellbeing_follow_up")
    return {
        "rows": [row(baseline, "Baseline"), row(follow_up, "Follow-up")],
        "next": None
        if next_step is None
        else {
            "text": next_step[0],
            "url": reverse(next_step[1], kwargs={"case_pk": case.pk}),
        },
    }
