"""Forms for closing and reopening a case."""

from django import forms

from hjp.cases.services.closure import CLOSE_REASONS
from hjp.core import nhsuk_forms as nhsuk
from hjp.outcomes.models import OutcomeCategory

NONE_LABELS = {
    OutcomeCategory.FINANCIAL: "No financial outcome",
    OutcomeCategory.CLAIM: "No claim decision",
    OutcomeCategory.NON_FINANCIAL: "No other outcome",
}


class CloseCaseForm(nhsuk.NhsukForm):
    reason = nhsuk.ChoiceField(
        label="Why is the case closing?",
        choices=[(r.value, r.label) for r in CLOSE_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
    summary_for_referrer = nhsuk.CharField(
        label="What may the referrer be told? (optional)",
        help_text=(
            "Shown to the referrer with the referral's outcome, only while the person consents "
            "to feedback. Do not include anything privileged."
        ),
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        required=False,
    )

    tell_referrer_outcomes = nhsuk.BooleanField(
        label="Also tell the referrer the results recorded (amounts and decisions, no notes)",
        required=False,
    )

    def __init__(self, data=None, *, issues=(), has_referral: bool = False, missing=None):
        super().__init__(data)
        self.issues = list(issues)
        missing = missing or {}
        for issue in self.issues:
            self.fields[f"outcome_{issue.pk}"] = nhsuk.CharField(
                label=f"Outcome: {issue}",
                widget=forms.Textarea,
                rows=2,
                max_length=2000,
                error_messages={"required": "Enter the outcome of each issue"},
            )
            if missing.get(issue.pk):
                self.fields[f"none_{issue.pk}"] = nhsuk.MultipleChoiceField(
                    label=f"Nothing else to record for {issue}?",
                    help_text="Tick each kind of result this issue did not have.",
                    choices=[(c, NONE_LABELS[c]) for c in missing[issue.pk]],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
        if not has_referral:
            del self.fields["summary_for_referrer"]
            del self.fields["tell_referrer_outcomes"]

    def issue_fields(self):
        """Per issue: its outcome note and, when results are missing, the "none" boxes."""
        return [
            (
                self[f"outcome_{i.pk}"],
                self[f"none_{i.pk}"] if f"none_{i.pk}" in self.fields else None,
            )
            for i in self.issues
        ]

    def values(self) -> dict:
        return {
            "reason": self.cleaned_data["reason"],
            "outcome_notes": {
                issue.pk: self.cleaned_data[f"outcome_{issue.pk}"] for issue in self.issues
            },
            "no_outcomes": {
                issue.pk: self.cleaned_data.get(f"none_{issue.pk}") or [] for issue in self.issues
            },
            "summary_for_referrer": self.cleaned_data.get("summary_for_referrer", ""),
            "tell_referrer_outcomes": bool(self.cleaned_data.get("tell_referrer_outcomes")),
        }


class ReopenCaseForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why is the case being reopened?",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        error_messages={"required": "Enter why the case is being reopened"},
    )
