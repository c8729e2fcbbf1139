"""The goals a partnership states at the start, measured as its reports measure, and every
revision of them since."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from hjp.partnerships.models.partnerships import Partnership

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class GoalMeasure(models.TextChoices):
    """The report's measures a goal can be set against (keys as the report names them)."""

    REFERRALS = "reach.referrals", "Referrals made"
    FIRST_CONTACT = (
        "timeliness.first_contact_within_target",
        "First contact within the target time",
    )
    FINANCIAL_GAIN = "outcomes.client_financial_gain", "Financial gain for clients"
    CLAIM_SUCCESS = "outcomes.claim_success", "Claim success rate"
    NON_FINANCIAL = "outcomes.non_financial", "Non-financial outcomes"
    WELLBEING_CHANGE = "outcomes.wellbeing_change", "Change in wellbeing"
    GAIN_PER_POUND = "value.gain_per_pound", "Return for each £1 of funding"
    CORE20_SHARE = "equity.core20_share", "Share of clients from the most deprived 20% of areas"
    OTHER = "other", "Another measure"


class GoalUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Per cent"
    POUNDS = "pounds", "Pounds"
    WORKING_DAYS = "working_days", "Working days"
    POINTS = "points", "Points"


class PartnershipGoalQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "PartnershipGoalQuerySet":
        """Goals of the actor's partnerships."""
        return self.filter(partnership__in=Partnership.objects.visible_to(actor))

    def active(self) -> "PartnershipGoalQuerySet":
        return self.filter(is_active=True)


class PartnershipGoal(BaseModel):
    """What the partnership set out to achieve on one measure: from a baseline to a target."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=64, choices=GoalMeasure.choices)
    # What is measured, in words, when the measure is "other".
    measure_other = models.CharField("other measure", max_length=200, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=16, choices=GoalUnit.choices)
    stated_on = models.DateField()
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PartnershipGoalQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "stated_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def measure_label(self) -> str:
        if self.measure == GoalMeasure.OTHER and self.measure_other:
            return self.measure_other
        return self.get_measure_display()


class PartnershipGoalRevisionQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "PartnershipGoalRevisionQuerySet":
        """Revisions of the goals of the actor's partnerships."""
        return self.filter(goal__partnership__in=Partnership.objects.visible_to(actor))


class PartnershipGoalRevision(AppendOnlyModel):
    """One change to a goal: each field's value before and after, why, by whom and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(PartnershipGoal, on_delete=models.PROTECT, related_name="revisions")
    # {field: {"before": value, "after": value}}, values as JSON (decimals as strings).
    changes = models.JSONField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    objects = PartnershipGoalRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "at"]

    def __str__(self) -> str:
        return f"Revision of {self.goal} at {self.at:%Y-%m-%d %H:%M}"
