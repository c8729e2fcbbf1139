"""Schedules, sessions and slots shaped for NHS.UK tags, summary lists and tables."""

from django.utils import timezone

from hjp.clinics.models import ClinicSchedule, ClinicSession, ClinicSlot, Frequency, WeekOfMonth
from hjp.core.formatting import format_date


def _time(value) -> str:
    return f"{value:%H:%M}"


def slot_label(slot: ClinicSlot) -> str:
    """'Tuesday 9 December 2026 at 09:30'."""
    start = timezone.localtime(slot.starts_at)
    return f"{start:%A} {format_date(start)} at {start:%H:%M}"


def slot_place(slot: ClinicSlot) -> str:
    return f"Slots at {slot.session.site.name} with {slot.session.service.name}"


def rule_text(schedule: ClinicSchedule) -> str:
    """'Every week on Tuesday', 'Every 2 weeks on Tuesday', 'The 2nd Tuesday of each month'."""
    day = schedule.get_weekday_display()
    if schedule.frequency == Frequency.MONTHLY:
        week = WeekOfMonth(schedule.week_of_month).label.lower()
        return f"The {week} {day} of each month"
    return f"{schedule.get_frequency_display()} on {day}"


class SchedulePresenter:
    def __init__(self, schedule: ClinicSchedule):
        self.schedule = schedule

    @property
    def rule(self) -> str:
        return rule_text(self.schedule)

    @property
    def times(self) -> str:
        s = self.schedule
        return f"{_time(s.start_time)} to {_time(s.end_time)}, {s.slot_minutes}-minute slots"

    @property
    def dates(self) -> str:
        s = self.schedule
        if s.ends_on:
            return f"From {format_date(s.starts_on)} to {format_date(s.ends_on)}"
        return f"From {format_date(s.starts_on)}"


STATUS_TAGS = {
    ClinicSession.Status.SCHEDULED: "nhsuk-tag--green",
    ClinicSession.Status.CANCELLED: "nhsuk-tag--grey",
}


class SessionPresenter:
    def __init__(self, session: ClinicSession):
        self.session = session

    @property
    def when(self) -> str:
        s = self.session
        return f"{s.date:%A} {format_date(s.date)}, {_time(s.start_time)} to {_time(s.end_time)}"

    @property
    def status_tag(self) -> dict:
        s = self.session
        text = "Moved" if s.is_moved and not s.is_cancelled else s.get_status_display()
        return {"text": text, "classes": STATUS_TAGS[s.status]}

    def slot_rows(self, bookings_by_slot: dict, taken: set) -> list[dict]:
        """Each slot's time, who is booked in it (None when free or not the reader's to see)
        and whether it is taken."""
        return [
            {
                "slot": slot,
                "time": f"{timezone.localtime(slot.starts_at):%H:%M}",
                "booking": bookings_by_slot.get(slot.pk),
                "taken": slot.pk in taken,
            }
            for slot in self.session.slots.all()
        ]
