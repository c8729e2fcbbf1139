"""Appointments as the case page, an appointment's page and an adviser's diary show them."""

from django.urls import reverse
from django.utils import timezone

from hjp.cases.models import Appointment, Case
from hjp.core.formatting import format_date

ATTENDANCE_CLASSES = {
    Appointment.Attendance.BOOKED: "nhsuk-tag--blue",
    Appointment.Attendance.ATTENDED: "nhsuk-tag--green",
    Appointment.Attendance.DID_NOT_ATTEND: "nhsuk-tag--red",
    Appointment.Attendance.CANCELLED_BY_CLIENT: "nhsuk-tag--grey",
    Appointment.Attendance.CANCELLED_BY_SERVICE: "nhsuk-tag--grey",
}
RECENT_PAST = 5


class AppointmentPresenter:
    def __init__(self, appointment: Appointment):
        self.appointment = appointment

    @property
    def url(self) -> str:
        return reverse("cases:appointment", kwargs={"appointment_pk": self.appointment.pk})

    @property
    def when(self) -> str:
        start = timezone.localtime(self.appointment.starts_at)
        return f"{format_date(start)}, {start:%H:%M}"

    @property
    def tag(self) -> dict:
        a = self.appointment
        return {"text": a.get_attendance_display(), "classes": ATTENDANCE_CLASSES[a.attendance]}

    @property
    def where(self) -> str:
        a = self.appointment
        return a.site.name if a.site_id else a.get_mode_display()

    def summary_rows(self, reminder=None) -> list[dict]:
        a = self.appointment
        rows = [
            ("When", self.when),
            ("Length", f"{a.duration_minutes} minutes"),
            ("How", a.get_mode_display()),
            ("Where", a.site.name if a.site_id else "No site"),
            ("Adviser", str(a.adviser)),
            ("Interpreter", a.interpreter_language or "Not needed"),
            ("Attendance", a.get_attendance_display()),
        ]
        if a.attendance == Appointment.Attendance.ATTENDED:
            rows.append(("Time spent", f"{a.minutes} minutes"))
        if a.note:
            rows.append(("Note", a.note))
        if reminder is not None:
            text = "Sent by email" if reminder.outcome == "sent" else f"Not sent: {reminder.reason}"
            rows.append(("Reminder to the client", f"{text} ({format_date(reminder.sent_at)})"))
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def appointments_section(case: Case) -> dict:
    """Upcoming appointments and the last few past ones, in two queries."""
    now = timezone.now()
    rows = case.appointments.select_related("site", "adviser")
    upcoming = list(rows.filter(starts_at__gte=now).order_by("starts_at"))
    past = list(rows.filter(starts_at__lt=now).order_by("-starts_at")[:RECENT_PAST])
    return {
        "upcoming": [AppointmentPresenter(a) for a in upcoming],
        "past": [AppointmentPresenter(a) for a in past],
        "book_url": reverse("cases:appointment_book", kwargs={"case_pk": case.pk}),
        "can_add": case.is_open,
    }
