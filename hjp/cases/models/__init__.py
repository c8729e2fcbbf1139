"""Advice casework: cases and issues, notes, tasks and deadlines, documents, appointments and
file reviews. Split by subject; import from here."""

from hjp.cases.models.appointments import Appointment, AppointmentReminder
from hjp.cases.models.case import (
    Case,
    CaseEvent,
    CaseIssue,
    ConflictCheck,
    ConflictStatus,
    Level,
    OpposingParty,
    Stage,
    new_case_reference,
)
from hjp.cases.models.deadlines import CaseTask, DeadlineRule, TaskReminder, TaskType
from hjp.cases.models.documents import CaseDocument, DocumentContent, DocumentType
from hjp.cases.models.notes import CaseNote, CaseNoteVersion, NoteType
from hjp.cases.models.reviews import FileReview, FileReviewSample, ReviewAction, ReviewSchedule

__all__ = [
    "Appointment",
    "AppointmentReminder",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseIssue",
    "CaseNote",
    "CaseNoteVersion",
    "CaseTask",
    "ConflictCheck",
    "ConflictStatus",
    "DeadlineRule",
    "DocumentContent",
    "DocumentType",
    "FileReview",
    "FileReviewSample",
    "Level",
    "NoteType",
    "OpposingParty",
    "ReviewAction",
    "ReviewSchedule",
    "Stage",
    "TaskReminder",
    "TaskType",
    "new_case_reference",
]
