"""The public self-referral form: few questions, plain words, every field length-limited."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjp.core import nhsuk_forms as nhsuk
from hjp.core.forms import DATE_INVALID
from hjp.core.validators import normalise_postcode, validate_postcode
from hjp.directory.models import Service
from hjp.partnerships.models import AdviceArea
from hjp.referrals.models import ReferralDeadline
from hjp.referrals.services import Deadline

GIVEN_NAME_REQUIRED = "Enter your first name"
FAMILY_NAME_REQUIRED = "Enter your last name"
BIRTH_REQUIRED = "Enter your date of birth"
BORN_IN_FUTURE = "Your date of birth must be in the past"
BORN_TOO_EARLY = "Your date of birth must be after 1 January 1900"
PHONE_INVALID = "Enter a phone number, like 01632 960 001 or 07700 900 982"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
CONTACT_REQUIRED = "Enter a phone number or an email address so we can contact you"
SAFE_MESSAGE_REQUIRED = "Select yes if it is safe for us to leave you a message"
AREA_REQUIRED = "Select what you need help with"
REASON_REQUIRED = "Tell us briefly what is happening"
REASON_TOO_LONG = "Tell us in 1000 characters or fewer"
DEADLINE_DATE_REQUIRED = "Enter the date of the hearing or deadline"
DEADLINE_KIND_REQUIRED = "Select what the date is for"
DEADLINE_IN_PAST = "The date must be today or in the future"
CONSENT_REQUIRED = "Tick the box to agree to {organisation} using your details, or phone them"
TOO_LONG = "Enter {limit} characters or fewer"

EARLIEST_BIRTH = datetime.date(1900, 1, 1)
REASON_MAX_LENGTH = 1000
HONEYPOT_FIELD = "website"
_PHONE = re.compile(r"^\+?[0-9]{10,15}$")

# The same advice areas staff choose from, described the way a patient would.
PLAIN_AREAS = {
    AdviceArea.WELFARE_BENEFITS: "Benefits, like Universal Credit, PIP or Pension Credit",
    AdviceArea.DEBT: "Debts or bills you cannot pay",
    AdviceArea.HOUSING: "Housing, like rent arrears, eviction, repairs or being homeless",
    AdviceArea.EMPLOYMENT: "Work, like sick pay, dismissal or maternity rights",
    AdviceArea.EDUCATION: "Education, like support at school for a child",
    AdviceArea.COMMUNITY_CARE: "Care and support at home",
    AdviceArea.IMMIGRATION: "Immigration or your right to stay in the UK",
}
PLAIN_DEADLINES = [
    (ReferralDeadline.Kind.POSSESSION_HEARING, "A court hearing about your home"),
    (ReferralDeadline.Kind.TRIBUNAL, "A benefit appeal (tribunal) hearing"),
    (
        ReferralDeadline.Kind.MANDATORY_RECONSIDERATION,
        "The last day to challenge a benefit decision",
    ),
    (ReferralDeadline.Kind.DISCHARGE, "Leaving hospital"),
    (ReferralDeadline.Kind.OTHER, "Something else with a deadline"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


class PublicDateField(nhsuk.DatePartsField):
    """Day, month and year boxes that refuse anything longer than a year could be."""

    def compress(self, data_list):
        if data_list and any(len(str(part or "").strip()) > 4 for part in data_list):
            raise ValidationError(DATE_INVALID.format(label=self.label), code="invalid")
        return super().compress(data_list)


def _text(
    label: str, limit: int, *, required: bool = False, message: str = "", **options
) -> nhsuk.CharField:
    errors = {"max_length": TOO_LONG.format(limit=limit)}
    if message:
        errors["required"] = message
    return nhsuk.CharField(
        label=label, max_length=limit, required=required, error_messages=errors, **options
    )


class SelfReferralForm(nhsuk.NhsukForm):
    """What a patient tells an advice service about themselves; the service decides the rest."""

    given_name = _text(
        "First name",
        100,
        required=True,
        message=GIVEN_NAME_REQUIRED,
        autocomplete="given-name",
        spellcheck=False,
    )
    family_name = _text(
        "Last name",
        100,
        required=True,
        message=FAMILY_NAME_REQUIRED,
        autocomplete="family-name",
        spellcheck=False,
    )
    date_of_birth = PublicDateField(label="Date of birth", help_text="For example, 15 3 1984")
    phone = _text(
        "Phone number",
        32,
        input_type="tel",
        autocomplete="tel",
        classes="nhsuk-input--width-20",
    )
    email = nhsuk.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        autocomplete="email",
        spellcheck=False,
        error_messages={"invalid": EMAIL_INVALID, "max_length": TOO_LONG.format(limit=254)},
    )
    safe_to_leave_message = nhsuk.ChoiceField(
        label="Is it safe for us to leave you a message?",
        help_text="For example, a voicemail or a text, if someone else might see it",
        choices=YES_NO,
        widget=forms.RadioSelect,
        inline=True,
        error_messages={"required": SAFE_MESSAGE_REQUIRED, "invalid_choice": SAFE_MESSAGE_REQUIRED},
    )
    advice_areas = nhsuk.MultipleChoiceField(
        label="What do you need help with?",
        help_text="Select all that apply",
        error_messages={"required": AREA_REQUIRED, "invalid_choice": AREA_REQUIRED},
    )
    reason_text = nhsuk.CharField(
        label="Tell us briefly what is happening",
        help_text="For example, your benefits were stopped or you have a letter about rent arrears",
        widget=forms.Textarea,
        character_count=True,
        label_size="s",
        rows=5,
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": REASON_REQUIRED, "max_length": REASON_TOO_LONG},
    )
    deadline_kind = nhsuk.ChoiceField(
        label="Is anything urgent, like a court date? (optional)",
        help_text="Tell us about the nearest date, so we can help you in time",
        choices=PLAIN_DEADLINES,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": DEADLINE_KIND_REQUIRED},
    )
    deadline_date = PublicDateField(
        label="Date of the hearing or deadline",
        required=False,
        help_text="If you chose something above. For example, 27 3 2027",
    )
    postcode = _text(
        "Postcode (optional)",
        10,
        help_text="This helps us see which areas need advice the most",
        autocomplete="postal-code",
        classes="nhsuk-input--width-10",
    )
    consent = nhsuk.BooleanField()
    # A field people never see; automated form fillers usually fill it in.
    website = _text(
        "Leave this empty",
        200,
        autocomplete="off",
        form_group={"classes": "nhsuk-u-visually-hidden"},
        attributes={"tabindex": "-1"},
    )

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        offered = [area for area in AdviceArea if area in service.advice_areas] or list(AdviceArea)
        self.fields["advice_areas"].choices = [(area.value, PLAIN_AREAS[area]) for area in offered]
        organisation = service.organisation.name
        self.fields[
            "consent"
        ].label = f"I agree to {organisation} using these details to contact me and give me advice"
        self.fields["consent"].error_messages["required"] = CONSENT_REQUIRED.format(
            organisation=organisation
        )
        self.fields["date_of_birth"].error_messages["required"] = BIRTH_REQUIRED

    def clean_given_name(self) -> str:
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise ValidationError(BORN_IN_FUTURE)
        if born < EARLIEST_BIRTH:
            raise ValidationError(BORN_TOO_EARLY)
        return born

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not _PHONE.match(re.sub(r"[\s()-]", "", value)):
            raise ValidationError(PHONE_INVALID)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_deadline_date(self) -> datetime.date | None:
        due = self.cleaned_data["deadline_date"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(DEADLINE_IN_PAST)
        return due

    def clean(self) -> dict:
        cleaned = super().clean()
        # A phone number or email with its own error already says what is wrong.
        no_contact = not cleaned.get("phone") and not cleaned.get("email")
        if no_contact and "phone" not in self.errors and "email" not in self.errors:
            self.add_error("phone", CONTACT_REQUIRED)
        kind, due = cleaned.get("deadline_kind"), cleaned.get("deadline_date")
        if kind and due is None and "deadline_date" not in self.errors:
            self.add_error("deadline_date", DEADLINE_DATE_REQUIRED)
        if due is not None and not kind and "deadline_kind" not in self.errors:
            self.add_error("deadline_kind", DEADLINE_KIND_REQUIRED)
        return cleaned

    def details(self) -> dict:
        """The cleaned answers, keyed as `submit_self_referral` expects."""
        data = self.cleaned_data
        deadlines = []
        if data["deadline_kind"] and data["deadline_date"]:
            deadlines.append(Deadline(kind=data["deadline_kind"], due_on=data["deadline_date"]))
        return {
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"],
            "phone": data["phone"],
            "email": data["email"],
            "safe_to_leave_message": data["safe_to_leave_message"] == "yes",
            "advice_areas": data["advice_areas"],
            "reason_text": data["reason_text"].strip(),
            "postcode": data["postcode"],
            "deadlines": deadlines,
        }


def filled_honeypot(data) -> bool:
    """True when the hidden field people never see has been filled in."""
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())
