"""Forms for file review: they check what was entered, the review services decide the rest."""

import datetime
from collections.abc import Iterable

from django import forms

from hjp.accounts.models import User
from hjp.cases.models import FileReview, ReviewSchedule
from hjp.cases.review_checklist import (
    CHECKLIST,
    MAX_ACTION_LENGTH,
    MAX_ACTIONS,
    OVERALL_MISSING,
    RATING_MISSING,
    ChecklistItem,
)
from hjp.core import nhsuk_forms as nhsuk

CASEWORKER_MISSING = "Select the caseworker"
FILES_PER_PERIOD_NOT_A_NUMBER = "Enter the number of files as a whole number, like 2"
PERIOD_MISSING = "Select whether the files are reviewed each month or each quarter"
REASON_MISSING = "Enter why the caseworker's files are reviewed this often"
SAMPLE_PERIOD_MISSING = "Select the month to draw the sample for"
ACTION_TOO_LONG = f"An action must be {MAX_ACTION_LENGTH} characters or fewer"
NOTE_MISSING = "Enter how you checked the action was done"
FROM_MISSING = "Enter the first day of the reviews to export"
TO_MISSING = "Enter the last day of the reviews to export"
RANGE_BACKWARDS = "The start date must be the same as or before the end date"
SAMPLE_MONTHS_BACK = 3


def _caseworker_field(label: str) -> nhsuk.ChoiceField:
    return nhsuk.ChoiceField(
        label=label,
        error_messages={"required": CASEWORKER_MISSING, "invalid_choice": CASEWORKER_MISSING},
    )


def _caseworker_choices(caseworkers: Iterable[User]) -> list[tuple[str, str]]:
    return [("", "Select a caseworker"), *((str(u.pk), str(u)) for u in caseworkers)]


class CaseworkerChoiceForm(nhsuk.NhsukForm):
    """A form whose `caseworker` field chooses among the users it is given."""

    def __init__(self, data=None, *, caseworkers: Iterable[User] = (), initial=None):
        super().__init__(data, initial=initial)
        self.caseworkers = {str(u.pk): u for u in caseworkers}
        self.fields["caseworker"].choices = _caseworker_choices(self.caseworkers.values())

    def clean_caseworker(self) -> User:
        return self.caseworkers[self.cleaned_data["caseworker"]]


class ReviewScheduleForm(CaseworkerChoiceForm):
    caseworker = _caseworker_field("Whose files?")
    files_per_period = nhsuk.CharField(
        label="How many files?",
        inputmode="numeric",
        classes="nhsuk-input--width-3",
        error_messages={"required": FILES_PER_PERIOD_NOT_A_NUMBER},
    )
    period = nhsuk.ChoiceField(
        label="Each",
        choices=ReviewSchedule.Period.choices,
        widget=forms.RadioSelect,
        inline=True,
        error_messages={"required": PERIOD_MISSING, "invalid_choice": PERIOD_MISSING},
    )
    reason = nhsuk.CharField(
        label="Why this many?",
        help_text="For example: new to casework, so 4 a month for 3 months, then 2 a quarter",
        widget=forms.Textarea,
        rows=3,
        max_length=1000,
        error_messages={"required": REASON_MISSING},
    )

    def clean_files_per_period(self) -> int:
        value = self.cleaned_data["files_per_period"].strip()
        if not value.isdigit():
            raise forms.ValidationError(FILES_PER_PERIOD_NOT_A_NUMBER)
        return int(value)


def sample_months(today: datetime.date) -> list[datetime.date]:
    """The first days of the months a sample can be drawn for: recent ones and the next."""
    months, year, month = [], today.year, today.month
    for offset in range(-SAMPLE_MONTHS_BACK, 2):
        index = year * 12 + (month - 1) + offset
        months.append(datetime.date(index // 12, index % 12 + 1, 1))
    return months


class DrawSampleForm(CaseworkerChoiceForm):
    caseworker = _caseworker_field("Whose files?")
    period = nhsuk.ChoiceField(
        label="For which month?",
        help_text="For a caseworker reviewed each quarter, the sample is for the quarter "
        "holding this month",
        error_messages={"required": SAMPLE_PERIOD_MISSING, "invalid_choice": SAMPLE_PERIOD_MISSING},
    )

    def __init__(self, data=None, *, caseworkers=(), today: datetime.date, initial=None):
        super().__init__(data, caseworkers=caseworkers, initial=initial)
        self.fields["period"].choices = [
            (month.isoformat(), f"{month:%B %Y}") for month in sample_months(today)
        ]

    def clean_period(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["period"])


def _rating_field(item: ChecklistItem) -> nhsuk.ChoiceField:
    missing = RATING_MISSING.format(question=item.question)
    return nhsuk.ChoiceField(
        label=item.question,
        choices=FileReview.Rating.choices,
        widget=forms.RadioSelect,
        inline=True,
        error_messages={"required": missing, "invalid_choice": missing},
    )


class FileReviewForm(nhsuk.NhsukForm):
    """One radios group per checklist item, the overall result, comments and actions."""

    overall = nhsuk.ChoiceField(
        label="Overall, the file is",
        choices=FileReview.Overall.choices,
        widget=forms.RadioSelect,
        label_size="m",
        choice_hints={
            FileReview.Overall.SATISFACTORY: "No actions needed",
            FileReview.Overall.WITH_ACTIONS: "Enter the actions below",
            FileReview.Overall.UNSATISFACTORY: "Enter the actions below",
        },
        error_messages={"required": OVERALL_MISSING, "invalid_choice": OVERALL_MISSING},
    )
    comments = nhsuk.CharField(
        label="Comments (optional)",
        help_text="The caseworker sees these",
        widget=forms.Textarea,
        rows=4,
        max_length=4000,
        required=False,
    )

    def __init__(self, data=None, *, case_is_open: bool):
        super().__init__(data)
        # An open file has no outcome yet, so closed-file items are not asked of it.
        self.items = [i for i in CHECKLIST if not (i.closed_files_only and case_is_open)]
        self.not_asked = [i for i in CHECKLIST if i not in self.items]
        for item in self.items:
            self.fields[item.field_name] = _rating_field(item)
        for number in range(1, MAX_ACTIONS + 1):
            self.fields[f"action_{number}"] = nhsuk.CharField(
                label=f"Action {number}",
                required=False,
                max_length=MAX_ACTION_LENGTH,
                error_messages={"max_length": ACTION_TOO_LONG},
            )

    @property
    def rating_fields(self) -> list:
        return [self[item.field_name] for item in self.items]

    @property
    def action_fields(self) -> list:
        return [self[f"action_{number}"] for number in range(1, MAX_ACTIONS + 1)]

    def ratings(self) -> dict[str, str]:
        ratings = {item.code: self.cleaned_data[item.field_name] for item in self.items}
        ratings.update({item.code: FileReview.Rating.NOT_APPLICABLE for item in self.not_asked})
        return ratings

    def actions(self) -> list[str]:
        return [self.cleaned_data[f"action_{n}"] for n in range(1, MAX_ACTIONS + 1)]

    @staticmethod
    def field_for(service_field: str | None) -> str | None:
        """The form field a review service's refusal belongs to."""
        return "action_1" if service_field == "actions" else service_field


class ConfirmActionForm(nhsuk.NhsukForm):
    note = nhsuk.CharField(
        label="How did you check the action was done?",
        help_text="For example: read the letter confirming the advice, dated 3 May",
        widget=forms.Textarea,
        rows=3,
        max_length=2000,
        error_messages={"required": NOTE_MISSING},
    )


class ReviewExportForm(nhsuk.NhsukForm):
    """The dates of the reviews to export, both days included."""

    reviewed_from = nhsuk.DatePartsField(label="Reviewed from")
    reviewed_to = nhsuk.DatePartsField(label="Reviewed up to and including")

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["reviewed_from"].error_messages["required"] = FROM_MISSING
        self.fields["reviewed_to"].error_messages["required"] = TO_MISSING

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("reviewed_from"), cleaned.get("reviewed_to")
        if start and end and start > end:
            self.add_error("reviewed_to", RANGE_BACKWARDS)
        return cleaned
