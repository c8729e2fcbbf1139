"""Case notes as the case page, the notes list and a note's page show them."""

from django.urls import reverse

from hjp.cases.models import Case, CaseNote
from hjp.core.formatting import format_date

RECENT_NOTES = 20
EXCERPT_CHARACTERS = 240
SHARED_TAG = {"text": "Shared summary", "classes": "nhsuk-tag--blue"}
ERROR_TAG = {"text": "Entered in error", "classes": "nhsuk-tag--red"}


def minutes_text(minutes: int) -> str:
    if not minutes:
        return "None recorded"
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


class NotePresenter:
    """One note: its tags, dates and links."""

    def __init__(self, note: CaseNote):
        self.note = note

    @property
    def url(self) -> str:
        return reverse("cases:note", kwargs={"note_pk": self.note.pk})

    @property
    def tags(self) -> list[dict]:
        tags = []
        if self.note.shared_summary:
            tags.append(SHARED_TAG)
        if self.note.entered_in_error:
            tags.append(ERROR_TAG)
        return tags

    @property
    def activity_date(self) -> str:
        return format_date(self.note.activity_date)

    @property
    def excerpt(self) -> str:
        body = " ".join(self.note.body.split())
        if len(body) <= EXCERPT_CHARACTERS:
            return body
        return body[:EXCERPT_CHARACTERS].rsplit(" ", 1)[0] + " …"

    @property
    def minutes(self) -> str:
        return minutes_text(self.note.minutes)

    @property
    def summary_rows(self) -> list[dict]:
        note = self.note
        rows = [
            ("Type", note.get_note_type_display()),
            ("Date of the activity", self.activity_date),
            ("Written by", str(note.author)),
            ("Time spent", self.minutes),
        ]
        if note.issue_id is not None:
            rows.append(("Issue", str(note.issue)))
        if note.backdating_reason:
            rows.append(("Why written later", note.backdating_reason))
        rows.append(
            (
                "Who can see it",
                "Your organisation, and the referrer while the person consents to feedback"
                if note.shared_summary
                else "Your organisation only",
            )
        )
        if note.entered_in_error:
            rows.append(("Entered in error", note.error_reason))
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def notes_section(case: Case) -> dict:
    """The most recent notes of the case in two queries, whatever the number of notes."""
    notes = list(case.notes.select_related("author", "issue")[: RECENT_NOTES + 1])
    return {
        "notes": [NotePresenter(note) for note in notes[:RECENT_NOTES]],
        "more": len(notes) > RECENT_NOTES,
        "all_url": reverse("cases:notes", kwargs={"case_pk": case.pk}),
        "add_url": reverse("cases:note_add", kwargs={"case_pk": case.pk}),
        "can_add": case.is_open,
    }
