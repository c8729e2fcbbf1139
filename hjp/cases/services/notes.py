"""Case notes: written, edited (each edit a new version) and marked entered in error; never
deleted. A note marked as a shared summary may reach the referrer, under feedback consent."""

import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Role
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases import tasks
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseIssue, CaseNote, CaseNoteVersion, NoteType
from hjp.cases.services._common import locked_open_case, record_activity

MAX_MINUTES = 24 * 60
NOTE_TYPE_INVALID = "Select the type of note"
SUBJECT_MISSING = "Enter a subject"
BODY_MISSING = "Enter the note"
ACTIVITY_IN_FUTURE = "The date of the activity must be today or in the past"
BACKDATING_REASON_MISSING = "Enter why the note is written after the day of the activity"
MINUTES_OUT_OF_RANGE = f"Time spent must be between 0 and {MAX_MINUTES} minutes"
ISSUE_NOT_ON_CASE = "Select an issue of this case"
EDIT_REASON_MISSING = "Enter why the note is being changed"
NOT_THE_AUTHOR = "Only the note's author or a supervisor can change it"
NOTE_IN_ERROR = "This note was marked as entered in error and cannot be changed"
ERROR_REASON_MISSING = "Enter why the note was entered in error"
ALREADY_IN_ERROR = "This note is already marked as entered in error"


def _checked(
    case: Case,
    *,
    note_type: str,
    subject: str,
    body: str,
    activity_date: datetime.date,
    minutes: int,
    backdating_reason: str,
    issue: CaseIssue | None,
) -> dict:
    """The note's fields, tidied, or the first rule they break as a `CaseworkError`."""
    subject, body, backdating_reason = subject.strip(), body.strip(), backdating_reason.strip()
    today = timezone.localdate()
    if note_type not in NoteType.values:
        raise CaseworkError(NOTE_TYPE_INVALID, field="note_type")
    if not subject:
        raise CaseworkError(SUBJECT_MISSING, field="subject")
    if not body:
        raise CaseworkError(BODY_MISSING, field="body")
    if activity_date > today:
        raise CaseworkError(ACTIVITY_IN_FUTURE, field="activity_date")
    # Back-dating: any note about an earlier day says why it is written late.
    if activity_date < today and not backdating_reason:
        raise CaseworkError(BACKDATING_REASON_MISSING, field="backdating_reason")
    if not 0 <= minutes <= MAX_MINUTES:
        raise CaseworkError(MINUTES_OUT_OF_RANGE, field="minutes")
    if issue is not None and issue.case_id != case.pk:
        raise CaseworkError(ISSUE_NOT_ON_CASE, field="issue")
    return {
        "note_type": note_type,
        "subject": subject,
        "body": body,
        "activity_date": activity_date,
        "minutes": minutes,
        "backdating_reason": backdating_reason if activity_date < today else "",
        "issue": issue,
    }


def _version(note: CaseNote, *, by: Actor, edit_reason: str = "") -> CaseNoteVersion:
    return CaseNoteVersion.objects.create(
        note=note,
        version=note.version,
        note_type=note.note_type,
        subject=note.subject,
        body=note.body,
        activity_date=note.activity_date,
        backdating_reason=note.backdating_reason,
        minutes=note.minutes,
        shared_summary=note.shared_summary,
        edit_reason=edit_reason,
        written_by_id=by.user_id,
        written_at=timezone.now(),
    )


def _share_if_summary(note: CaseNote, case: Case) -> None:
    if note.shared_summary and case.referral_id is not None:
        tasks.tell_referrer_of_summary.enqueue(note_id=str(note.pk))


@audited_atomic
def add_note(
    case: Case,
    *,
    by: Actor,
    note_type: str,
    subject: str,
    body: str,
    activity_date: datetime.date,
    minutes: int = 0,
    backdating_reason: str = "",
    shared_summary: bool = False,
    issue: CaseIssue | None = None,
) -> CaseNote:
    """Write a note on an open case; privileged unless marked as a shared summary."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    fields = _checked(
        case,
        note_type=note_type,
        subject=subject,
        body=body,
        activity_date=activity_date,
        minutes=minutes,
        backdating_reason=backdating_reason,
        issue=issue,
    )
    note = CaseNote.objects.create(
        case=case, author_id=by.user_id, shared_summary=shared_summary, **fields
    )
    _version(note, by=by)
    record_activity(case)
    audit.record(
        by, audit.Action.CREATE, note, person=case.person, detail={"shared": shared_summary}
    )
    _share_if_summary(note, case)
    return note


def _may_change(note: CaseNote, by: Actor) -> bool:
    return note.author_id == by.user_id or by.role == Role.SUPERVISOR


@audited_atomic
def edit_note(
    note: CaseNote,
    *,
    by: Actor,
    note_type: str,
    subject: str,
    body: str,
    activity_date: datetime.date,
    edit_reason: str,
    minutes: int = 0,
    backdating_reason: str = "",
    shared_summary: bool = False,
    issue: CaseIssue | None = None,
) -> CaseNote:
    """Change a note; the earlier text stays as an earlier version."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(note.case)
    note = CaseNote.objects.select_for_update().get(pk=note.pk)
    if note.entered_in_error:
        raise CaseworkError(NOTE_IN_ERROR)
    if not _may_change(note, by):
        raise CaseworkError(NOT_THE_AUTHOR)
    if not edit_reason.strip():
        raise CaseworkError(EDIT_REASON_MISSING, field="edit_reason")
    fields = _checked(
        case,
        note_type=note_type,
        subject=subject,
        body=body,
        activity_date=activity_date,
        minutes=minutes,
        backdating_reason=backdating_reason,
        issue=issue,
    )
    newly_shared = shared_summary and not note.shared_summary
    for name, value in fields.items():
        setattr(note, name, value)
    note.shared_summary, note.version = shared_summary, note.version + 1
    note.save()
    _version(note, by=by, edit_reason=edit_reason.strip())
    record_activity(case)
    audit.record(
        by, audit.Action.UPDATE, note, person=case.person, detail={"version": note.version}
    )
    if newly_shared:
        _share_if_summary(note, case)
    return note


@audited_atomic
def mark_note_entered_in_error(note: CaseNote, *, by: Actor, reason: str) -> CaseNote:
    """Mark a note as written in error: it stays on the file, struck out, and counts for nothing."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(note.case)
    note = CaseNote.objects.select_for_update().get(pk=note.pk)
    if note.entered_in_error:
        raise CaseworkError(ALREADY_IN_ERROR)
    if not _may_change(note, by):
        raise CaseworkError(NOT_THE_AUTHOR)
    if not reason.strip():
        raise CaseworkError(ERROR_REASON_MISSING, field="reason")
    note.entered_in_error, note.error_reason = True, reason.strip()
    note.error_marked_by_id, note.error_marked_at = by.user_id, timezone.now()
    note.save(
        update_fields=[
            "entered_in_error",
            "error_reason",
            "error_marked_by",
            "error_marked_at",
            "updated_at",
        ]
    )
    audit.record(
        by, audit.Action.UPDATE, note, person=case.person, detail={"entered_in_error": True}
    )
    return note
