"""The upload form: it checks what was entered; the document service checks the file itself."""

import re

from django import forms
from django.conf import settings

from hjp.cases.models import CaseDocument, CaseIssue, DocumentType
from hjp.cases.services.documents import ACCEPTED_KINDS, size_text
from hjp.core import nhsuk_forms as nhsuk

MINUTES = re.compile(r"[0-9]{1,4}")
MINUTES_NOT_A_NUMBER = "Enter the time spent in minutes, as a whole number from 0 to 1440"


class UploadForm(nhsuk.NhsukForm):
    file = nhsuk.FileField(
        label="File",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    document_type = nhsuk.ChoiceField(
        label="Type of document",
        choices=DocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of document"},
    )
    title = nhsuk.CharField(
        label="Title",
        help_text="For example: PIP decision letter",
        max_length=200,
        error_messages={"required": "Enter a title for the document"},
    )
    document_date = nhsuk.DatePartsField(
        label="Date printed on the document",
        help_text="Needed to work out a deadline from a decision letter. For example, 17 5 2026",
        required=False,
    )
    source = nhsuk.ChoiceField(
        label="Where did it come from?",
        choices=CaseDocument.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the document came from"},
    )
    visibility = nhsuk.ChoiceField(
        label="Who can see it?",
        choices=CaseDocument.Visibility.choices,
        widget=forms.RadioSelect,
        initial=CaseDocument.Visibility.PRIVILEGED,
    )
    issue = nhsuk.ChoiceField(label="Which issue is it about? (optional)", required=False)
    minutes = nhsuk.CharField(
        label="Time spent on it, in minutes (optional)",
        inputmode="numeric",
        classes="nhsuk-input--width-4",
        required=False,
    )

    def __init__(self, data=None, files=None, *, issues=()):
        super().__init__(data, files)
        kinds = ", ".join(ACCEPTED_KINDS.values())
        self.fields[
            "file"
        ].help_text = f"{kinds}; {size_text(settings.HJP_DOCUMENT_MAX_BYTES)} or smaller"
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
        # ASCII digits only and at most four of them: str.isdigit() also takes "²", and int()
        # refuses numbers of thousands of digits, either of which would fail the page.
        if not MINUTES.fullmatch(raw) or int(raw) > 1440:
            raise forms.ValidationError(MINUTES_NOT_A_NUMBER)
        return int(raw)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["uploaded_file"] = data.pop("file")
        data.setdefault("issue", None)
        return data


class DownloadReasonForm(nhsuk.NhsukForm):
    reason = nhsuk.CharField(
        label="Why do you need to open this copy of medical records?",
        help_text="The reason is kept in the audit trail with your name.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you need to open this copy of medical records"},
    )
