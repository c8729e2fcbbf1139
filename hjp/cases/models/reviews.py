"""Supervisor file review: schedules per caseworker, sampled files, immutable reviews, actions."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.cases.models.case import Case
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class ReviewSchedule(BaseModel):
    """How many of a caseworker's files are reviewed each month or quarter, and why."""

    class Period(models.TextChoices):
        MONTH = "month", "Month"
        QUARTER = "quarter", "Quarter"

    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    files_per_period = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=8, choices=Period.choices)
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.files_per_period} a {self.period}"


class FileReviewQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "FileReviewQuerySet":
        return self.filter(case__in=Case.objects.visible_to(actor))


class FileReview(AppendOnlyModel):
    """A supervisor's review of one file against the checklist; written once, never changed."""

    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class Overall(models.TextChoices):
        SATISFACTORY = "satisfactory", "Satisfactory"
        WITH_ACTIONS = "with_actions", "Satisfactory with actions"
        UNSATISFACTORY = "unsatisfactory", "Unsatisfactory"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="file_reviews")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    # {checklist item code: rating}, the item wording kept in `checklist_version`'s list.
    ratings = models.JSONField()
    checklist_version = models.CharField(max_length=16)
    overall = models.CharField(max_length=16, choices=Overall.choices)
    comments = models.TextField(blank=True)
    sampled = models.BooleanField(default=False)

    objects = FileReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"File review {self.reviewed_at:%Y-%m-%d}"


class FileReviewSample(BaseModel):
    """A file picked at random for review in a period; done when its review is written."""

    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField()
    due_on = models.DateField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review = models.OneToOneField(
        FileReview, null=True, blank=True, on_delete=models.PROTECT, related_name="sample"
    )

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"Sample due {self.due_on:%Y-%m-%d}"


class ReviewAction(BaseModel):
    """A corrective action from a review, due in 28 days, confirmed done by the reviewer."""

    review = models.ForeignKey(FileReview, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmation_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.description[:60]
