"""Reads of outcomes: what a case still lacks before it closes, what the GP hears, and whose
wellbeing follow-up is due."""

from collections import defaultdict

from django.utils import timezone

from hjp.cases.models import Case
from hjp.outcomes.codes import NonFinancialKind, source_label
from hjp.outcomes.models import (
    ClaimDecision,
    FinancialKind,
    FinancialOutcome,
    FinancialStatus,
    Frequency,
    IssueOutcomeNone,
    NonFinancialOutcome,
    OutcomeCategory,
    WellbeingMeasure,
)
from hjp.outcomes.models.claims import SUCCESSFUL_RESULTS
from hjp.outcomes.models.wellbeing import Timepoint

FOLLOW_UPS_SHOWN = 20


def recorded_categories(case: Case) -> dict:
    """For each issue of the case, the outcome categories it has rows or an explicit none for."""
    seen: dict = defaultdict(set)
    for model, category in (
        (FinancialOutcome, OutcomeCategory.FINANCIAL),
        (ClaimDecision, OutcomeCategory.CLAIM),
        (NonFinancialOutcome, OutcomeCategory.NON_FINANCIAL),
    ):
        for issue_id in model.objects.filter(case=case).values_list("issue_id", flat=True):
            seen[issue_id].add(category)
    for issue_id, category in IssueOutcomeNone.objects.filter(case=case).values_list(
        "issue_id", "category"
    ):
        seen[issue_id].add(category)
    return seen


def missing_categories(case: Case) -> dict:
    """Issue id -> the categories still to record (or to declare none) before the case closes."""
    seen = recorded_categories(case)
    missing = {}
    for issue_id in case.issues.values_list("pk", flat=True):
        absent = [c for c in OutcomeCategory.values if c not in seen[issue_id]]
        if absent:
            missing[issue_id] = absent
    return missing


def _pounds(pence: int) -> str:
    return f"£{round(pence / 100):,}"


def referrer_sentences(case: Case) -> list[str]:
    """What the referrer may be told of the outcomes: coded results only, never free text."""
    sentences = []
    money = (
        FinancialOutcome.objects.of_case(case).current().filter(status=FinancialStatus.CONFIRMED)
    )
    for outcome in money.order_by("created_at"):
        source = source_label(outcome.source)
        if outcome.kind == FinancialKind.RECURRING_INCOME:
            sentences.append(
                f"{_pounds(outcome.annual_value_pence)} a year of {source} was awarded."
            )
        elif outcome.kind == FinancialKind.ONE_OFF_INCOME:
            sentences.append(
                f"A one-off payment of {_pounds(outcome.amount_pence)} ({source}) was secured."
            )
        elif outcome.kind == FinancialKind.DEBT_WRITTEN_OFF:
            sentences.append(f"{_pounds(outcome.amount_pence)} of debt was written off.")
        elif (
            outcome.kind == FinancialKind.SPENDING_REDUCED
            and outcome.frequency != Frequency.ONE_OFF
        ):
            sentences.append(f"Bills were reduced by {_pounds(outcome.annual_value_pence)} a year.")
    decisions = ClaimDecision.objects.of_case(case).filter(result__in=SUCCESSFUL_RESULTS)
    for decision in decisions:
        sentences.append(
            f"The {source_label(decision.benefit)} claim succeeded at "
            f"{decision.get_stage_display().lower()}."
        )
    others = NonFinancialOutcome.objects.of_case(case).exclude(kind=NonFinancialKind.OTHER)
    for outcome in others:
        sentences.append(f"{outcome.get_kind_display()}.")
    return sentences


def follow_ups_due(actor) -> list:
    """The actor's clients whose wellbeing follow-up is due and not yet taken: their cases."""
    from_baselines = (
        WellbeingMeasure.objects.visible_to(actor)
        .filter(
            timepoint=Timepoint.BASELINE,
            follow_up_due_on__lte=timezone.localdate(),
            case__adviser_id=actor.user_id,
        )
        .exclude(
            case_id__in=WellbeingMeasure.objects.filter(timepoint=Timepoint.FOLLOW_UP).values(
                "case_id"
            )
        )
        .select_related("case")
        .order_by("follow_up_due_on")
    )
    return [measure.case for measure in from_baselines[:FOLLOW_UPS_SHOWN]]
