"""The audit search filters (a GET form: nothing here changes data)."""

from django import forms

from hjp.accounts.models import User
from hjp.audit.models import AuditEvent, audited_organisation_ids
from hjp.cases.models import Case
from hjp.core.forms import DATE_INCOMPLETE, DatePartsField
from hjp.referrals.models import Referral

DATE_RANGE_BACKWARDS = "The ‘to’ date must be the same as or after the ‘from’ date"
PERSON_INVALID = "The person filter is not a valid record id"


class AuditSearchForm(forms.Form):
    """Who did what, when, with what result; every filter is optional."""

    date_from = DatePartsField(label="From", required=False)
    date_to = DatePartsField(label="To", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditEvent.Action.choices]
    )
    user = forms.ChoiceField(label="User", required=False)
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any outcome"), *AuditEvent.Outcome.choices]
    )
    reference = forms.CharField(
        label="Referral or case reference",
        required=False,
        max_length=20,
        help_text="Events about that referral or case",
    )
    person = forms.UUIDField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": PERSON_INVALID}
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            # A part-filled date should say which parts are missing, not Django's generic message.
            field = self.fields[name]
            for part in field.fields:
                part.error_messages["incomplete"] = DATE_INCOMPLETE.format(label=field.label)
        users = (
            User.objects.filter(memberships__organisation_id__in=audited_organisation_ids(viewer))
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["user"].choices = [("", "Any user")] + [
            (str(user.pk), f"{user.full_name} ({user.email})") for user in users
        ]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", DATE_RANGE_BACKWARDS)
        return cleaned

    def clean_reference(self) -> tuple[str, list[str]] | None:
        """A referral's or case's reference, as the object it names (no object: no events)."""
        reference = "".join(self.cleaned_data.get("reference", "").split()).upper()
        if not reference:
            return None
        for model in (Referral, Case):
            matches = model.objects.filter(reference=reference).values_list("pk", flat=True)
            found = [str(pk) for pk in matches]
            if found:
                return model._meta.label_lower, found
        return Referral._meta.label_lower, []

    def filters(self) -> dict:
        """The filters in use, as keyword arguments for `AuditEventQuerySet.matching`."""
        data = self.cleaned_data
        filters = {
            "objects": data.get("reference"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "action": data.get("action"),
            "actor_id": data.get("user"),
            "outcome": data.get("outcome"),
            "person_id": data.get("person"),
        }
        return {name: value for name, value in filters.items() if value}


class FindPersonForm(forms.Form):
    query = forms.CharField(
        label="Name, NHS number or date of birth",
        max_length=100,
        help_text="For example, Okafor, 943 476 5919 or 17/05/1980",
        error_messages={"required": "Enter a name, NHS number or date of birth"},
    )
