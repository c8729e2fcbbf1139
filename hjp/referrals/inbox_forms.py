"""Forms for the inbox and the referral actions: they validate, the services decide."""

import datetime
import re

from django import forms
from django.utils import timezone

from hjp.core.forms import DatePartsField
from hjp.partnerships.models import AdviceArea
from hjp.referrals.models import ContactAttempt
from hjp.referrals.services import ATTEMPT_IN_FUTURE
from hjp.referrals.status import REASON_MISSING, REASON_REQUIRED, Reason, Status

ADVISER_REQUIRED = "Select who will hold the case"
OUTCOME_SUMMARY_REQUIRED = "Enter what you can tell the referrer about the outcome"
OUTCOME_SUMMARY_TOO_LONG = "What you can tell the referrer must be 500 characters or fewer"
TIME_REQUIRED = "Enter the time of the attempt"
TIME_INVALID = "Enter the time of the attempt using the 24-hour clock, like 14:30"
CHANNEL_REQUIRED = "Select how you tried to contact them"
OUTCOME_REQUIRED = "Select what happened"
MOVE_REQUIRED = "Select what you want to do with the referral"

OUTCOME_SUMMARY_MAX = 500
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")

TAB_NEW, TAB_OVERDUE, TAB_OPEN, TAB_CLOSED = "new", "overdue", "open", "closed"
TABS = [
    (TAB_NEW, "New"),
    (TAB_OVERDUE, "Overdue first contact"),
    (TAB_OPEN, "Open"),
    (TAB_CLOSED, "Closed"),
]
UNASSIGNED = "unassigned"

# Moves made on the status page; accepting and rejecting have pages of their own.
STATUS_PAGE_MOVES = [
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
    Status.FAILED,
    Status.CANCELLED,
    Status.ENTERED_IN_ERROR,
]


def _reason_missing(target: str) -> str:
    return REASON_MISSING.format(target=Status(target).label.lower())


class InboxFilterForm(forms.Form):
    """The inbox's tab and filters; only codes and identifiers, so they are safe in a URL."""

    tab = forms.ChoiceField(choices=TABS, required=False)
    area = forms.ChoiceField(
        label="Advice area", choices=[("", "All areas"), *AdviceArea.choices], required=False
    )
    site = forms.ChoiceField(label="Referring site", required=False)
    adviser = forms.ChoiceField(label="Assigned to", required=False)

    def __init__(self, data=None, *, sites=(), advisers=()):
        super().__init__(data)
        self.fields["site"].choices = [
            ("", "All sites"),
            *((str(pk), label) for pk, label in sites),
        ]
        self.fields["adviser"].choices = [
            ("", "Anyone"),
            (UNASSIGNED, "Not assigned"),
            *((str(user.pk), str(user)) for user in advisers),
        ]

    def value(self, name: str) -> str:
        """The cleaned value of a filter, or '' when it is missing or not one of the choices."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""

    @property
    def tab_value(self) -> str:
        return self.value("tab") or TAB_NEW


class AcceptForm(forms.Form):
    adviser = forms.ChoiceField(
        label="Who will hold the case?", error_messages={"required": ADVISER_REQUIRED}
    )
    note = forms.CharField(
        label="Note for your team (optional)",
        help_text="The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    def __init__(self, data=None, *, advisers=(), initial=None):
        super().__init__(data, initial=initial)
        self.fields["adviser"].choices = [(str(user.pk), str(user)) for user in advisers]
        self.fields["adviser"].error_messages["invalid_choice"] = ADVISER_REQUIRED


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why can the referral not be accepted?",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _reason_missing(Status.REJECTED),
            "invalid_choice": _reason_missing(Status.REJECTED),
        },
    )
    note = forms.CharField(
        label="Note for your team (optional)",
        help_text="The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class StatusForm(forms.Form):
    """One form for every other move; which fields matter depends on `to`."""

    to = forms.ChoiceField(
        label="What do you want to do?",
        choices=[(status.value, status.label) for status in STATUS_PAGE_MOVES],
        error_messages={"required": MOVE_REQUIRED, "invalid_choice": MOVE_REQUIRED},
    )
    reason = forms.ChoiceField(
        label="Reason", choices=Reason.choices, required=False, widget=forms.RadioSelect
    )
    outcome_summary = forms.CharField(
        label="What you can tell the referrer",
        help_text=(
            "A short summary of the outcome, with no casework detail. The referrer sees it only "
            "if the person agreed to share updates with them"
        ),
        required=False,
        max_length=OUTCOME_SUMMARY_MAX,
        error_messages={"max_length": OUTCOME_SUMMARY_TOO_LONG},
        widget=forms.Textarea,
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For the receiving service's records; the referrer does not see it",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("to")
        if target in REASON_REQUIRED and not cleaned.get("reason"):
            self.add_error("reason", _reason_missing(target))
        summary = cleaned.get("outcome_summary", "").strip()
        if target == Status.COMPLETED and not summary and "outcome_summary" not in self.errors:
            self.add_error("outcome_summary", OUTCOME_SUMMARY_REQUIRED)
        return cleaned


class ContactAttemptForm(forms.Form):
    attempted_on = DatePartsField(label="Date of the attempt", help_text="For example, 17 5 2026")
    attempted_time = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        max_length=5,
        error_messages={"required": TIME_REQUIRED, "max_length": TIME_INVALID},
    )
    channel = forms.ChoiceField(
        label="How did you try to contact them?",
        choices=ContactAttempt.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHANNEL_REQUIRED, "invalid_choice": CHANNEL_REQUIRED},
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=ContactAttempt.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_REQUIRED, "invalid_choice": OUTCOME_REQUIRED},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, the number you called. The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    @classmethod
    def initial_now(cls) -> dict:
        now = timezone.localtime()
        return {"attempted_on": now.date(), "attempted_time": f"{now:%H:%M}"}

    def clean_attempted_time(self) -> datetime.time:
        match = _TIME.match(self.cleaned_data["attempted_time"].strip())
        if match is None:
            raise forms.ValidationError(TIME_INVALID)
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("attempted_on"), cleaned.get("attempted_time")
        if day is not None and time is not None:
            moment = timezone.make_aware(datetime.datetime.combine(day, time))
            if moment > timezone.now():
                self.add_error("attempted_on", ATTEMPT_IN_FUTURE)
            else:
                cleaned["attempted_at"] = moment
        return cleaned
