"""Forms for outcomes: they check what was entered; the services decide."""

from django import forms

from hjp.core import nhsuk_forms as nhsuk
from hjp.core.forms import pounds_to_pence
from hjp.outcomes import errors
from hjp.outcomes.codes import Benefit, Creditor, non_financial_kinds_for
from hjp.outcomes.models import (
    ClaimResult,
    ClaimStage,
    FinancialKind,
    FinancialStatus,
    Frequency,
    OneOffType,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class MoneyField(nhsuk.CharField):
    """An amount in pounds, returned in pence."""

    def clean(self, value):
        text = super().clean(value)
        if text in ("", None):
            return None
        try:
            pence = pounds_to_pence(text)
        except ValueError:
            raise forms.ValidationError(errors.AMOUNT_REQUIRED) from None
        if pence < 0:
            raise forms.ValidationError(errors.AMOUNT_NEGATIVE)
        return pence


def _radios(label, choices, required_message, **kwargs):
    return nhsuk.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _select(label, choices, required_message):
    return nhsuk.ChoiceField(
        label=label,
        choices=[("", "Select"), *choices],
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class FinancialOutcomeForm(nhsuk.NhsukForm):
    kind = _radios(
        "What kind of result is it?",
        FinancialKind.choices,
        errors.KIND_REQUIRED,
        reveals={FinancialKind.ONE_OFF_INCOME.value: "one_off_type"},
    )
    source = _select(
        "Benefit, source or creditor",
        [*Benefit.choices, *Creditor.choices],
        errors.SOURCE_REQUIRED,
    )
    amount = MoneyField(
        label="Amount in pounds",
        help_text="For a recurring award, the amount each time it is paid. For a debt, the amount.",
        max_length=20,
        error_messages={"required": errors.AMOUNT_REQUIRED},
    )
    frequency = _radios("How often is it paid?", Frequency.choices, errors.FREQUENCY_REQUIRED)
    one_off_type = _radios(
        "What kind of sum is it?",
        OneOffType.choices,
        errors.ONE_OFF_TYPE_REQUIRED,
        required=False,
    )
    award_start = nhsuk.DatePartsField(label="Award start (optional)", required=False)
    award_end = nhsuk.DatePartsField(
        label="Award end (optional)",
        help_text="Only for an award of a fixed length, for example 6 months",
        required=False,
    )
    applied_on = nhsuk.DatePartsField(label="Date applied (optional)", required=False)
    notified_on = nhsuk.DatePartsField(label="Date the client was told (optional)", required=False)
    status = _radios("Status of the figure", FinancialStatus.choices, errors.STATUS_REQUIRED)
    obtained_by_us = _radios(
        "Was it obtained by this service?", YES_NO, "Select whether this service obtained it"
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["amount_pence"] = data.pop("amount")
        data["obtained_by_us"] = data["obtained_by_us"] == "yes"
        data["one_off_type"] = data.get("one_off_type") or ""
        return data

    @classmethod
    def initial_from(cls, outcome) -> dict:
        return {
            "kind": outcome.kind,
            "source": outcome.source,
            "amount": f"{outcome.amount_pence / 100:.2f}",
            "frequency": outcome.frequency,
            "one_off_type": outcome.one_off_type,
            "award_start": outcome.award_start,
            "award_end": outcome.award_end,
            "applied_on": outcome.applied_on,
            "notified_on": outcome.notified_on,
            "status": outcome.status,
            "obtained_by_us": "yes" if outcome.obtained_by_us else "no",
        }


class ClaimDecisionForm(nhsuk.NhsukForm):
    benefit = _select("Benefit", Benefit.choices, errors.BENEFIT_REQUIRED)
    stage = _radios("Stage", ClaimStage.choices, errors.STAGE_REQUIRED)
    decided_on = nhsuk.DatePartsField(label="Date of the decision")
    result = _radios("Decision", ClaimResult.choices, errors.RESULT_REQUIRED)
    points = nhsuk.CharField(
        label="Points awarded (optional)",
        help_text="For PIP or the work capability assessment, where known",
        max_length=3,
        required=False,
    )
    medical_evidence = _radios(
        "Was medical evidence obtained for the claim?", YES_NO, errors.EVIDENCE_REQUIRED
    )

    def clean_points(self) -> int | None:
        text = (self.cleaned_data.get("points") or "").strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()) or int(text) > 100:
            raise forms.ValidationError(errors.POINTS_RANGE)
        return int(text)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["medical_evidence"] = data["medical_evidence"] == "yes"
        return data


class NonFinancialOutcomeForm(nhsuk.NhsukForm):
    kind = _radios(
        "Outcome", [], errors.NON_FINANCIAL_KIND_REQUIRED, reveals={"other": "description"}
    )
    description = nhsuk.CharField(
        label="If other, describe it",
        help_text="Kept within this advice service; never shown to a funder",
        max_length=200,
        required=False,
    )
    achieved_on = nhsuk.DatePartsField(label="Date of the outcome")
    obtained_by_us = _radios(
        "Was it obtained by this service?", YES_NO, "Select whether this service obtained it"
    )

    def __init__(self, data=None, *, advice_area: str, initial=None):
        super().__init__(data, initial=initial)
        self.fields["kind"].choices = non_financial_kinds_for(advice_area)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["obtained_by_us"] = data["obtained_by_us"] == "yes"
        return data


SWEMWBS_STATEMENTS = (
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
)
SWEMWBS_SCALE = [
    ("1", "None of the time"),
    ("2", "Rarely"),
    ("3", "Some of the time"),
    ("4", "Often"),
    ("5", "All of the time"),
]
ONS4_QUESTIONS = (
    ("life_satisfaction", "Overall, how satisfied are you with your life nowadays?"),
    (
        "worthwhile",
        "Overall, to what extent do you feel the things you do in your life are worthwhile?",
    ),
    ("happy_yesterday", "Overall, how happy did you feel yesterday?"),
    ("anxious_yesterday", "Overall, how anxious did you feel yesterday?"),
)


class WellbeingForm(nhsuk.NhsukForm):
    taken_on = nhsuk.DatePartsField(label="Date the questions were asked")

    def __init__(self, data=None, *, initial=None):
        super().__init__(data, initial=initial)
        for number, statement in enumerate(SWEMWBS_STATEMENTS, start=1):
            self.fields[f"swemwbs_{number}"] = nhsuk.ChoiceField(
                label=statement,
                choices=SWEMWBS_SCALE,
                widget=forms.RadioSelect,
                required=False,
                inline=True,
            )
        for name, question in ONS4_QUESTIONS:
            self.fields[name] = nhsuk.ChoiceField(
                label=question,
                help_text="0 is not at all, 10 is completely",
                choices=[(str(n), str(n)) for n in range(11)],
                widget=forms.RadioSelect,
                required=False,
                inline=True,
            )

    def swemwbs_fields(self):
        return [self[f"swemwbs_{n}"] for n in range(1, 8)]

    def ons4_fields(self):
        return [self[name] for name, _ in ONS4_QUESTIONS]

    def values(self) -> dict:
        data = self.cleaned_data

        def number(name):
            return int(data[name]) if data.get(name) not in (None, "") else None

        return {
            "taken_on": data["taken_on"],
            "swemwbs_items": [number(f"swemwbs_{n}") for n in range(1, 8)],
            "ons4": {name: number(name) for name, _ in ONS4_QUESTIONS},
        }
