"""Forms for schedules, one-off changes, cancellation, attendance and re-booking."""

import datetime
import re

from django import forms

from hjp.clinics.models import Booking, Frequency, Weekday, WeekOfMonth
from hjp.clinics.presenters import slot_label, slot_place
from hjp.core import nhsuk_forms as nhsuk

TIME_INVALID = "Enter the time in the 24-hour clock, for example 09:30"
LENGTH_INVALID = "Enter the slot length in minutes, as a whole number, for example 30"
SITE_REQUIRED = "Choose the site where the clinic runs"
REASON_REQUIRED = "Enter why the clinic is cancelled"
SLOT_REQUIRED = "Choose a free slot"
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")
NO_BOOKING = "none"


def _time(raw: str) -> datetime.time:
    match = TIME.match((raw or "").strip())
    if not match:
        raise forms.ValidationError(TIME_INVALID)
    return datetime.time(int(match.group(1)), int(match.group(2)))


class _SitesForm(nhsuk.NhsukForm):
    site = nhsuk.ChoiceField(
        label="Site", widget=forms.RadioSelect, error_messages={"required": SITE_REQUIRED}
    )

    def __init__(self, data=None, *, sites=(), initial=None):
        super().__init__(data, initial=initial)
        self.sites = {str(site.pk): site for site in sites}
        self.fields["site"].choices = [(pk, site.name) for pk, site in self.sites.items()]

    def clean_site(self):
        return self.sites[self.cleaned_data["site"]]


class ScheduleForm(_SitesForm):
    frequency = nhsuk.ChoiceField(
        label="How often?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        reveals={Frequency.MONTHLY: "week_of_month"},
        error_messages={"required": "Select how often the clinic runs"},
    )
    week_of_month = nhsuk.ChoiceField(
        label="Which week of the month?",
        help_text="A month without a 5th one has no clinic",
        choices=WeekOfMonth.choices,
        widget=forms.RadioSelect,
        inline=True,
        required=False,
    )
    weekday = nhsuk.ChoiceField(
        label="Day",
        choices=Weekday.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the day of the week"},
    )
    starts_on = nhsuk.DatePartsField(label="First date", help_text="For example, 6 1 2027")
    ends_on = nhsuk.DatePartsField(
        label="Last date (optional)", help_text="Leave empty to run until changed", required=False
    )
    start_time = nhsuk.CharField(
        label="Start time",
        help_text="24-hour clock, for example 09:30",
        classes="nhsuk-input--width-5",
        error_messages={"required": TIME_INVALID},
    )
    end_time = nhsuk.CharField(
        label="End time",
        classes="nhsuk-input--width-5",
        error_messages={"required": TIME_INVALID},
    )
    slot_minutes = nhsuk.CharField(
        label="Length of each appointment, in minutes",
        inputmode="numeric",
        classes="nhsuk-input--width-3",
        initial="30",
        error_messages={"required": LENGTH_INVALID},
    )
    adviser = nhsuk.ChoiceField(label="Adviser (optional)", required=False)

    def __init__(self, data=None, *, sites=(), advisers=(), initial=None):
        super().__init__(data, sites=sites, initial=initial)
        self.advisers = {str(user.pk): user for user in advisers}
        self.fields["adviser"].choices = [("", "Not decided yet")] + [
            (pk, str(user)) for pk, user in self.advisers.items()
        ]

    def clean_start_time(self):
        return _time(self.cleaned_data["start_time"])

    def clean_end_time(self):
        return _time(self.cleaned_data["end_time"])

    def clean_slot_minutes(self) -> int:
        raw = self.cleaned_data["slot_minutes"].strip()
        if not raw.isdigit() or len(raw) > 3:
            raise forms.ValidationError(LENGTH_INVALID)
        return int(raw)

    def clean_weekday(self) -> int:
        return int(self.cleaned_data["weekday"])

    def clean_week_of_month(self) -> int | None:
        raw = self.cleaned_data.get("week_of_month")
        return int(raw) if raw else None

    def clean_adviser(self):
        return self.advisers.get(self.cleaned_data.get("adviser") or "")

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ChangeSessionForm(_SitesForm):
    date = nhsuk.DatePartsField(label="Date", help_text="For example, 13 1 2027")
    start_time = nhsuk.CharField(
        label="Start time",
        help_text="24-hour clock. The clinic keeps its length",
        classes="nhsuk-input--width-5",
        error_messages={"required": TIME_INVALID},
    )

    def clean_start_time(self):
        return _time(self.cleaned_data["start_time"])


class CancelSessionForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why is the clinic cancelled?",
        help_text="Seen by your service only. People booked are told only that it is cancelled",
        widget=forms.Textarea,
        rows=3,
        max_length=500,
        error_messages={"required": REASON_REQUIRED},
    )


class AttendanceForm(nhsuk.NhsukForm):
    booking = forms.UUIDField(widget=forms.HiddenInput)
    attendance = nhsuk.ChoiceField(
        label="What happened?",
        choices=[
            (Booking.Status.ATTENDED, "Attended"),
            (Booking.Status.DID_NOT_ATTEND, "Did not attend"),
        ],
        widget=forms.RadioSelect,
        inline=True,
        error_messages={"required": "Select attended or did not attend"},
    )


class SlotForm(nhsuk.NhsukForm):
    """A choice of free slots, the place of each in its hint."""

    slot = nhsuk.ChoiceField(
        label="Choose a new appointment",
        widget=forms.RadioSelect,
        error_messages={"required": SLOT_REQUIRED, "invalid_choice": SLOT_REQUIRED},
    )

    def __init__(self, data=None, *, slots=()):
        super().__init__(data)
        self.slots = {str(slot.pk): slot for slot in slots}
        field = self.fields["slot"]
        field.choices = [(pk, slot_label(slot)) for pk, slot in self.slots.items()]
        field.display["choice_hints"] = {pk: slot_place(slot) for pk, slot in self.slots.items()}

    def clean_slot(self):
        return self.slots[self.cleaned_data["slot"]]
