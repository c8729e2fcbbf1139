"""Forms for asking, replying and closing; the services decide what is allowed."""

from django import forms

from hjp.accounts.models import Role
from hjp.consultations import errors
from hjp.consultations.services import MAX_MINUTES
from hjp.consultations.status import Kind, Outcome, Topic
from hjp.core import nhsuk_forms as nhsuk

OVERRIDE_LABEL = "Send it anyway: the question needs these details"


def _minutes_field():
    return nhsuk.CharField(
        label="Time your team spent, in minutes (optional)",
        help_text="Counted towards the time spent answering questions",
        inputmode="numeric",
        classes="nhsuk-input--width-4",
        max_length=4,
        required=False,
    )


def _clean_minutes(raw: str) -> int:
    raw = (raw or "0").strip() or "0"
    if not raw.isdigit() or int(raw) > MAX_MINUTES:
        raise forms.ValidationError(errors.MINUTES_INVALID)
    return int(raw)


class PersonalDataOverride(nhsuk.NhsukForm):
    """The two fields shown after a warning that the text may identify someone."""

    override = nhsuk.BooleanField(label=OVERRIDE_LABEL, required=False)
    override_reason = nhsuk.CharField(
        label="Why does it need them?",
        help_text="Kept with the message. Only the fact that you gave a reason is audited.",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", errors.OVERRIDE_REASON_REQUIRED)
        return data

    @property
    def reason_to_send_anyway(self) -> str:
        data = self.cleaned_data
        return data.get("override_reason", "").strip() if data.get("override") else ""


class AskForm(PersonalDataOverride):
    """The question, of whom, on what topic; for a case discussion its date and attendees."""

    kind = nhsuk.ChoiceField(
        label="What do you want to do?",
        label_size="m",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.KIND_INVALID},
    )
    to_organisation = nhsuk.ChoiceField(
        label="Organisation to ask",
        error_messages={"required": errors.RECIPIENT_NOT_IN_PARTNERSHIP},
    )
    topic = nhsuk.ChoiceField(
        label="Topic",
        choices=[("", "Choose a topic"), *Topic.choices],
        error_messages={"required": errors.TOPIC_INVALID},
    )
    subject = nhsuk.CharField(
        label="Subject",
        help_text="A few words the other team will see in their list",
        max_length=200,
        error_messages={"required": errors.SUBJECT_REQUIRED},
    )
    question = nhsuk.CharField(
        label="Your question",
        widget=forms.Textarea,
        rows=6,
        max_length=5000,
        error_messages={"required": errors.QUESTION_REQUIRED},
    )
    referral_agreed = nhsuk.BooleanField(label="I agree this can become a referral", required=False)
    meeting_on = nhsuk.DatePartsField(
        label="Date of the case discussion (case discussions only)",
        help_text="For example, 3 11 2026",
        required=False,
    )
    attendees = nhsuk.MultipleChoiceField(
        label="Who attended (case discussions only)", required=False
    )

    def __init__(self, data=None, *, organisations=(), memberships=(), initial=None):
        super().__init__(data, initial=initial)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["to_organisation"].choices = [("", "Choose an organisation")] + [
            (key, f"{o.name} ({o.get_kind_display().lower()})")
            for key, o in self.organisations.items()
        ]
        self.memberships = {str(m.pk): m for m in memberships}
        self.fields["attendees"].choices = [
            (key, f"{m.user.full_name} ({Role(m.role).label}, {m.organisation.name})")
            for key, m in self.memberships.items()
        ]

    def ask_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "to_organisation": self.organisations.get(data["to_organisation"]),
            "topic": data["topic"],
            "subject": data["subject"],
            "question": data["question"],
            "referral_agreed": data["referral_agreed"],
            "meeting_on": data["meeting_on"] if data["kind"] == Kind.CASE_DISCUSSION else None,
            "attendees": [self.memberships[k] for k in data["attendees"]]
            if data["kind"] == Kind.CASE_DISCUSSION
            else [],
            "override_reason": self.reason_to_send_anyway,
        }


class ReplyForm(PersonalDataOverride):
    body = nhsuk.CharField(
        label="Your reply",
        label_size="m",
        widget=forms.Textarea,
        rows=5,
        max_length=5000,
        error_messages={"required": errors.MESSAGE_REQUIRED},
    )
    minutes = _minutes_field()

    field_order = ["body", "minutes", "override", "override_reason"]

    def __init__(self, data=None, *, responder: bool):
        super().__init__(data)
        if not responder:
            del self.fields["minutes"]

    def clean_minutes(self) -> int:
        return _clean_minutes(self.cleaned_data.get("minutes"))


class CloseForm(nhsuk.NhsukForm):
    outcome = nhsuk.ChoiceField(
        label="What was the outcome?",
        label_size="m",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": errors.OUTCOME_REQUIRED},
    )
    note = nhsuk.CharField(
        label="Note (optional)", widget=forms.Textarea, rows=3, max_length=2000, required=False
    )
    minutes = _minutes_field()

    def __init__(self, data=None, *, responder: bool, referral_agreed: bool):
        super().__init__(data)
        if not responder:
            del self.fields["minutes"]
        if not referral_agreed:
            # Not offered at all (a disabled radio is hard to read and cannot be chosen anyway).
            field = self.fields["outcome"]
            field.choices = [c for c in Outcome.choices if c[0] != Outcome.CONVERTED_TO_REFERRAL]
            field.help_text = (
                "Converting the question to a referral is not offered: the team that asked did "
                "not agree to it"
            )
            field.error_messages = {
                **field.error_messages,
                "invalid_choice": errors.REFERRAL_NOT_AGREED,
            }

    def clean_minutes(self) -> int:
        return _clean_minutes(self.cleaned_data.get("minutes"))
