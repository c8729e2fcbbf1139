"""Shared summaries reach the referrer only under feedback consent; privileged notes never do."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.models import NoteType
from hjp.cases.services import notes as note_services
from hjp.cases.shared import shared_summaries_for_referral
from hjp.cases.tests.factories import case_from_referral
from hjp.consent.models import Consent, Purpose
from hjp.consent.services import withdraw_consent

PRIVILEGED = "Client told me about the landlord's threats in confidence"
SHARED = "We have asked for a mandatory reconsideration of the PIP decision"


def write(case, actor, body, *, shared):
    return note_services.add_note(
        case,
        by=actor,
        note_type=NoteType.ATTENDANCE,
        subject="Summary for the GP" if shared else "Attendance",
        body=body,
        activity_date=timezone.localdate(),
        shared_summary=shared,
    )


def with_notes(world, *, feedback_consent: bool):
    case = case_from_referral(world, feedback_consent=feedback_consent)
    write(case, world.actor("adviser"), PRIVILEGED, shared=False)
    write(case, world.actor("adviser"), SHARED, shared=True)
    return case


def referral_page(world, login, case) -> str:
    url = reverse("referrals:detail", kwargs={"referral_pk": case.referral.pk})
    response = login(world.user("referrer")).get(url)
    assert response.status_code == 200
    return response.content.decode()


def person_page(world, login, case) -> str:
    response = login(world.user("referrer")).get(case.person.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_with_feedback_consent_the_referrer_sees_the_shared_summary_only(world, login):
    case = with_notes(world, feedback_consent=True)

    page = referral_page(world, login, case)

    assert "Summary from the advice service" in page
    assert SHARED in page
    assert PRIVILEGED not in page


def test_without_feedback_consent_the_referrer_sees_no_note(world, login):
    case = with_notes(world, feedback_consent=False)

    page = referral_page(world, login, case)

    assert SHARED not in page and PRIVILEGED not in page
    assert "Summary from the advice service" not in page


def test_withdrawn_feedback_consent_hides_the_shared_summary_at_once(world, login):
    case = with_notes(world, feedback_consent=True)
    feedback = Consent.objects.filter(person=case.person, purpose=Purpose.FEEDBACK).get()
    withdraw_consent(feedback, by=world.actor("referrer"), method="verbal")

    page = referral_page(world, login, case)

    assert SHARED not in page and PRIVILEGED not in page
    assert shared_summaries_for_referral(case.referral, actor=world.actor("referrer")) == []


@pytest.mark.parametrize("consent", [True, False])
def test_the_person_page_never_shows_a_note_to_the_referrer(world, login, consent):
    case = with_notes(world, feedback_consent=consent)
    page = person_page(world, login, case)
    assert SHARED not in page and PRIVILEGED not in page


def test_a_note_entered_in_error_is_no_longer_shared(world, login):
    case = case_from_referral(world, feedback_consent=True)
    note = write(case, world.actor("adviser"), SHARED, shared=True)
    note_services.mark_note_entered_in_error(note, by=world.actor("adviser"), reason="Wrong file")

    assert SHARED not in referral_page(world, login, case)


def test_the_advice_side_does_not_get_the_referrers_view_of_summaries(world):
    case = with_notes(world, feedback_consent=True)
    assert shared_summaries_for_referral(case.referral, actor=world.actor("adviser")) == []


def test_the_referrer_is_emailed_a_shared_summary_with_consent_without_personal_data_in_the_subject(
    world,
):
    case = case_from_referral(world, feedback_consent=True)
    mail.outbox.clear()

    note = write(case, world.actor("adviser"), SHARED, shared=True)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == f"Update on referral {case.referral.reference}"
    assert case.person.family_name not in email.subject
    assert SHARED in email.body
    assert email.to == [world.user("referrer").email]
    export = AuditEvent.objects.filter(action="export", object_id=str(note.pk)).get()
    assert export.person_id == case.person_id


def test_no_email_carries_a_privileged_note_in_any_consent_state(world):
    for consent in (True, False):
        mail.outbox.clear()
        with_notes(world, feedback_consent=consent)
        assert all(PRIVILEGED not in email.body for email in mail.outbox)
        if not consent:
            assert all(SHARED not in email.body for email in mail.outbox)


def test_without_consent_no_summary_email_is_sent(world):
    case = case_from_referral(world, feedback_consent=False)
    mail.outbox.clear()
    write(case, world.actor("adviser"), SHARED, shared=True)
    assert mail.outbox == []


def test_sharing_a_note_by_changing_it_emails_the_summary(world):
    case = case_from_referral(world, feedback_consent=True)
    note = write(case, world.actor("adviser"), SHARED, shared=False)
    mail.outbox.clear()
    note_services.edit_note(
        note,
        by=world.actor("adviser"),
        note_type=note.note_type,
        subject=note.subject,
        body=note.body,
        activity_date=note.activity_date,
        shared_summary=True,
        edit_reason="Share with the GP",
    )
    assert [email.subject for email in mail.outbox] == [
        f"Update on referral {case.referral.reference}"
    ]
