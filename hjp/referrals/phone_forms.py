"""The form for a referral taken on the advice line: who called, what they need, their consent."""

from django import forms

from hjp.accounts.actor import Actor
from hjp.core import nhsuk_forms as nhsuk
from hjp.directory.services import visible_services
from hjp.people.forms import PersonForm
from hjp.people.models import Person
from hjp.referrals.forms import SHARE_CONSENT_REFUSED, YES_NO, ReferralDetailsForm
from hjp.referrals.presenters import caller_hint

PHONE_CONSENT_REQUIRED = "Select yes if the caller agreed to their details being recorded"
CALLER_MATCH_REQUIRED = "Select whether the caller is one of the people already recorded"
NEW_CALLER = "new"


class PhoneReferralForm(ReferralDetailsForm):
    """A referral taken on the advice line: who called, what they need, and their verbal consent."""

    given_name = PersonForm.base_fields["given_name"]
    family_name = PersonForm.base_fields["family_name"]
    date_of_birth = PersonForm.base_fields["date_of_birth"]
    nhs_number = PersonForm.base_fields["nhs_number"]
    phone = PersonForm.base_fields["phone"]
    verbal_consent = nhsuk.ChoiceField(
        label="Has the caller agreed to their details being recorded and shared with the advisers "
        "who will help them?",
        help_text="Read them the privacy statement for the advice line before you ask",
        choices=YES_NO,
        widget=forms.RadioSelect,
        inline=True,
        error_messages={
            "required": PHONE_CONSENT_REQUIRED,
            "invalid_choice": PHONE_CONSENT_REQUIRED,
        },
    )
    # Set when possible matches were shown: a person's id, or "new" to record the caller afresh.
    existing_person = nhsuk.CharField(
        label="Is the caller one of these people?", required=False, widget=forms.RadioSelect
    )

    field_order = ["given_name", "family_name", "date_of_birth", "nhs_number", "phone"]

    clean_given_name = PersonForm.clean_given_name
    clean_family_name = PersonForm.clean_family_name
    clean_date_of_birth = PersonForm.clean_date_of_birth
    clean_nhs_number = PersonForm.clean_nhs_number
    clean_phone = PersonForm.clean_phone

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, services=services, **kwargs)
        self.callers: list[Person] = []
        self.fields["service"].label = "Which of your services is it for?"
        self.fields["service"].display["label_size"] = "s"
        # The caller's details are typed while they talk: no suggestions from the browser.
        for name in ("given_name", "family_name"):
            self.fields[name].display = {"autocomplete": "off", "spellcheck": False}
        self.fields["nhs_number"].display = {
            "classes": "nhsuk-input--width-10",
            "inputmode": "numeric",
        }
        self.fields["phone"].display = {"classes": "nhsuk-input--width-20", "input_type": "tel"}

    def offer_callers(self, people: list[Person]) -> None:
        """Show the people who may be the caller as choices, then the choice of a new person."""
        self.callers = people
        field = self.fields["existing_person"]
        field.widget.choices = [
            *((str(person.pk), person.full_name) for person in people),
            (NEW_CALLER, "None of these: record the caller as a new person"),
        ]
        field.display["choice_hints"] = {str(person.pk): caller_hint(person) for person in people}
        if people:
            field.display["dividers"] = {str(people[-1].pk): "or"}

    def clean_verbal_consent(self) -> bool:
        if self.cleaned_data["verbal_consent"] != "yes":
            raise forms.ValidationError(SHARE_CONSENT_REFUSED)
        return True

    def identity(self) -> dict:
        """What possible matches among people already recorded are looked for by."""
        return {
            "nhs_number": self.cleaned_data["nhs_number"],
            "family_name": self.cleaned_data["family_name"],
            "date_of_birth": self.cleaned_data["date_of_birth"],
        }

    def person_details(self) -> dict:
        """The caller's details, keyed as `create_person` expects."""
        names = ["given_name", "family_name", "date_of_birth", "nhs_number", "phone"]
        details = {name: self.cleaned_data[name] for name in names}
        details["preferred_contact_method"] = self.cleaned_data["preferred_contact_method"]
        details["safe_contact_instructions"] = self.cleaned_data["contact_notes"].strip()
        return details

    def chosen_caller(
        self, matches: list[Person], *, matches_shown: bool
    ) -> tuple[bool, Person | None]:
        """(decided, person) once there are no matches or one is picked (None for a new caller),
        asking again when matches were shown and none was picked."""
        choice = self.cleaned_data["existing_person"]
        if not matches or choice == NEW_CALLER:
            return True, None
        picked = {str(person.pk): person for person in matches}.get(choice)
        if picked is not None:
            return True, picked
        if matches_shown:
            self.add_error("existing_person", CALLER_MATCH_REQUIRED)
        return False, None


def phone_referral_form(actor: Actor, data=None) -> PhoneReferralForm:
    """The phone-line form, for the advice services of the actor's own organisation."""
    services = (
        visible_services(actor)
        .filter(is_active=True, organisation_id=actor.organisation_id)
        .advice()
        .order_by("name")
    )
    return PhoneReferralForm(data, services=services)
