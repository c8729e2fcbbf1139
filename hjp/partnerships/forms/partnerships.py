"""Forms for a coordinator's partnership pages; the services decide what is allowed."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from hjp.core import nhsuk_forms
from hjp.core.forms import DatePartsField, choice_items, date_items, select_items
from hjp.core.validators import normalise_postcode, validate_postcode
from hjp.partnerships import validators
from hjp.partnerships.models import (
    AdviceArea,
    DeliveryMode,
    HealthSetting,
    IntegrationModel,
    Organisation,
    Partnership,
    PartnershipMember,
    Site,
)

NAME_REQUIRED = "Enter the partnership's name"
WHOLE_NUMBER = "{label} must be a whole number"
NUMBER_OUT_OF_RANGE = "{label} must be between {minimum} and {maximum}"
FIRST_CONTACT_REQUIRED = "Enter the number of working days within which to make first contact"
ATTEMPTS_REQUIRED = "Enter how many times to try to contact someone before closing a referral"
THRESHOLD_REQUIRED = "Enter the largest count to hide"
FOLLOW_UP_REQUIRED = "Select when the wellbeing follow-up is due"
ROUNDING_REQUIRED = "Enter the number to round other counts to"
EVIDENCE_BUFFER_REQUIRED = (
    "Enter how many working days before the legal deadline medical evidence is due"
)
CONSULTATION_TARGET_REQUIRED = "Enter the number of working days within which to answer a question"
ORGANISATION_NAME_REQUIRED = "Enter the organisation's name"
KIND_REQUIRED = "Select the kind of organisation"
PART_REQUIRED = "Select the organisation's part in the partnership"
ORGANISATION_REQUIRED = "Select an organisation"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"
SITE_NAME_REQUIRED = "Enter the site's name"
SITE_KIND_REQUIRED = "Select the kind of site"
SITE_IN_USE_REQUIRED = "Select whether the site is still in use"


def bounds_of(model_field: str) -> tuple[int, int]:
    """The smallest and largest values the model allows for one of the numeric settings."""
    field = Partnership._meta.get_field(model_field)
    minimum = next(v.limit_value for v in field.validators if isinstance(v, MinValueValidator))
    maximum = next(v.limit_value for v in field.validators if isinstance(v, MaxValueValidator))
    return minimum, maximum


def bounded_number(
    model_field: str, *, label: str, required: str, hint: str = ""
) -> forms.IntegerField:
    """A whole-number field with the model's bounds, stated in the hint, and NHS.UK messages."""
    minimum, maximum = bounds_of(model_field)
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        help_text=f"{hint}A number from {minimum} to {maximum}",
        error_messages={
            "required": required,
            "invalid": WHOLE_NUMBER.format(label=label),
            "min_value": NUMBER_OUT_OF_RANGE.format(label=label, minimum=minimum, maximum=maximum),
            "max_value": NUMBER_OUT_OF_RANGE.format(label=label, minimum=minimum, maximum=maximum),
        },
    )


def checkboxes(label: str, choices, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=hint,
        widget=forms.CheckboxSelectMultiple,
    )


class PartnershipSettingsForm(forms.Form):
    name = forms.CharField(
        label="Partnership name", max_length=200, error_messages={"required": NAME_REQUIRED}
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    health_settings = checkboxes("Health settings", HealthSetting.choices, "Select all that apply")
    integration_models = checkboxes(
        "How health and advice services work together",
        IntegrationModel.choices,
        "Select all that apply",
    )
    delivery_modes = checkboxes(
        "How advice is given", DeliveryMode.choices, "Select all that apply"
    )
    advice_areas = checkboxes("Advice areas offered", AdviceArea.choices, "Select all that apply")
    first_contact_target_days = bounded_number(
        "first_contact_target_days",
        label="First contact target, in working days",
        required=FIRST_CONTACT_REQUIRED,
        hint="How soon after a referral the advice service should first contact the person. ",
    )
    contact_attempts_before_closing = bounded_number(
        "contact_attempts_before_closing",
        label="Contact attempts before closing a referral",
        required=ATTEMPTS_REQUIRED,
    )
    disclosure_threshold = bounded_number(
        "disclosure_threshold",
        label="Hide counts up to",
        required=THRESHOLD_REQUIRED,
        hint="Counts from 1 up to this number, and 0, are shown as *. ",
    )
    disclosure_rounding = bounded_number(
        "disclosure_rounding",
        label="Round other counts to the nearest",
        required=ROUNDING_REQUIRED,
    )
    wellbeing_follow_up_months = forms.TypedChoiceField(
        label="Wellbeing follow-up after",
        choices=[(2, "2 months"), (3, "3 months"), (6, "6 months")],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="When the adviser is reminded to ask the wellbeing questions again. ",
        error_messages={
            "required": FOLLOW_UP_REQUIRED,
            "invalid_choice": FOLLOW_UP_REQUIRED,
        },
    )

    evidence_buffer_working_days = bounded_number(
        "evidence_buffer_working_days",
        label="Medical evidence due before the legal deadline, in working days",
        required=EVIDENCE_BUFFER_REQUIRED,
        hint="An evidence request is due this many working days before the deadline it serves. ",
    )
    evidence_no_fee_agreement = nhsuk_forms.BooleanField(
        label="The health members provide medical evidence without a fee",
        required=False,
        help_text="Shown to both sides on every evidence request. ",
    )
    consultation_response_working_days = bounded_number(
        "consultation_response_working_days",
        label="Questions between the teams answered within, in working days",
        required=CONSULTATION_TARGET_REQUIRED,
    )

    MULTI_CHOICE = ("health_settings", "integration_models", "delivery_modes", "advice_areas")

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict:
        return {name: getattr(partnership, name) for name in cls.base_fields}

    def widget_items(self) -> dict:
        names = (*self.MULTI_CHOICE, "wellbeing_follow_up_months")
        return {name: choice_items(self[name]) for name in names}


class IdentifierField(forms.CharField):
    """An organisation identifier, stored upper case without spaces."""

    def __init__(self, *, label: str, validator, hint: str = ""):
        super().__init__(
            label=label, required=False, max_length=32, help_text=hint, validators=[validator]
        )

    def to_python(self, value):
        return validators.normalise_identifier(super().to_python(value))


class AddOrganisationForm(forms.Form):
    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={"required": ORGANISATION_NAME_REQUIRED},
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    part = forms.ChoiceField(
        label="Part in the partnership",
        choices=PartnershipMember.Part.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PART_REQUIRED, "invalid_choice": PART_REQUIRED},
    )
    ods_code = IdentifierField(
        label="ODS code",
        validator=validators.validate_ods_code,
        hint="Required for a health organisation, for example A81001 or RX1",
    )
    charity_number = IdentifierField(
        label="Charity number",
        validator=validators.validate_charity_number,
        hint="For example 1012345, or SC012345 in Scotland",
    )
    company_number = IdentifierField(
        label="Company number",
        validator=validators.validate_company_number,
        hint="For example 01234567",
    )
    email = forms.EmailField(
        label="Email address", required=False, error_messages={"invalid": EMAIL_INVALID}
    )
    telephone = forms.CharField(label="Telephone number", required=False, max_length=32)
    joined_on = DatePartsField(
        label="Date it joined the partnership", help_text="For example, 15 3 2025"
    )

    def widget_items(self) -> dict:
        return {
            "kind": choice_items(self["kind"]),
            "part": choice_items(self["part"]),
            "joined_on": date_items(self["joined_on"]),
        }


class ChoosePartForm(forms.Form):
    part = forms.ChoiceField(
        label="What part will the organisation have in the partnership?",
        choices=PartnershipMember.Part.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PART_REQUIRED, "invalid_choice": PART_REQUIRED},
    )

    def widget_items(self) -> dict:
        return {"part": choice_items(self["part"])}


class AddMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": ORGANISATION_REQUIRED, "invalid_choice": ORGANISATION_REQUIRED},
    )
    joined_on = DatePartsField(
        label="Date it joined the partnership", help_text="For example, 15 3 2025"
    )

    def __init__(self, *args, partnership: Partnership, part: str, **kwargs):
        kwargs.setdefault("initial", {"joined_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.active().not_holding(partnership, part).order_by("name")
        )

    def widget_items(self) -> dict:
        return {
            "organisation": select_items(self["organisation"]),
            "joined_on": date_items(self["joined_on"]),
        }


class EndMembershipForm(forms.Form):
    left_on = DatePartsField(
        label="Date it left the partnership", help_text="For example, 15 3 2025"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def widget_items(self) -> dict:
        return {"left_on": date_items(self["left_on"])}


class SiteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation that runs the site",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": ORGANISATION_REQUIRED, "invalid_choice": ORGANISATION_REQUIRED},
    )
    name = forms.CharField(
        label="Site name", max_length=200, error_messages={"required": SITE_NAME_REQUIRED}
    )
    kind = forms.ChoiceField(
        label="Kind of site",
        choices=[("", "Choose a kind of site"), *Site.Kind.choices],
        error_messages={"required": SITE_KIND_REQUIRED, "invalid_choice": SITE_KIND_REQUIRED},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=10, validators=[validate_postcode]
    )

    def __init__(self, *args, partnership: Partnership, site: Site | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Organisation.objects.current_members_of(partnership)
        if site is not None:
            # A site may stay with an organisation that has since left; it just cannot move to one.
            choices = choices | Organisation.objects.filter(pk=site.organisation_id)
        self.fields["organisation"].queryset = choices

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        return normalise_postcode(postcode) if postcode else ""

    def widget_items(self) -> dict:
        return {
            "organisation": select_items(self["organisation"]),
            "kind": select_items(self["kind"]),
        }


class EditSiteForm(SiteForm):
    is_active = forms.TypedChoiceField(
        label="Is the site still in use?",
        choices=[("yes", "Yes"), ("no", "No, it is no longer used")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": SITE_IN_USE_REQUIRED, "invalid_choice": SITE_IN_USE_REQUIRED},
    )

    @staticmethod
    def initial_from(site: Site) -> dict:
        return {
            "organisation": site.organisation_id,
            "name": site.name,
            "kind": site.kind,
            "address": site.address,
            "postcode": site.postcode,
            "is_active": "yes" if site.is_active else "no",
        }

    def widget_items(self) -> dict:
        return {**super().widget_items(), "is_active": choice_items(self["is_active"])}
