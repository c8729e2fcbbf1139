"""Forms for searching, recording and changing people; they validate, the services decide."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjp.core.formatting import format_nhs_number
from hjp.core.forms import DatePartsField
from hjp.core.validators import normalise_postcode, validate_postcode
from hjp.people.models import ContactMethod, Disability, Ethnicity, Person, Sex
from hjp.people.services import PERSON_FIELDS
from hjp.people.validators import normalise_nhs_number, validate_nhs_number

GIVEN_NAME_REQUIRED = "Enter their first name"
FAMILY_NAME_REQUIRED = "Enter their last name"
DATE_OF_BIRTH_FUTURE = "Date of birth must be in the past"
DATE_OF_BIRTH_TOO_EARLY = "Date of birth must be after 1 January 1900"
PHONE_INVALID = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
LANGUAGE_REQUIRED = "Enter their preferred language"
PHONE_NEEDED_FOR_METHOD = "Enter a phone number, or choose another way to contact them"
EMAIL_NEEDED_FOR_METHOD = "Enter an email address, or choose another way to contact them"
ADDRESS_NEEDED_FOR_METHOD = "Enter an address and postcode, or choose another way to contact them"
CONFIRM_NOT_DUPLICATE = (
    "Confirm that none of these is the same person, or open their record instead"
)
SEARCH_TOO_LONG = "Search for 100 characters or fewer"

EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_PHONE = re.compile(r"^\+?[0-9]{10,15}$")

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_RECORDED = [("", "Not recorded")]


def _yes_no(value) -> bool:
    return value == "yes"


class PersonSearchForm(forms.Form):
    """The search box on the people list and the home pages."""

    q = forms.CharField(
        label="Search for a person",
        help_text=(
            "Enter their name, NHS number, date of birth (for example 17/05/1980) or postcode"
        ),
        required=False,
        max_length=100,
        error_messages={"max_length": SEARCH_TOO_LONG},
    )


class PersonForm(forms.Form):
    """Every detail of a person that staff record: identity, contact, access needs, monitoring."""

    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": GIVEN_NAME_REQUIRED}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": FAMILY_NAME_REQUIRED}
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        help_text="The name they like to be called, if different",
        max_length=100,
        required=False,
    )
    date_of_birth = DatePartsField(label="Date of birth", help_text="For example, 17 5 1980")
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        help_text="10 digits, for example 999 000 0018. Leave blank if you do not know it",
        max_length=20,
        required=False,
    )
    nhs_number_status = forms.ChoiceField(
        label="Has the NHS number been checked?",
        choices=Person.NhsNumberStatus.choices,
        widget=forms.RadioSelect,
        initial=Person.NhsNumberStatus.UNVERIFIED,
        required=False,
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=32, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    address = forms.CharField(
        label="Address (optional)",
        help_text="House number or name, street and town",
        widget=forms.Textarea,
        max_length=500,
        required=False,
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    preferred_contact_method = forms.ChoiceField(
        label="How do they prefer to be contacted? (optional)",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    safe_contact_instructions = forms.CharField(
        label="Is it safe to contact them? (optional)",
        help_text=(
            "For example, do not leave voicemail, only call after 6pm, "
            "do not send letters to this address"
        ),
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )
    preferred_language = forms.CharField(
        label="Preferred language",
        max_length=64,
        initial="English",
        error_messages={"required": LANGUAGE_REQUIRED},
    )
    interpreter_needed = forms.TypedChoiceField(
        label="Do they need an interpreter?",
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=False,
        widget=forms.RadioSelect,
        initial="no",
        required=False,
    )
    accessibility_needs = forms.CharField(
        label="Accessibility or communication needs (optional)",
        help_text="For example, British Sign Language, large print, easy read, wheelchair access",
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )
    sex = forms.ChoiceField(
        label="Sex (optional)", choices=Sex.choices, widget=forms.RadioSelect, required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)", choices=NOT_RECORDED + Ethnicity.choices, required=False
    )
    disability = forms.ChoiceField(
        label="Do they consider themselves to have a disability? (optional)",
        help_text="A physical or mental health condition or illness lasting 12 months or more",
        choices=Disability.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    @classmethod
    def initial_from(cls, person: Person) -> dict:
        """The form's starting values for an existing person."""
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["interpreter_needed"] = "yes" if person.interpreter_needed else "no"
        initial["nhs_number"] = format_nhs_number(person.nhs_number)
        return initial

    def clean_given_name(self) -> str:
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise ValidationError(DATE_OF_BIRTH_FUTURE)
        if born < EARLIEST_BIRTH:
            raise ValidationError(DATE_OF_BIRTH_TOO_EARLY)
        return born

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        if not value:
            return ""
        validate_nhs_number(value)
        return normalise_nhs_number(value)

    def clean_nhs_number_status(self) -> str:
        return self.cleaned_data["nhs_number_status"] or Person.NhsNumberStatus.UNVERIFIED

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if value and not _PHONE.match(re.sub(r"[\s()-]", "", value)):
            raise ValidationError(PHONE_INVALID)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value:
            return ""
        validate_postcode(value)
        return normalise_postcode(value)

    def clean(self) -> dict:
        cleaned = super().clean()
        method = cleaned.get("preferred_contact_method")
        needs = {
            ContactMethod.PHONE: ("phone", PHONE_NEEDED_FOR_METHOD),
            ContactMethod.TEXT: ("phone", PHONE_NEEDED_FOR_METHOD),
            ContactMethod.EMAIL: ("email", EMAIL_NEEDED_FOR_METHOD),
            ContactMethod.LETTER: ("address", ADDRESS_NEEDED_FOR_METHOD),
        }
        if method in needs:
            field, message = needs[method]
            required = [field, "postcode"] if method == ContactMethod.LETTER else [field]
            # A field with its own error already says what is wrong with it.
            if any(not cleaned.get(name) and name not in self.errors for name in required):
                self.add_error("preferred_contact_method", message)
        return cleaned

    def person_details(self) -> dict:
        """The cleaned values, keyed as `create_person` and `update_person` expect."""
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}

    def changed_fields(self, person: Person) -> list[str]:
        """Names of the fields whose cleaned value differs from what is recorded."""
        details = self.person_details()
        return sorted(name for name, value in details.items() if getattr(person, name) != value)


class AddPersonForm(PersonForm):
    """Recording a new person, with the confirmation asked for when possible duplicates exist."""

    not_a_duplicate = forms.BooleanField(label="None of these is the same person", required=False)
    # Set by the page when it has shown the possible duplicates, so an unticked box is an error.
    duplicates_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def identity(self) -> dict | None:
        """What duplicates are looked for by, once the name and date of birth are valid."""
        cleaned = getattr(self, "cleaned_data", {})
        if "family_name" not in cleaned or "date_of_birth" not in cleaned:
            return None
        return {
            "nhs_number": cleaned.get("nhs_number", ""),
            "family_name": cleaned["family_name"],
            "date_of_birth": cleaned["date_of_birth"],
        }

    def require_duplicate_confirmation(self) -> None:
        """Mark the form invalid until the user confirms the person is not one already recorded."""
        if self.cleaned_data.get("duplicates_shown"):
            self.add_error("not_a_duplicate", CONFIRM_NOT_DUPLICATE)
