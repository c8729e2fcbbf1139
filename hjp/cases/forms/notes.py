"""Forms for case notes: they check what was entered; the note services decide the rest."""

from django import forms

from hjp.cases.models import CaseIssue, NoteType
from hjp.cases.services.notes import MAX_MINUTES
from hjp.core import nhsuk_forms as nhsuk

NOTE_TYPE_MISSING = "Select the type of note"
MINUTES_NOT_A_NUMBER = f"Enter the time spent in minutes, as a whole number from 0 to {MAX_MINUTES}"
ISSUE_UNKNOWN = "Select an issue of this case"


class NoteForm(nhsuk.NhsukForm):
    note_type = nhsuk.ChoiceField(
        label="Type of note",
        choices=NoteType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": NOTE_TYPE_MISSING, "invalid_choice": NOTE_TYPE_MISSING},
    )
    issue = nhsuk.ChoiceField(label="Which issue is it about? (optional)", required=False)
    subject = nhsuk.CharField(
        label="Subject", max_length=200, error_messages={"required": "Enter a subject"}
    )
    body = nhsuk.CharField(
        label="Note",
        widget=forms.Textarea,
        rows=8,
        max_length=20000,
        error_messages={"required": "Enter the note"},
    )
    activity_date = nhsuk.DatePartsField(
        label="Date of the activity", help_text="For example, 17 5 2026"
    )
    backdating_reason = nhsuk.CharField(
        label="Why is the note written after the day of the activity?",
        help_text="Needed only when the date of the activity is before today",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        required=False,
    )
    minutes = nhsuk.CharField(
        label="Time spent, in minutes",
        inputmode="numeric",
        classes="nhsuk-input--width-4",
        required=False,
    )
    shared_summary = nhsuk.BooleanField(
        label="Share this note with the referrer as a summary",
        help_text=(
            "Only while the person's consent to feedback is in force. Every other note is "
            "seen only by your organisation."
        ),
        required=False,
    )

    def __init__(self, data=None, *, issues=(), initial=None):
        super().__init__(data, initial=initial)
        self.issues = {str(issue.pk): issue for issue in issues}
        self.fields["issue"].choices = [("", "Not about one issue")] + [
            (key, str(issue)) for key, issue in self.issues.items()
        ]
        if not self.issues:
            del self.fields["issue"]

    def clean_issue(self) -> CaseIssue | None:
        return self.issues.get(self.cleaned_data.get("issue") or "")

    def clean_minutes(self) -> int:
        raw = (self.cleaned_data.get("minutes") or "0").strip()
        if not raw.isdigit() or int(raw) > MAX_MINUTES:
            raise forms.ValidationError(MINUTES_NOT_A_NUMBER)
        return int(raw)

    def note_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("issue", None)
        return data


class EditNoteForm(NoteForm):
    edit_reason = nhsuk.CharField(
        label="Why are you changing the note?",
        help_text="The earlier version is kept and shown with the note",
        widget=forms.Textarea,
        rows=2,
        max_length=1000,
        error_messages={"required": "Enter why the note is being changed"},
    )


class NoteErrorForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why was this note entered in error?",
        help_text="For example: written on the wrong client's case",
        widget=forms.Textarea,
        rows=3,
        max_length=1000,
        error_messages={"required": "Enter why the note was entered in error"},
    )


class NoteFilterForm(forms.Form):
    note_type = forms.ChoiceField(choices=[("", "All types"), *NoteType.choices], required=False)
