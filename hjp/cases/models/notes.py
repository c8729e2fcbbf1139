"""Case notes: privileged by default, versioned on every edit, never deleted."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.cases.models.case import Case
from hjp.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class NoteType(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance"
    PHONE_IN = "phone_in", "Phone call in"
    PHONE_OUT = "phone_out", "Phone call out"
    LETTER_IN = "letter_in", "Letter or email in"
    LETTER_OUT = "letter_out", "Letter or email out"
    RESEARCH = "research", "Research"
    FILE_NOTE = "file_note", "File note"
    SUPERVISION = "supervision", "Supervision"


class CaseNoteQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseNoteQuerySet":
        """Every note of the cases the actor's organisation holds (the advice side only)."""
        return self.filter(case__in=Case.objects.visible_to(actor))


class CaseNote(BaseModel):
    """The current version of a note; every version, the first included, is a CaseNoteVersion."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    issue = models.ForeignKey(
        "cases.CaseIssue", null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    note_type = models.CharField(max_length=16, choices=NoteType.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    activity_date = models.DateField()
    backdating_reason = models.TextField(blank=True)
    minutes = models.PositiveIntegerField(default=0)
    # Privileged unless marked: a shared summary reaches the referrer under feedback consent.
    shared_summary = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.TextField(blank=True)
    error_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error_marked_at = models.DateTimeField(null=True, blank=True)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-activity_date", "-created_at"]
        indexes = [models.Index(fields=["case", "-activity_date"], name="note_case_date")]

    def __str__(self) -> str:
        return self.subject


class CaseNoteVersionQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor: "Actor") -> "CaseNoteVersionQuerySet":
        return self.filter(note__case__in=Case.objects.visible_to(actor))


class CaseNoteVersion(AppendOnlyModel):
    """One version of a note as it was written, with who wrote it and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    note_type = models.CharField(max_length=16, choices=NoteType.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    activity_date = models.DateField()
    backdating_reason = models.TextField(blank=True)
    minutes = models.PositiveIntegerField(default=0)
    shared_summary = models.BooleanField(default=False)
    edit_reason = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()

    objects = CaseNoteVersionQuerySet.as_manager()

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["note", "version"], name="one_row_per_note_version")
        ]

    def __str__(self) -> str:
        return f"{self.subject} (version {self.version})"
