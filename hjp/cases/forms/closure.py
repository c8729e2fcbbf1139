"""Forms for closing and reopening a case."""

from django import forms

from hjp.cases.services.closure import CLOSE_REASONS
from hjp.core import nhsuk_forms as nhsuk


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

    def __init__(self, data=None, *, issues=(), has_referral: bool = False):
        super().__init__(data)
        self.issues = list(issues)
        for issue in self.issues:
            self.fields[f"outcome_{issue.pk}"] = nhsuk.CharField(
                label=f"Outcome: {issue}",
                widget=forms.Textarea,
                rows=2,
                max_length=2000,
                error_messages={"required": "Enter the outcome of each issue"},
            )
        if not has_referral:
            del self.fields["summary_for_referrer"]

    def outcome_fields(self):
        return [self[f"outcome_{issue.pk}"] for issue in self.issues]

    def values(self) -> dict:
        return {
            "reason": self.cleaned_data["reason"],
            "outcome_notes": {
                issue.pk: self.cleaned_data[f"outcome_{issue.pk}"] for issue in self.issues
            },
            "summary_for_referrer": self.cleaned_data.get("summary_for_referrer", ""),
        }


class ReopenCaseForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why is the case being reopened?",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        error_messages={"required": "Enter why the case is being reopened"},
    )
