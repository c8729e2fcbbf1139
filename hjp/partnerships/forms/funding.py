"""Forms for funding streams, in-kind support and goals: they check what was typed; the
services decide."""

from decimal import Decimal, InvalidOperation

from django import forms

from hjp.core import nhsuk_forms as nhsuk
from hjp.core.forms import pounds_to_pence
from hjp.partnerships.models import GoalMeasure, GoalUnit, InKindSupport, Organisation

AMOUNT_INVALID = "Enter an amount in pounds, like 25000 or 25,000.00"
NUMBER_INVALID = "Enter a number, like 85 or 1200"
REASON_REQUIRED = "Enter why the goal is changing"


def _decimal(text: str) -> Decimal | None:
    cleaned = (text or "").replace(",", "").replace("%", "").replace("£", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(NUMBER_INVALID) from None
    if not value.is_finite() or abs(value) >= 10**12:
        raise forms.ValidationError(NUMBER_INVALID)
    return value


class PoundsField(nhsuk.CharField):
    def clean(self, value):
        text = super().clean(value)
        if text in ("", None):
            return None
        try:
            return pounds_to_pence(text)
        except ValueError:
            raise forms.ValidationError(AMOUNT_INVALID) from None


class NumberField(nhsuk.CharField):
    def clean(self, value):
        return _decimal(super().clean(value))


def _organisation_choices(organisations) -> list[tuple[str, str]]:
    return [("", "Select")] + [(str(o.pk), o.name) for o in organisations]


class _MemberForm(nhsuk.NhsukForm):
    """A form naming one of the partnership's member organisations."""

    member_field = "funder"

    def __init__(self, data=None, *, organisations=(), initial=None):
        super().__init__(data, initial=initial)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields[self.member_field].choices = _organisation_choices(organisations)

    def clean_member(self) -> Organisation:
        return self.organisations[self.cleaned_data[self.member_field]]


class FundingStreamForm(_MemberForm):
    funder = nhsuk.ChoiceField(
        label="Funder",
        error_messages={"required": "Select the funder", "invalid_choice": "Select the funder"},
    )
    name = nhsuk.CharField(label="Name of the stream", max_length=200)
    amount = PoundsField(
        label="Amount in pounds", max_length=20, error_messages={"required": AMOUNT_INVALID}
    )
    start_date = nhsuk.DatePartsField(label="Start date")
    end_date = nhsuk.DatePartsField(label="End date")
    renewal_date = nhsuk.DatePartsField(
        label="Renewal decision due (optional)",
        help_text="Coordinators are reminded 9, 6, 3 and 1 months before it (or the end date)",
        required=False,
    )
    restricted_purpose = nhsuk.CharField(
        label="Restricted to (optional)", widget=forms.Textarea, rows=2, required=False
    )
    reporting_duties = nhsuk.CharField(
        label="What must be reported, and when", widget=forms.Textarea, rows=2
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["funder"] = self.clean_member()
        data["amount_pence"] = data.pop("amount")
        return data


class ChangeFundingStreamForm(FundingStreamForm):
    reason = nhsuk.CharField(
        label="Why is it changing?",
        widget=forms.Textarea,
        rows=2,
        error_messages={"required": "Enter why the funding stream is changing"},
    )

    @classmethod
    def initial_from(cls, stream) -> dict:
        return {
            "funder": str(stream.funder_id),
            "name": stream.name,
            "amount": f"{stream.amount_pence / 100:.2f}",
            "start_date": stream.start_date,
            "end_date": stream.end_date,
            "renewal_date": stream.renewal_date,
            "restricted_purpose": stream.restricted_purpose,
            "reporting_duties": stream.reporting_duties,
        }


class InKindSupportForm(_MemberForm):
    member_field = "organisation"

    organisation = nhsuk.ChoiceField(
        label="Given by",
        error_messages={
            "required": "Select who gives it",
            "invalid_choice": "Select who gives it",
        },
    )
    kind = nhsuk.ChoiceField(
        label="Kind of support", choices=InKindSupport.Kind.choices, widget=forms.RadioSelect
    )
    description = nhsuk.CharField(label="What it is", widget=forms.Textarea, rows=2)
    value = PoundsField(
        label="Notional value in pounds",
        help_text="What it would cost to buy, for the period",
        max_length=20,
        error_messages={"required": AMOUNT_INVALID},
    )
    start_date = nhsuk.DatePartsField(label="From")
    end_date = nhsuk.DatePartsField(label="To")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["organisation"] = self.clean_member()
        data["notional_value_pence"] = data.pop("value")
        return data


class GoalForm(nhsuk.NhsukForm):
    title = nhsuk.CharField(label="Goal", max_length=200)
    measure = nhsuk.ChoiceField(
        label="Measured by", choices=GoalMeasure.choices, widget=forms.RadioSelect
    )
    measure_other = nhsuk.CharField(
        label="If another measure, which", max_length=200, required=False
    )
    unit = nhsuk.ChoiceField(label="Unit", choices=GoalUnit.choices, widget=forms.RadioSelect)
    baseline = NumberField(label="Baseline (optional)", max_length=20, required=False)
    target = NumberField(
        label="Target", max_length=20, error_messages={"required": "Enter the target"}
    )
    stated_on = nhsuk.DatePartsField(
        label="Stated on (optional)", help_text="Leave blank for today", required=False
    )

    def clean_target(self):
        value = self.cleaned_data.get("target")
        if value is None:
            raise forms.ValidationError("Enter the target")
        return value

    @classmethod
    def initial_from(cls, goal) -> dict:
        return {
            "title": goal.title,
            "measure": goal.measure,
            "measure_other": goal.measure_other,
            "unit": goal.unit,
            "baseline": "" if goal.baseline is None else f"{goal.baseline.normalize():f}",
            "target": f"{goal.target.normalize():f}",
        }


class ReviseGoalForm(GoalForm):
    stated_on = None
    reason = nhsuk.CharField(
        label="Why is it changing?",
        widget=forms.Textarea,
        rows=2,
        error_messages={"required": REASON_REQUIRED},
    )


class RetireGoalForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why is the partnership no longer pursuing this goal?",
        widget=forms.Textarea,
        rows=2,
        error_messages={"required": "Enter why the goal is being retired"},
    )
