"""Decisions on benefit claims at each stage, for success rates by benefit, stage and evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hjp.core.models import BaseModel
from hjp.outcomes.models._scoped import CaseOutcomeQuerySet


class ClaimStage(models.TextChoices):
    INITIAL = "initial", "Initial decision"
    REVIEW = "review", "Review"
    MANDATORY_RECONSIDERATION = "mandatory_reconsideration", "Mandatory reconsideration"
    FIRST_TIER_TRIBUNAL = "first_tier_tribunal", "First-tier tribunal"
    UPPER_TRIBUNAL = "upper_tribunal", "Upper tribunal"


class ClaimResult(models.TextChoices):
    AWARDED = "awarded", "Awarded or increased"
    PARTLY = "partly", "Partly successful"
    UNCHANGED = "unchanged", "Unchanged"
    REFUSED = "refused", "Refused"
    REVISED_BEFORE_HEARING = "revised_before_hearing", "Revised before the hearing"
    WITHDRAWN = "withdrawn", "Withdrawn"
    STRUCK_OUT = "struck_out", "Struck out"


# Results that count as success in the claim-success rate.
SUCCESSFUL_RESULTS = frozenset(
    {ClaimResult.AWARDED, ClaimResult.PARTLY, ClaimResult.REVISED_BEFORE_HEARING}
)
# Results that count in the rate's denominator: a decision was made on the merits.
DECIDED_RESULTS = frozenset({*SUCCESSFUL_RESULTS, ClaimResult.UNCHANGED, ClaimResult.REFUSED})


class ClaimDecision(BaseModel):
    """A decision on a client's claim at one stage, and whether medical evidence was obtained."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(
        "cases.CaseIssue", on_delete=models.PROTECT, related_name="claim_decisions"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, on_delete=models.PROTECT, related_name="+"
    )
    benefit = models.CharField(max_length=40)
    stage = models.CharField(max_length=32, choices=ClaimStage.choices)
    decided_on = models.DateField()
    result = models.CharField(max_length=24, choices=ClaimResult.choices)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    medical_evidence = models.BooleanField("medical evidence obtained")
    # Set from the evidence requests, never typed: an answer provided through the platform on
    # or before the decision.
    evidence_via_platform = models.BooleanField(
        "medical evidence obtained through the platform", default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["decided_on", "created_at"]
        indexes = [models.Index(fields=["partnership", "decided_on"], name="claim_report")]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__lte=100), name="claim_points_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_result_display()}"

    @property
    def is_success(self) -> bool:
        return self.result in SUCCESSFUL_RESULTS
