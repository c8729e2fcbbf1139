"""Money an adviser's work gained or saved for a client, one row per award or debt."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hjp.core.models import BaseModel
from hjp.outcomes.models._scoped import CaseOutcomeQuerySet


class FinancialKind(models.TextChoices):
    RECURRING_INCOME = "recurring_income", "Recurring income"
    ONE_OFF_INCOME = "one_off_income", "One-off income"
    DEBT_WRITTEN_OFF = "debt_written_off", "Debt written off"
    DEBT_MANAGED = "debt_managed", "Debt rescheduled or managed"
    SPENDING_REDUCED = "spending_reduced", "Spending reduced"
    OTHER = "other", "Other"


class OneOffType(models.TextChoices):
    BACKDATED_ARREARS = "backdated_arrears", "Backdated arrears"
    LUMP_SUM = "lump_sum", "Lump sum"
    GRANT = "grant", "Grant"
    REFUND = "refund", "Refund"
    COMPENSATION = "compensation", "Compensation"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    FOUR_WEEKLY = "four_weekly", "Every four weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
    ONE_OFF = "one_off", "One-off"


class FinancialStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    ESTIMATED = "estimated", "Estimated"
    UNDER_APPEAL = "under_appeal", "Under appeal"
    NO_ENTITLEMENT = "no_entitlement", "No entitlement"
    NOT_PURSUED = "not_pursued", "Not pursued"


class FinancialOutcomeQuerySet(CaseOutcomeQuerySet):
    def current(self) -> "FinancialOutcomeQuerySet":
        """Rows not superseded by a later, firmer figure."""
        return self.filter(superseded_by__isnull=True)


class FinancialOutcome(BaseModel):
    """One award, sum or debt, with its annual value worked out when it was recorded.

    Rows are never overwritten: an estimate that is confirmed is superseded by a new row that
    points back to it, so the history of a figure is kept.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(
        "cases.CaseIssue", on_delete=models.PROTECT, related_name="financial_outcomes"
    )
    # Copied from the case so that per-client figures are one GROUP BY.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The partnership the result counts for (the referral's; see docs/evaluation.md).
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=FinancialKind.choices)
    one_off_type = models.CharField(max_length=20, choices=OneOffType.choices, blank=True)
    source = models.CharField("benefit or creditor", max_length=40)
    amount_pence = models.BigIntegerField()
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    award_start = models.DateField(null=True, blank=True)
    award_end = models.DateField(null=True, blank=True)
    applied_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=FinancialStatus.choices)
    obtained_by_us = models.BooleanField(default=True)
    annual_value_pence = models.BigIntegerField()
    # The date the result counts in reports: notified, else award start, else recorded.
    counted_on = models.DateField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FinancialOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["partnership", "counted_on"], name="financial_report")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0), name="financial_amount_not_negative"
            ),
            # Backdated and other one-off money is only ever one-off.
            models.CheckConstraint(
                condition=~Q(kind="one_off_income") | Q(frequency="one_off"),
                name="one_off_income_is_one_off",
            ),
            models.CheckConstraint(
                condition=~Q(kind="recurring_income") | ~Q(frequency="one_off"),
                name="recurring_income_recurs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
