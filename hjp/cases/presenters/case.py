"""A case as the caseload, the case page's header and the closing pages show it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hjp.cases.models import Case
from hjp.cases.presenters.notes import minutes_text
from hjp.core.formatting import format_date
from hjp.partnerships.models import AdviceArea

STATUS_TAG_CLASSES = {
    Case.Status.OPEN: "nhsuk-tag--aqua-green",
    Case.Status.CLOSED: "nhsuk-tag--grey",
}
NOT_ALLOCATED = "Not allocated"
INACTIVE_DAYS = 30
INACTIVE_TAG = {"text": f"No activity for {INACTIVE_DAYS} days", "classes": "nhsuk-tag--orange"}
REOPENED_TAG = {"text": "Reopened within 6 months", "classes": "nhsuk-tag--purple"}


class CasePresenter:
    """A case as the case list and case page show it."""

    def __init__(self, case: Case, *, viewer=None, now: datetime.datetime | None = None):
        self.case = case
        self.viewer = viewer
        self.now = now or timezone.now()

    @property
    def status_tag(self) -> dict:
        status = Case.Status(self.case.status)
        return {"text": status.label, "classes": STATUS_TAG_CLASSES[status]}

    @property
    def is_inactive(self) -> bool:
        last = self.case.last_activity_at or self.case.opened_at
        return self.case.is_open and self.now - last > datetime.timedelta(days=INACTIVE_DAYS)

    @property
    def flags(self) -> list[dict]:
        flags = []
        if self.is_inactive:
            flags.append(INACTIVE_TAG)
        if self.case.reopened_within_six_months:
            flags.append(REOPENED_TAG)
        return flags

    @property
    def adviser(self) -> str:
        adviser = self.case.adviser
        if adviser is None:
            return NOT_ALLOCATED
        if self.viewer is not None and adviser.pk == self.viewer.user_id:
            return f"{adviser} (you)"
        return str(adviser)

    @property
    def advice_areas(self) -> str:
        labels = dict(AdviceArea.choices)
        return ", ".join(labels.get(area, area) for area in self.case.advice_areas) or "None"

    @property
    def days_open(self) -> int:
        end = self.case.closed_at or self.now
        return (end - self.case.opened_at).days

    @property
    def last_activity(self) -> str:
        return format_date(self.case.last_activity_at) if self.case.last_activity_at else "None"

    @property
    def next_deadline(self) -> str:
        return format_date(self.case.next_deadline_on) if self.case.next_deadline_on else "None"

    def summary_rows(self, *, minutes: int | None = None) -> list[dict]:
        case = self.case
        rows = [
            ("Reference", case.reference),
            ("Adviser", self.adviser),
            ("Came to us by", case.get_opened_via_display()),
            ("Opened", f"{format_date(case.opened_at)} ({self.days_open} days)"),
            ("Last activity", self.last_activity),
            ("Next deadline", self.next_deadline),
            ("Help needed with", self.advice_areas),
        ]
        if minutes is not None:
            rows.append(("Time recorded", minutes_text(minutes)))
        if case.closed_at is not None:
            rows.append(("Closed", format_date(case.closed_at)))
            rows.append(("Why it closed", case.get_close_reason_display() or "Not given"))
        if case.reopened_count:
            rows.append(
                ("Reopened", f"{case.reopened_count} time{'s' if case.reopened_count > 1 else ''}")
            )
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]

    @property
    def table_row(self) -> list[dict]:
        """One row of the caseload: reference, client, adviser, next deadline, last activity,
        days open."""
        case = self.case
        return [
            {"text": case.reference, "href": case.get_absolute_url()},
            {"text": case.person.full_name},
            {"text": self.adviser},
            {"text": self.next_deadline},
            {"text": self.last_activity},
            {"text": str(self.days_open)},
        ]

    @property
    def close_url(self) -> str:
        return reverse("cases:close", kwargs={"case_pk": self.case.pk})

    @property
    def reopen_url(self) -> str:
        return reverse("cases:reopen", kwargs={"case_pk": self.case.pk})
