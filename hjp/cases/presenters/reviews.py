"""File reviews as the case page, the review page and the supervisor's dashboard show them."""

import datetime
from collections.abc import Iterable

from django.urls import reverse

from hjp.accounts.actor import Actor
from hjp.accounts.models import User
from hjp.accounts.permissions import Permission
from hjp.cases.models import Case, FileReview, FileReviewSample, ReviewAction, ReviewSchedule
from hjp.cases.models.reviews import period_bounds
from hjp.cases.review_checklist import items_of
from hjp.core.formatting import format_date

Rating = FileReview.Rating
Overall = FileReview.Overall

OVERALL_TAG_CLASSES = {
    Overall.SATISFACTORY: "nhsuk-tag--green",
    Overall.WITH_ACTIONS: "nhsuk-tag--yellow",
    Overall.UNSATISFACTORY: "nhsuk-tag--red",
}
RATING_TAG_CLASSES = {
    Rating.MET: "nhsuk-tag--green",
    Rating.PARTLY: "nhsuk-tag--yellow",
    Rating.NOT_MET: "nhsuk-tag--red",
    Rating.NOT_APPLICABLE: "nhsuk-tag--grey",
}
CONFIRMED_TAG = {"text": "Confirmed", "classes": "nhsuk-tag--green"}
OVERDUE_TAG = {"text": "Overdue", "classes": "nhsuk-tag--red"}
NO_SCHEDULE = "No schedule"


def overall_tag(overall: str) -> dict:
    return {"text": Overall(overall).label, "classes": OVERALL_TAG_CLASSES[Overall(overall)]}


def rating_tag(rating: str) -> dict:
    if rating not in Rating.values:
        return {"text": rating or "Not rated", "classes": "nhsuk-tag--grey"}
    return {"text": Rating(rating).label, "classes": RATING_TAG_CLASSES[Rating(rating)]}


def due_tag(due_on: datetime.date, *, today: datetime.date) -> dict:
    """'Overdue' once the due day has passed, else when it is due."""
    if due_on < today:
        return OVERDUE_TAG
    return {"text": f"Due {format_date(due_on)}", "classes": "nhsuk-tag--blue"}


def schedule_text(schedule: ReviewSchedule | None) -> str:
    if schedule is None:
        return NO_SCHEDULE
    files = "file" if schedule.files_per_period == 1 else "files"
    return f"{schedule.files_per_period} {files} a {schedule.get_period_display().lower()}"


class ActionPresenter:
    """A corrective action: what, when due, and whether the reviewer has confirmed it."""

    def __init__(self, action: ReviewAction, *, viewer: Actor, today: datetime.date):
        self.action, self.viewer, self.today = action, viewer, today

    @property
    def status_tag(self) -> dict:
        if self.action.is_confirmed:
            return CONFIRMED_TAG
        return due_tag(self.action.due_on, today=self.today)

    @property
    def can_confirm(self) -> bool:
        """Only the reviewer who raised the action confirms it, once."""
        return (
            not self.action.is_confirmed
            and self.viewer.can(Permission.SUPERVISE_CASES)
            and self.action.review.reviewer_id == self.viewer.user_id
        )

    @property
    def confirm_url(self) -> str:
        return reverse("cases:review_action_confirm", kwargs={"action_pk": self.action.pk})

    @property
    def confirmation(self) -> str:
        action = self.action
        if not action.is_confirmed:
            return ""
        return f"Confirmed by {action.confirmed_by} on {format_date(action.confirmed_at)}"


class FileReviewPresenter:
    """One review: who, when, the rating of each checklist item, the overall result, actions."""

    def __init__(self, review: FileReview, *, viewer: Actor, today: datetime.date):
        self.review, self.viewer, self.today = review, viewer, today

    @property
    def url(self) -> str:
        return reverse("cases:review", kwargs={"review_pk": self.review.pk})

    @property
    def overall_tag(self) -> dict:
        return overall_tag(self.review.overall)

    @property
    def summary_rows(self) -> list[dict]:
        review = self.review
        rows = [
            ("Case", review.case.reference),
            ("Caseworker", str(review.caseworker)),
            ("Reviewer", str(review.reviewer)),
            ("Reviewed", format_date(review.reviewed_at)),
            ("Checklist", f"Version {review.checklist_version}"),
            ("How chosen", "Sampled at random" if review.sampled else "Chosen by the reviewer"),
            ("Comments", review.comments or "None"),
        ]
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]

    @property
    def ratings(self) -> list[dict]:
        """Each item as the reviewer was asked it, with its rating."""
        ratings = dict(self.review.ratings)
        rows = []
        for item in items_of(self.review.checklist_version):
            rows.append({"question": item.question, "tag": rating_tag(ratings.pop(item.code, ""))})
        # Items of a version this code no longer knows are still shown, by code.
        rows.extend({"question": code, "tag": rating_tag(r)} for code, r in ratings.items())
        return rows

    def actions(self, actions: Iterable[ReviewAction]) -> list[ActionPresenter]:
        return [ActionPresenter(a, viewer=self.viewer, today=self.today) for a in actions]


def reviews_section(case: Case, *, actor: Actor, today: datetime.date) -> dict:
    """The case page's reviews: for supervisors, and for the caseworker their own reviews.

    The case is one the page has already found the actor may see, so its reviews are read
    through it, narrowed by role: one query for the reviews with their actions, and one more
    for a supervisor's pending sample, whatever the number of rows or the organisation's size.
    """
    supervises = actor.can(Permission.SUPERVISE_CASES)
    is_caseworker = case.adviser_id is not None and case.adviser_id == actor.user_id
    if not (supervises or is_caseworker):
        return {"shown": False}
    rows = (
        case.file_reviews.seen_by(actor)
        .values_list(*_SECTION_FIELDS)
        .order_by("-reviewed_at", "actions__due_on", "actions__created_at")
    )
    reviews: dict = {}
    open_actions = []
    for review_id, reviewed_at, overall, reviewer_id, name, email, *action in rows:
        entry = reviews.setdefault(
            review_id,
            {
                "url": reverse("cases:review", kwargs={"review_pk": review_id}),
                "reviewed_on": format_date(reviewed_at),
                "reviewer": name or email,
                "overall_tag": overall_tag(overall),
                "open_actions": 0,
            },
        )
        action_id, description, due_on, confirmed_at = action
        if action_id is not None and confirmed_at is None:
            entry["open_actions"] += 1
            open_actions.append(
                {
                    "description": description,
                    "due_on": due_on,
                    "status_tag": due_tag(due_on, today=today),
                    "confirm_url": (
                        reverse("cases:review_action_confirm", kwargs={"action_pk": action_id})
                        if supervises and reviewer_id == actor.user_id
                        else None
                    ),
                }
            )
    pending = case.review_samples.pending().order_by("due_on").first() if supervises else None
    return {
        "shown": True,
        "supervises": supervises,
        "can_review": supervises and not is_caseworker and case.adviser_id is not None,
        "add_url": reverse("cases:review_add", kwargs={"case_pk": case.pk}),
        "pending_due_tag": due_tag(pending.due_on, today=today) if pending else None,
        "reviews": list(reviews.values()),
        "open_actions": sorted(open_actions, key=lambda action: action["due_on"]),
    }


_SECTION_FIELDS = (
    "id",
    "reviewed_at",
    "overall",
    "reviewer_id",
    "reviewer__full_name",
    "reviewer__email",
    "actions__id",
    "actions__description",
    "actions__due_on",
    "actions__confirmed_at",
)


def caseworker_rows(
    caseworkers: list[User],
    schedules: Iterable[ReviewSchedule],
    samples: Iterable[FileReviewSample],
    *,
    today: datetime.date,
) -> list[dict]:
    """Per caseworker: their schedule and how far this period's sample has got."""
    current = {s.caseworker_id: s for s in schedules}
    samples = list(samples)
    rows = []
    for caseworker in caseworkers:
        schedule = current.get(caseworker.pk)
        drawn = reviewed = 0
        if schedule is not None:
            start, end = period_bounds(schedule.period, today)
            mine = [
                s
                for s in samples
                if s.caseworker_id == caseworker.pk and s.period_start <= end and s.due_on >= start
            ]
            drawn, reviewed = len(mine), sum(1 for s in mine if s.review_id is not None)
        rows.append(
            {
                "caseworker": caseworker,
                "schedule": schedule_text(schedule),
                "reason": schedule.reason if schedule is not None else "",
                "progress": (
                    f"{reviewed} of {schedule.files_per_period} reviewed, {drawn} drawn"
                    if schedule is not None
                    else ""
                ),
            }
        )
    return rows
