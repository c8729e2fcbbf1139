"""The casework guide's appointments section agrees with the code."""

from hjp.cases.appointment_reminders import SUBJECT, WINDOW_FROM, WINDOW_TO
from hjp.cases.models import Appointment
from hjp.cases.services.appointments import MAX_MINUTES, MIN_MINUTES
from hjp.cases.tests.guide import section as guide_section


def test_the_guide_lists_the_modes_and_attendance_values():
    text = section("Appointments")
    assert "How it happens: " + ", ".join(Appointment.Mode.labels) + "." in text
    happened = [label for value, label in Appointment.Attendance.choices if value != "booked"]
    assert "What happened: " + ", ".join(happened) + "." in text


def test_the_guide_gives_the_lengths_and_the_reminder_window():
    text = section("Appointments")
    assert f"({MIN_MINUTES} to {MAX_MINUTES} minutes)" in text
    hours = (int(WINDOW_FROM.total_seconds() // 3600), int(WINDOW_TO.total_seconds() // 3600))
    assert f"between {hours[0]} and {hours[1]} hours before" in text
    assert f'The email\'s subject is "{SUBJECT}"' in text


def section(title: str) -> str:
    return " ".join(guide_section(title).split())
