"""Outcomes of advice: money gained or saved, claim decisions, other results, wellbeing."""

from hjp.outcomes.models.claims import ClaimDecision, ClaimResult, ClaimStage
from hjp.outcomes.models.financial import (
    FinancialKind,
    FinancialOutcome,
    FinancialStatus,
    Frequency,
    OneOffType,
)
from hjp.outcomes.models.other import IssueOutcomeNone, NonFinancialOutcome, OutcomeCategory
from hjp.outcomes.models.wellbeing import WellbeingMeasure

__all__ = [
    "ClaimDecision",
    "ClaimResult",
    "ClaimStage",
    "FinancialKind",
    "FinancialOutcome",
    "FinancialStatus",
    "Frequency",
    "IssueOutcomeNone",
    "NonFinancialOutcome",
    "OneOffType",
    "OutcomeCategory",
    "WellbeingMeasure",
]
