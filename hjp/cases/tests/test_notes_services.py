"""Writing, changing and marking case notes: versions kept, rules kept, nothing half-written."""

import datetime

import pytest
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import CaseNote, CaseNoteVersion, NoteType
from hjp.cases.services import close_case
from hjp.cases.services import notes as note_services
from hjp.cases.tests.factories import case_from_referral
from hjp.core.models import AppendOnlyError
from hjp.factories import MembershipFactory, UserFactory, actor_for


@pytest.fixture
def case(world):
    return case_from_referral(world)


def write(case, actor, **fields):
    values = {
        "note_type": NoteType.PHONE_OUT,
        "subject": "Called about the PIP decision",
        "body": "Client has the decision letter dated 3 March.",
        "activity_date": timezone.localdate(),
        "minutes": 15,
    }
    values.update(fields)
    return note_services.add_note(case, by=actor, **values)


def test_a_note_is_privileged_and_written_as_version_one(world, case):
    note = write(case, world.actor("adviser"))

    assert note.shared_summary is False
    assert note.version == 1
    version = note.versions.get()
    assert (version.version, version.body) == (1, "Client has the decision letter dated 3 March.")
    event = AuditEvent.objects.filter(object_id=str(note.pk)).get()
    assert (event.action, event.person_id) == ("create", case.person_id)


def test_a_note_moves_the_cases_last_activity_forward(world, case):
    case.refresh_from_db()
    before = case.last_activity_at
    write(case, world.actor("adviser"))
    case.refresh_from_db()
    assert case.last_activity_at > before


def test_an_edit_keeps_the_earlier_text_as_an_earlier_version(world, case):
    note = write(case, world.actor("adviser"))

    note_services.edit_note(
        note,
        by=world.actor("adviser"),
        note_type=NoteType.PHONE_OUT,
        subject="Called about the PIP decision",
        body="Client has the decision letter dated 4 March.",
        activity_date=timezone.localdate(),
        minutes=20,
        edit_reason="Wrong date",
    )

    note.refresh_from_db()
    assert (note.version, note.body, note.minutes) == (
        2,
        "Client has the decision letter dated 4 March.",
        20,
    )
    bodies = list(note.versions.order_by("version").values_list("body", "edit_reason"))
    assert bodies == [
        ("Client has the decision letter dated 3 March.", ""),
        ("Client has the decision letter dated 4 March.", "Wrong date"),
    ]


def test_an_edit_needs_a_reason_and_changes_nothing_without_one(world, case):
    note = write(case, world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        note_services.edit_note(
            note,
            by=world.actor("adviser"),
            note_type=NoteType.PHONE_OUT,
            subject="Changed",
            body="Changed",
            activity_date=timezone.localdate(),
            edit_reason=" ",
        )
    assert refused.value.message == note_services.EDIT_REASON_MISSING
    note.refresh_from_db()
    assert (note.subject, note.version, note.versions.count()) == (
        "Called about the PIP decision",
        1,
        1,
    )


def test_only_the_author_or_a_supervisor_may_change_a_note(world, case):
    colleague = UserFactory(full_name="Other Adviser")
    MembershipFactory(user=colleague, organisation=world.advice, role="adviser")
    note = write(case, world.actor("adviser"))
    change = {
        "note_type": NoteType.FILE_NOTE,
        "subject": "x",
        "body": "y",
        "activity_date": timezone.localdate(),
        "edit_reason": "tidy",
    }
    with pytest.raises(CaseworkError, match="author or a supervisor"):
        note_services.edit_note(note, by=actor_for(colleague, world.advice), **change)
    note_services.edit_note(note, by=world.actor("supervisor"), **change)
    assert CaseNote.objects.get(pk=note.pk).version == 2


def test_a_back_dated_note_needs_a_reason(world, case):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(CaseworkError) as refused:
        write(case, world.actor("adviser"), activity_date=yesterday)
    assert refused.value.field == "backdating_reason"
    assert CaseNote.objects.count() == 0 and CaseNoteVersion.objects.count() == 0

    note = write(
        case, world.actor("adviser"), activity_date=yesterday, backdating_reason="Out of office"
    )
    assert note.backdating_reason == "Out of office"


def test_a_reason_given_for_a_note_of_today_is_not_kept(world, case):
    note = write(case, world.actor("adviser"), backdating_reason="not needed")
    assert note.backdating_reason == ""


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"activity_date": timezone.localdate() + datetime.timedelta(days=1)},
            note_services.ACTIVITY_IN_FUTURE,
        ),
        ({"subject": "  "}, note_services.SUBJECT_MISSING),
        ({"body": ""}, note_services.BODY_MISSING),
        ({"minutes": 1441}, note_services.MINUTES_OUT_OF_RANGE),
        ({"minutes": -1}, note_services.MINUTES_OUT_OF_RANGE),
        ({"note_type": "gossip"}, note_services.NOTE_TYPE_INVALID),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_written(world, case, fields, message):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(CaseworkError) as refused:
        write(case, world.actor("adviser"), **fields)
    assert refused.value.message == message
    assert CaseNote.objects.count() == 0
    assert CaseNoteVersion.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_a_note_on_a_closed_case_is_refused(world, case):
    close_case(case, by=world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        write(case, world.actor("adviser"))
    assert refused.value.message == CASE_CLOSED


def test_a_note_entered_in_error_stays_marked_with_its_reason_and_cannot_be_changed(world, case):
    note = write(case, world.actor("adviser"))
    note_services.mark_note_entered_in_error(note, by=world.actor("adviser"), reason="Wrong client")

    note.refresh_from_db()
    assert note.entered_in_error and note.error_reason == "Wrong client"
    assert note.error_marked_by == world.user("adviser")
    with pytest.raises(CaseworkError, match="entered in error"):
        note_services.edit_note(
            note,
            by=world.actor("adviser"),
            note_type=NoteType.FILE_NOTE,
            subject="x",
            body="y",
            activity_date=timezone.localdate(),
            edit_reason="z",
        )
    with pytest.raises(CaseworkError, match="already marked"):
        note_services.mark_note_entered_in_error(note, by=world.actor("adviser"), reason="again")


def test_marking_in_error_needs_a_reason(world, case):
    note = write(case, world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        note_services.mark_note_entered_in_error(note, by=world.actor("adviser"), reason="")
    assert refused.value.field == "reason"
    assert not CaseNote.objects.get(pk=note.pk).entered_in_error


def test_notes_cannot_be_deleted(world, case):
    note = write(case, world.actor("adviser"))
    with pytest.raises(AppendOnlyError):
        note.versions.get().delete()
