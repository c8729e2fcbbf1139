"""Forms for recording and withdrawing consent; the consent services have the last word."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from hjp.consent.models import Method, Purpose
from hjp.consent.services import CONSENT_SCOPE_REQUIRED, CONSENT_VALID_UNTIL_PAST
from hjp.core.forms import DatePartsField

PURPOSE_REQUIRED = "Select what the person agreed to"
METHOD_REQUIRED = "Select how the person gave their consent"
WITHDRAWAL_METHOD_REQUIRED = "Select how the person withdrew their consent"


class RecordConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What did the person agree to?",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PURPOSE_REQUIRED, "invalid_choice": PURPOSE_REQUIRED},
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Which organisations does this apply to?",
        help_text="Select all that apply",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": CONSENT_SCOPE_REQUIRED,
            "invalid_choice": CONSENT_SCOPE_REQUIRED,
            "invalid_pk_value": CONSENT_SCOPE_REQUIRED,
        },
    )
    method = forms.ChoiceField(
        label="How did they give consent?",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": METHOD_REQUIRED, "invalid_choice": METHOD_REQUIRED},
    )
    valid_until = DatePartsField(
        label="Consent lasts until (optional)",
        help_text="Leave blank if it lasts until they withdraw it. For example, 31 3 2027",
        required=False,
    )
    evidence_reference = forms.CharField(
        label="Where is the evidence kept? (optional)",
        help_text="For example, the scanned form's document reference in the clinical system",
        max_length=200,
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="Anything the person said about what they agreed to",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, organisations: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until is not None and valid_until < timezone.localdate():
            raise ValidationError(CONSENT_VALID_UNTIL_PAST)
        return valid_until


class WithdrawConsentForm(forms.Form):
    method = forms.ChoiceField(
        label="How did they withdraw consent?",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": WITHDRAWAL_METHOD_REQUIRED,
            "invalid_choice": WITHDRAWAL_METHOD_REQUIRED,
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="For example, what the person asked us to stop sharing",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )
