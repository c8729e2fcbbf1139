"""Forms for the inbox and the referral actions: they validate, the services decide."""

import datetime
import re
from collections.abc import Iterable

from django import forms
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership, User
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.core import nhsuk_forms as nhsuk
from hjp.partnerships.models import AdviceArea, Organisation, Site
from hjp.referrals.models import UNASSIGNED, ContactAttempt, InboxTab
from hjp.referrals.presenters.moves import STATUS_PAGE_MOVES
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

TABS = InboxTab.choices
__all__ = ["STATUS_PAGE_MOVES", "TABS", "UNASSIGNED"]


def _reason_missing(target: str) -> str:
    return REASON_MISSING.format(target=Status(target).label.lower())


def allocatable_users(actor: Actor, *, organisation_id, organisation_kind: str) -> list[User]:
    """Who can hold a case: the advisers and supervisors of an advice organisation (any care
    staff of a health organisation receiving a referral), and always the person accepting."""
    permission = Permission.HOLD_CASES
    if organisation_kind != Organisation.Kind.ADVICE:
        permission = Permission.ACT_ON_REFERRAL
    members = Membership.objects.active().filter(
        organisation_id=organisation_id, role__in=ROLE_PERMISSIONS[permission]
    )
    users = list(User.objects.filter(is_active=True, memberships__in=members).distinct())
    if actor.user is not None and actor.user_id not in {u.pk for u in users}:
        users.insert(0, actor.user)
    return users


class InboxFilterForm(nhsuk.NhsukForm):
    """The inbox's tab and filters; only codes and identifiers, so they are safe in a URL."""

    tab = forms.ChoiceField(choices=TABS, required=False)
    area = nhsuk.ChoiceField(
        label="Advice area", choices=[("", "All areas"), *AdviceArea.choices], required=False
    )
    site = nhsuk.ChoiceField(label="Referring site", required=False)
    adviser = nhsuk.ChoiceField(label="Assigned to", required=False)

    def __init__(self, data=None, *, sites: Iterable[Site] = (), advisers: Iterable[User] = ()):
        super().__init__(data)
        self.fields["site"].choices = [
            ("", "All sites"),
            *((str(site.pk), f"{site.name}, {site.organisation.name}") for site in sites),
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

    def filters(self) -> dict[str, str]:
        """The filters chosen, keyed as `ReferralQuerySet.matching_inbox_filters` takes them."""
        return {name: self.value(name) for name in ("area", "site", "adviser")}

    @property
    def tab_value(self) -> str:
        return self.value("tab") or InboxTab.NEW


class AcceptForm(nhsuk.NhsukForm):
    adviser = nhsuk.ChoiceField(
        label="Who will hold the case?", error_messages={"required": ADVISER_REQUIRED}
    )
    note = nhsuk.CharField(
        label="Note for your team (optional)",
        help_text="The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        rows=3,
    )

    def __init__(self, data=None, *, advisers=(), initial=None):
        super().__init__(data, initial=initial)
        self.fields["adviser"].choices = [(str(user.pk), str(user)) for user in advisers]
        self.fields["adviser"].error_messages["invalid_choice"] = ADVISER_REQUIRED


class RejectForm(nhsuk.NhsukForm):
    reason = nhsuk.ChoiceField(
        label="Why can the referral not be accepted?",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        label_size="m",
        error_messages={
            "required": _reason_missing(Status.REJECTED),
            "invalid_choice": _reason_missing(Status.REJECTED),
        },
    )
    note = nhsuk.CharField(
        label="Note for your team (optional)",
        help_text="The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        rows=3,
    )


class StatusForm(nhsuk.NhsukForm):
    """One form for every other move; which fields matter depends on `to`."""

    to = nhsuk.ChoiceField(
        label="What do you want to do?",
        choices=[(status.value, status.label) for status in STATUS_PAGE_MOVES],
        widget=forms.RadioSelect,
        label_size="m",
        error_messages={"required": MOVE_REQUIRED, "invalid_choice": MOVE_REQUIRED},
    )
    reason = nhsuk.ChoiceField(
        label="Reason",
        choices=Reason.choices,
        required=False,
        widget=forms.RadioSelect,
        label_size="m",
    )
    outcome_summary = nhsuk.CharField(
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
    note = nhsuk.CharField(
        label="Note (optional)",
        help_text="For the receiving service's records; the referrer does not see it",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        rows=3,
    )

    def offer_moves(self, moves: list[tuple[str, str]]) -> None:
        """Offer only these (status, label) moves as the choices of what to do."""
        self.fields["to"].widget.choices = moves

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("to")
        if target in REASON_REQUIRED and not cleaned.get("reason"):
            self.add_error("reason", _reason_missing(target))
        summary = cleaned.get("outcome_summary", "").strip()
        if target == Status.COMPLETED and not summary and "outcome_summary" not in self.errors:
            self.add_error("outcome_summary", OUTCOME_SUMMARY_REQUIRED)
        return cleaned


class ContactAttemptForm(nhsuk.NhsukForm):
    attempted_on = nhsuk.DatePartsField(
        label="Date of the attempt", help_text="For example, 17 5 2026"
    )
    attempted_time = nhsuk.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        classes="nhsuk-input--width-5",
        inputmode="numeric",
        max_length=5,
        error_messages={"required": TIME_REQUIRED, "max_length": TIME_INVALID},
    )
    channel = nhsuk.ChoiceField(
        label="How did you try to contact them?",
        choices=ContactAttempt.Channel.choices,
        widget=forms.RadioSelect,
        label_size="m",
        error_messages={"required": CHANNEL_REQUIRED, "invalid_choice": CHANNEL_REQUIRED},
    )
    outcome = nhsuk.ChoiceField(
        label="What happened?",
        choices=ContactAttempt.Outcome.choices,
        widget=forms.RadioSelect,
        label_size="m",
        error_messages={"required": OUTCOME_REQUIRED, "invalid_choice": OUTCOME_REQUIRED},
    )
    note = nhsuk.CharField(
        label="Note (optional)",
        help_text="For example, the number you called. The referrer does not see this",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        rows=3,
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

    def attempt(self) -> dict:
        """The cleaned attempt, keyed as `record_contact_attempt` takes it."""
        names = ("attempted_at", "channel", "outcome", "note")
        return {name: self.cleaned_data[name] for name in names}

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
