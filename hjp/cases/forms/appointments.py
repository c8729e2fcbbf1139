"""Forms for booking, moving and recording appointments."""

import datetime
import re

from django import forms
from django.utils import timezone

from hjp.cases.models import Appointment
from hjp.core import nhsuk_forms as nhsuk

TIME_INVALID = "Enter the time in the 24-hour clock, for example 14:30"
LENGTH_INVALID = "Enter the length in minutes, as a whole number, for example 45"
MINUTES_INVALID = "Enter the time spent in minutes, as a whole number from 0 to 1440"
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")


class AppointmentForm(nhsuk.NhsukForm):
    day = nhsuk.DatePartsField(label="Date", help_text="For example, 17 5 2026")
    time = nhsuk.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        classes="nhsuk-input--width-5",
        max_length=5,
        error_messages={"required": TIME_INVALID},
    )
    duration_minutes = nhsuk.CharField(
        label="Length, in minutes",
        inputmode="numeric",
        classes="nhsuk-input--width-3",
        initial="45",
        error_messages={"required": LENGTH_INVALID},
    )
    mode = nhsuk.ChoiceField(
        label="How",
        choices=Appointment.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the appointment happens"},
    )
    site = nhsuk.ChoiceField(label="Site (for face to face)", required=False)
    adviser = nhsuk.ChoiceField(label="Adviser", error_messages={"required": "Choose the adviser"})

    def __init__(self, data=None, *, sites=(), advisers=(), initial=None):
        super().__init__(data, initial=initial)
        self.sites = {str(site.pk): site for site in sites}
        self.fields["site"].choices = [("", "No site")] + [
            (k, s.name) for k, s in self.sites.items()
        ]
        self.advisers = {str(user.pk): user for user in advisers}
        self.fields["adviser"].choices = [(k, str(u)) for k, u in self.advisers.items()]

    def clean_time(self) -> datetime.time:
        match = TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise forms.ValidationError(TIME_INVALID)
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean_duration_minutes(self) -> int:
        raw = self.cleaned_data["duration_minutes"].strip()
        if not raw.isdigit() or len(raw) > 4:
            raise forms.ValidationError(LENGTH_INVALID)
        return int(raw)

    def clean_site(self):
        return self.sites.get(self.cleaned_data.get("site") or "")

    def clean_adviser(self):
        return self.advisers[self.cleaned_data["adviser"]]

    def values(self) -> dict:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["day"], data["time"]))
        return {
            "starts_at": starts_at,
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "adviser": data["adviser"],
            "site": data["site"],
        }


class BookForm(AppointmentForm):
    interpreter_language = nhsuk.CharField(
        label="Interpreter language (optional)",
        help_text="Filled in when the person's record says they need an interpreter",
        max_length=64,
        required=False,
    )

    def values(self) -> dict:
        return super().values() | {
            "interpreter_language": self.cleaned_data["interpreter_language"]
        }


class AttendanceForm(nhsuk.NhsukForm):
    attendance = nhsuk.ChoiceField(
        label="What happened?",
        choices=[
            c for c in Appointment.Attendance.choices if c[0] != Appointment.Attendance.BOOKED
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    minutes = nhsuk.CharField(
        label="Time spent, in minutes",
        help_text="Counts towards time recorded only when the client attended",
        inputmode="numeric",
        classes="nhsuk-input--width-4",
        required=False,
    )
    note = nhsuk.CharField(
        label="Note (optional)", widget=forms.Textarea, rows=2, max_length=2000, required=False
    )
    first_contact = nhsuk.BooleanField(
        label="Record this as the service's first contact with the person on the referral",
        required=False,
        initial=True,
    )

    def __init__(self, data=None, *, offers_first_contact: bool = False):
        super().__init__(data)
        if not offers_first_contact:
            del self.fields["first_contact"]

    def clean_minutes(self) -> int:
        raw = (self.cleaned_data.get("minutes") or "0").strip()
        if not raw.isdigit() or int(raw) > 1440:
            raise forms.ValidationError(MINUTES_INVALID)
        return int(raw)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("first_contact", False)
        return data
