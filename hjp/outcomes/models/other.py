"""Results that are not money, and an adviser's explicit "none" for an issue."""

from django.conf import settings
from django.db import models

from hjp.core.models import BaseModel
from hjp.outcomes.codes import NonFinancialKind
from hjp.outcomes.models._scoped import CaseOutcomeQuerySet


class OutcomeCategory(models.TextChoices):
    FINANCIAL = "financial", "Financial outcomes"
    CLAIM = "claim", "Claim decisions"
    NON_FINANCIAL = "non_financial", "Other outcomes"


class NonFinancialOutcome(BaseModel):
    """A result such as an eviction prevented, coded by area, with the date it happened."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(
        "cases.CaseIssue", on_delete=models.PROTECT, related_name="non_financial_outcomes"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, on_delete=models.PROTECT, related_name="+"
    )
    advice_area = models.CharField(max_length=20)
    kind = models.CharField(max_length=32, choices=NonFinancialKind.choices)
    # Only for "other"; free text never leaves the advice organisation.
    description = models.CharField(max_length=200, blank=True)
    achieved_on = models.DateField()
    obtained_by_us = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["achieved_on", "created_at"]
        indexes = [models.Index(fields=["partnership", "achieved_on"], name="non_financial_report")]

    def __str__(self) -> str:
        return self.get_kind_display()


class IssueOutcomeNone(BaseModel):
    """An adviser's statement that an issue had no outcome of one category."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey("cases.CaseIssue", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=16, choices=OutcomeCategory.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseOutcomeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "category"], name="one_none_per_category")
        ]

    def __str__(self) -> str:
        return f"No {self.get_category_display().lower()}"
