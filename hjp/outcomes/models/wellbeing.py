"""Wellbeing scores (SWEMWBS and ONS4) at baseline and follow-up, under evaluation consent."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hjp.core.models import BaseModel
from hjp.outcomes.models._scoped import CaseOutcomeQuerySet


class Timepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    FOLLOW_UP = "follow_up", "Follow-up"


class WellbeingMeasure(BaseModel):
    """One sitting of both questionnaires; items left unanswered are stored as null."""

    Timepoint = Timepoint

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, on_delete=models.PROTECT, related_name="+"
    )
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    taken_on = models.DateField()
    # Seven SWEMWBS items scored 1-5; null where not answered.
    swemwbs_items = models.JSONField(default=list)
    # The metric score from the published table; null when any item is missing.
    swemwbs_metric = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    life_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    worthwhile = models.PositiveSmallIntegerField(null=True, blank=True)
    happy_yesterday = models.PositiveSmallIntegerField(null=True, blank=True)
    anxious_yesterday = models.PositiveSmallIntegerField(null=True, blank=True)
    # Baseline only: when the follow-up is due, and when its reminder went to the adviser.
    follow_up_due_on = models.DateField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "timepoint"], name="one_wellbeing_measure_per_timepoint"
            ),
            models.CheckConstraint(
                condition=Q(life_satisfaction__lte=10)
                & Q(worthwhile__lte=10)
                & Q(happy_yesterday__lte=10)
                & Q(anxious_yesterday__lte=10),
                name="ons4_items_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Wellbeing {self.get_timepoint_display().lower()} {self.taken_on:%Y-%m-%d}"

    @property
    def ons4(self) -> dict[str, int | None]:
        return {
            "life_satisfaction": self.life_satisfaction,
            "worthwhile": self.worthwhile,
            "happy_yesterday": self.happy_yesterday,
            "anxious_yesterday": self.anxious_yesterday,
        }
