"""Supervisor file review: schedules per caseworker, sampled files, immutable reviews, actions."""

import calendar
import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef

from hjp.accounts.permissions import Permission
from hjp.cases.models.case import Case
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


def _case_visible_to(actor: "Actor") -> Exists:
    """The row's case is one the actor may see; checked row by row, so a list of a few rows
    costs the same in an organisation of any size."""
    return Exists(Case.objects.visible_to(actor).filter(pk=OuterRef("case_id")))


def _supervised_organisation_id(actor: "Actor"):
    """The organisation whose file review the actor runs, or None for any other role."""
    return actor.organisation_id if actor.can(Permission.SUPERVISE_CASES) else None


class ReviewScheduleQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "ReviewScheduleQuerySet":
        """The schedules of the organisation the actor supervises."""
        organisation_id = _supervised_organisation_id(actor)
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id)

    def current(self) -> "ReviewScheduleQuerySet":
        return self.filter(ended_on__isnull=True)


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

    objects = ReviewScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "-created_at"]
        constraints = [
            # A caseworker has one schedule in force; setting a new one ends the old.
            models.UniqueConstraint(
                fields=["organisation", "caseworker"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_review_schedule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.files_per_period} a {self.period}"


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month or quarter that holds `day`."""
    first_month = day.month
    if period == ReviewSchedule.Period.QUARTER:
        first_month = 3 * ((day.month - 1) // 3) + 1
    elif period != ReviewSchedule.Period.MONTH:
        raise ValueError(f"Unknown review period: {period!r}")
    last_month = first_month + (2 if period == ReviewSchedule.Period.QUARTER else 0)
    last_day = calendar.monthrange(day.year, last_month)[1]
    return datetime.date(day.year, first_month, 1), datetime.date(day.year, last_month, last_day)


class FileReviewQuerySet(AppendOnlyQuerySet):
    def seen_by(self, actor: "Actor") -> "FileReviewQuerySet":
        """What the actor's role shows: a supervisor every review, a caseworker their own."""
        if actor.can(Permission.SUPERVISE_CASES):
            return self.filter(organisation_id=actor.organisation_id)
        if actor.can(Permission.VIEW_CASES):
            return self.filter(organisation_id=actor.organisation_id, caseworker_id=actor.user_id)
        return self.none()

    def visible_to(self, actor: "Actor") -> "FileReviewQuerySet":
        """Reviews the actor's role shows, of cases the actor may see."""
        return self.seen_by(actor).filter(_case_visible_to(actor))


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


class FileReviewSampleQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "FileReviewSampleQuerySet":
        """The samples of the organisation the actor supervises, of cases the actor may see."""
        organisation_id = _supervised_organisation_id(actor)
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id, case__in=Case.objects.visible_to(actor))

    def pending(self) -> "FileReviewSampleQuerySet":
        """Sampled files not reviewed yet."""
        return self.filter(review__isnull=True)

    def overlapping(self, start: datetime.date, end: datetime.date) -> "FileReviewSampleQuerySet":
        """Samples of a period that shares a day with `start`..`end`."""
        return self.filter(period_start__lte=end, due_on__gte=start)


class FileReviewSample(BaseModel):
    """A file picked at random for review in a period; done when its review is written."""

    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="review_samples")
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

    objects = FileReviewSampleQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"Sample due {self.due_on:%Y-%m-%d}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.review_id is None and self.due_on < today


class ReviewActionQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "ReviewActionQuerySet":
        """Actions of the reviews the actor may see."""
        return self.filter(
            Exists(FileReview.objects.visible_to(actor).filter(pk=OuterRef("review_id")))
        )

    def open(self) -> "ReviewActionQuerySet":
        return self.filter(confirmed_at__isnull=True)


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

    objects = ReviewActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.confirmed_at is None and self.due_on < today
