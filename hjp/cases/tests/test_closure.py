"""Closing a case with its outcome, the referral it completes, reopening, and time recorded."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import Appointment, Case, CaseDocument, CaseEvent, NoteType
from hjp.cases.services import closure
from hjp.cases.services import deadlines as deadline_services
from hjp.cases.services import notes as note_services
from hjp.cases.tests.factories import case_from_referral
from hjp.cases.time import minutes_by_adviser, minutes_for_case, minutes_for_service
from hjp.referrals import services as referrals
from hjp.referrals.models import Referral, ReferralEvent


@pytest.fixture
def case(world):
    return case_from_referral(world, feedback_consent=True)


def outcomes(case, text="Advice given") -> dict:
    return {issue.pk: text for issue in case.issues.all()}


ALL_CATEGORIES = ["financial", "claim", "non_financial"]


def none_of_any(case) -> dict:
    """Every issue declared to have no outcomes of any kind."""
    return {issue.pk: ALL_CATEGORIES for issue in case.issues.all()}


def close(world, case, **fields):
    values = {
        "reason": "resolved",
        "outcome_notes": outcomes(case),
        "no_outcomes": none_of_any(case),
    }
    values.update(fields)
    return closure.close_case_with_outcome(case, by=world.actor("adviser"), **values)


def test_closing_needs_a_reason_and_an_outcome_for_each_issue(world, case):
    with pytest.raises(CaseworkError) as refused:
        close(world, case, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(CaseworkError) as refused:
        close(world, case, reason="referral_closed")
    assert refused.value.message == closure.CLOSE_REASON_MISSING
    notes = outcomes(case)
    notes[next(iter(notes))] = " "
    with pytest.raises(CaseworkError) as refused:
        close(world, case, outcome_notes=notes)
    assert refused.value.message == closure.OUTCOME_NOTE_MISSING
    assert Case.objects.get(pk=case.pk).status == "open"


def test_a_case_with_an_open_deadline_cannot_close_and_nothing_is_written(world, case):
    task = deadline_services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Appeal",
        due_date=timezone.localdate(),
    )
    with pytest.raises(CaseworkError) as refused:
        close(world, case)
    assert refused.value.message == closure.OPEN_DEADLINE
    case.refresh_from_db()
    assert case.status == "open" and set(case.issues.values_list("outcome_note", flat=True)) == {""}
    assert Referral.objects.get(pk=case.referral_id).status == "accepted"

    deadline_services.complete_task(task, by=world.actor("adviser"), outcome="met")
    assert close(world, case).status == "closed"


def test_closing_records_the_outcomes_and_completes_the_referral(world, case):
    closed = close(world, case, summary_for_referrer="PIP awarded at the enhanced rate.")

    assert (closed.status, closed.close_reason) == ("closed", "resolved")
    assert set(closed.issues.values_list("outcome_note", flat=True)) == {"Advice given"}
    assert CaseEvent.objects.filter(case=case, kind="closed", to_value="resolved").exists()
    referral = Referral.objects.get(pk=case.referral_id)
    assert (referral.status, referral.outcome_summary) == (
        "completed",
        "PIP awarded at the enhanced rate.",
    )


def test_a_client_who_could_not_be_reached_closes_the_referral_as_not_completed(world, case):
    close(world, case, reason="unable_to_contact")
    referral = Referral.objects.get(pk=case.referral_id)
    assert (referral.status, referral.status_reason) == ("failed", "unable_to_contact")


def test_a_referral_on_hold_is_resumed_then_completed(world, case):
    referrals.hold_referral(case.referral, by=world.actor("adviser"), reason="other")
    close(world, case)
    kinds = list(
        ReferralEvent.objects.filter(referral_id=case.referral_id).values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["resumed", "completed"]


def test_a_closed_case_is_read_only(world, case):
    close(world, case)
    with pytest.raises(CaseworkError) as refused:
        note_services.add_note(
            case,
            by=world.actor("adviser"),
            note_type=NoteType.FILE_NOTE,
            subject="x",
            body="y",
            activity_date=timezone.localdate(),
        )
    assert refused.value.message == CASE_CLOSED


def test_reopening_needs_a_reason_and_is_flagged_within_six_months(world, case):
    close(world, case)
    with pytest.raises(CaseworkError):
        closure.reopen_case(case, by=world.actor("adviser"), reason="")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=170)):
        reopened = closure.reopen_case(
            case, by=world.actor("adviser"), reason="New decision letter"
        )
    assert (reopened.status, reopened.reopened_count, reopened.reopened_within_six_months) == (
        "open",
        1,
        True,
    )
    assert CaseEvent.objects.get(case=case, kind="reopened").note == "New decision letter"


def test_a_case_reopened_after_six_months_is_not_flagged(world, case):
    close(world, case)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=200)):
        reopened = closure.reopen_case(case, by=world.actor("adviser"), reason="Came back")
    assert reopened.reopened_within_six_months is False


def test_an_open_case_cannot_be_reopened(world, case):
    with pytest.raises(CaseworkError, match="open"):
        closure.reopen_case(case, by=world.actor("adviser"), reason="x")


def test_the_close_page_closes_and_offers_a_shared_summary(world, login, case):
    client = login(world.user("adviser"))
    data = {"reason": "resolved", "summary_for_referrer": "Sorted"}
    data.update({f"outcome_{issue.pk}": "Won" for issue in case.issues.all()})
    data.update({f"none_{issue.pk}": ALL_CATEGORIES for issue in case.issues.all()})
    response = client.post(reverse("cases:close", kwargs={"case_pk": case.pk}), data)
    assert response["Location"] == reverse("cases:closed", kwargs={"case_pk": case.pk})
    page = client.get(response["Location"]).content.decode()
    assert reverse("cases:note_add", kwargs={"case_pk": case.pk}) + "?shared_summary=1" in page
    assert "Completed".lower() in page.lower()


def test_the_close_page_lists_open_deadlines_and_refuses(world, login, case):
    deadline_services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Appeal to the tribunal",
        due_date=timezone.localdate(),
    )
    client = login(world.user("adviser"))
    url = reverse("cases:close", kwargs={"case_pk": case.pk})
    assert "Appeal to the tribunal" in client.get(url).content.decode()
    data = {"reason": "resolved"} | {f"outcome_{i.pk}": "Won" for i in case.issues.all()}
    response = client.post(url, data)
    assert "A case cannot be closed with an open deadline" in response.content.decode()


def test_the_reopen_page_and_the_flag_on_the_case_page(world, login, case):
    close(world, case)
    client = login(world.user("adviser"))
    client.post(reverse("cases:reopen", kwargs={"case_pk": case.pk}), {"reason": "New letter"})
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Reopened within 6 months" in page


def test_time_recorded_adds_notes_attended_appointments_and_document_work(world, case):
    adviser = world.user("adviser")
    note = note_services.add_note(
        case,
        by=world.actor("adviser"),
        note_type=NoteType.ATTENDANCE,
        subject="Met",
        body="Met",
        activity_date=timezone.localdate(),
        minutes=45,
    )
    wrong = note_services.add_note(
        case,
        by=world.actor("adviser"),
        note_type=NoteType.FILE_NOTE,
        subject="Oops",
        body="Wrong",
        activity_date=timezone.localdate(),
        minutes=100,
    )
    note_services.mark_note_entered_in_error(wrong, by=world.actor("adviser"), reason="Wrong file")
    for attendance, minutes in [("attended", 60), ("did_not_attend", 30)]:
        Appointment.objects.create(
            case=case,
            starts_at=timezone.now(),
            duration_minutes=60,
            mode="phone",
            adviser=adviser,
            attendance=attendance,
            minutes=minutes,
            booked_by=adviser,
        )
    CaseDocument.objects.create(
        case=case,
        document_type="other",
        title="Form",
        filename="f.pdf",
        content_type="application/pdf",
        size=1,
        source="client",
        uploaded_by=adviser,
        minutes=15,
        key_id="k",
        sha256="0" * 64,
    )
    assert note.minutes == 45
    assert minutes_for_case(case) == 45 + 60 + 15
    today = timezone.localdate()
    assert minutes_by_adviser(world.advice.pk, today, today) == {adviser.pk: 120}
    assert minutes_for_service(world.advice.pk, today, today) == 120
    yesterday = today - datetime.timedelta(days=1)
    assert minutes_for_service(world.advice.pk, yesterday, yesterday) == 0
