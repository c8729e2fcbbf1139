"""The consultation services: who may be asked, the person link under consent, the thread's
status, closing with an outcome and the responder's minutes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.consent.services import ConsentRequired, withdraw_consent
from hjp.consultations import errors
from hjp.consultations.errors import ConsultationError, PersonalDataFound
from hjp.consultations.models import Consultation, ConsultationEvent
from hjp.consultations.services import close_consultation, reply_to_consultation
from hjp.consultations.tests.factories import (
    ask_a_clinician,
    ask_an_adviser,
    case_discussion,
    person_with_consent,
)
from hjp.core.working_days import add_working_days
from hjp.factories import record_person
from hjp.people.models import Person, PersonShare

pytestmark = pytest.mark.django_db


def test_a_question_to_an_adviser_of_the_partnership_waits_for_the_adviser(world):
    consultation = ask_an_adviser(world)
    assert consultation.status == Consultation.Status.AWAITING_RESPONDER
    assert consultation.partnership == world.partnership
    assert consultation.from_organisation == world.practice
    assert consultation.is_anonymous
    assert [m.body for m in consultation.messages.all()] == [
        "Can a carer claim carer's allowance while working part time?"
    ]
    event = consultation.events.get()
    assert event.kind == ConsultationEvent.Kind.ASKED
    assert event.actor == world.user("referrer")


def test_the_response_date_is_the_partnerships_working_days_after_asking(world):
    world.partnership.consultation_response_working_days = 5
    world.partnership.save()
    consultation = ask_an_adviser(world)
    assert consultation.respond_by == add_working_days(timezone.now(), 5)


def test_an_organisation_of_another_partnership_cannot_be_asked(world, other_world):
    with pytest.raises(ConsultationError) as refused:
        ask_an_adviser(world, to_organisation=other_world.advice)
    assert refused.value.message == errors.RECIPIENT_NOT_IN_PARTNERSHIP
    assert not Consultation.objects.exists()


def test_an_organisation_that_left_the_partnership_cannot_be_asked(world):
    world.partnership.members.filter(organisation=world.advice).update(left_on=timezone.localdate())
    with pytest.raises(ConsultationError):
        ask_an_adviser(world)


def test_asking_an_adviser_needs_an_advice_organisation(world):
    with pytest.raises(ConsultationError) as refused:
        ask_an_adviser(world, to_organisation=world.funder)
    assert refused.value.message == errors.RECIPIENT_NOT_ADVICE
    with pytest.raises(ConsultationError) as refused:
        ask_a_clinician(world, to_organisation=world.advice, by="referrer")
    assert refused.value.message == errors.RECIPIENT_NOT_HEALTH


def test_an_organisation_cannot_ask_itself(world):
    with pytest.raises(ConsultationError) as refused:
        ask_an_adviser(world, to_organisation=world.practice)
    assert refused.value.message == errors.RECIPIENT_IS_YOURS


def test_an_adviser_asks_a_clinician_of_the_partnership(world):
    consultation = ask_a_clinician(world)
    assert consultation.to_organisation == world.practice
    assert consultation.topic == "health"


def test_a_role_without_the_permission_cannot_ask(world):
    with pytest.raises(PermissionDenied):
        ask_an_adviser(world, by="funder")


def test_a_question_about_a_person_needs_consent_and_saves_nothing_without_it(world):
    person = record_person(world)
    with pytest.raises(ConsentRequired):
        ask_an_adviser(world, person=person)
    assert not Consultation.objects.exists()
    assert not PersonShare.objects.filter(person=person, organisation=world.advice).exists()


def test_a_question_about_a_person_shares_them_with_the_organisation_asked(world):
    person = person_with_consent(world)
    consultation = ask_an_adviser(world, person=person)
    share = PersonShare.objects.get(person=person, organisation=world.advice)
    assert share.reason == PersonShare.Reason.CONSULTATION
    assert share.consent_purpose == "referral"
    assert share.source_id == str(consultation.pk)
    assert Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()
    assert consultation.consent is not None


def test_closing_a_consultation_about_a_person_ends_its_share_with_the_team_asked(world):
    person = person_with_consent(world)
    consultation = ask_an_adviser(world, person=person)
    close_consultation(consultation, by=world.actor("adviser"), outcome="answered")
    share = PersonShare.objects.get(person=person, organisation=world.advice)
    assert share.ended_at is not None
    assert not Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()
    assert Person.objects.visible_to(world.actor("referrer")).filter(pk=person.pk).exists()


def test_the_shared_person_is_hidden_again_when_consent_is_withdrawn(world):
    person = person_with_consent(world)
    ask_an_adviser(world, person=person)
    consent = person.consents.filter(purpose="referral").latest("recorded_at")
    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    assert not Person.objects.visible_to(world.actor("adviser")).filter(pk=person.pk).exists()


def test_a_person_the_asker_cannot_see_cannot_be_linked(world, other_world):
    stranger = person_with_consent(other_world, organisations=[other_world.advice])
    with pytest.raises(ConsultationError) as refused:
        ask_an_adviser(world, person=stranger)
    assert refused.value.message == errors.PERSON_NOT_VISIBLE


def test_an_anonymous_question_with_an_nhs_number_is_refused_without_a_reason(world):
    with pytest.raises(PersonalDataFound) as refused:
        ask_an_adviser(world, question="Patient 943 476 5919 asks about PIP")
    assert refused.value.kinds == ["nhs_number"]
    assert "943" not in refused.value.message
    assert not Consultation.objects.exists()


def test_an_override_with_a_reason_is_sent_and_audited_without_the_text(world):
    consultation = ask_an_adviser(
        world,
        question="Born 12/03/1961, lives in LS6 2AB",
        override_reason="The adviser needs the age and area to check the rules",
    )
    message = consultation.messages.get()
    assert message.personal_data_found == ["postcode", "date_of_birth"]
    event = AuditEvent.objects.get(object_id=str(consultation.pk), action="create")
    assert event.detail["personal_data"] == ["postcode", "date_of_birth"]
    assert event.detail["reason_given"] is True
    assert "LS6" not in str(event.detail) and "adviser needs" not in str(event.detail)


def test_a_question_linked_to_a_person_is_not_checked_for_personal_data(world):
    person = person_with_consent(world)
    consultation = ask_an_adviser(world, person=person, question="NHS number 943 476 5919")
    assert consultation.messages.get().personal_data_found == []


def test_a_reply_by_the_team_asked_waits_for_the_team_that_asked_and_back(world):
    consultation = ask_an_adviser(world)
    consultation = reply_to_consultation(
        consultation, by=world.actor("adviser"), body="Yes, if earnings are low", minutes=15
    )
    assert consultation.status == Consultation.Status.AWAITING_REQUESTER
    assert consultation.first_response_at is not None
    consultation = reply_to_consultation(
        consultation, by=world.actor("referrer"), body="What counts as low?"
    )
    assert consultation.status == Consultation.Status.AWAITING_RESPONDER
    events = list(consultation.events.for_timeline())
    assert [(e.kind, e.from_status, e.to_status) for e in events[1:]] == [
        ("replied", "awaiting_responder", "awaiting_requester"),
        ("replied", "awaiting_requester", "awaiting_responder"),
    ]
    assert [e.actor for e in events] == [world.user(r) for r in ("referrer", "adviser", "referrer")]


def test_a_second_message_from_the_same_side_keeps_waiting_for_the_other(world):
    consultation = ask_an_adviser(world)
    consultation = reply_to_consultation(consultation, by=world.actor("referrer"), body="Also")
    assert consultation.status == Consultation.Status.AWAITING_RESPONDER
    assert consultation.first_response_at is None


def test_an_anonymous_reply_is_checked_for_personal_data(world):
    consultation = ask_an_adviser(world)
    with pytest.raises(PersonalDataFound):
        reply_to_consultation(consultation, by=world.actor("adviser"), body="Send LS6 2AB")
    assert consultation.messages.count() == 1


def test_only_the_team_asked_records_minutes_and_they_are_summed(world):
    consultation = ask_an_adviser(world)
    with pytest.raises(ConsultationError) as refused:
        reply_to_consultation(consultation, by=world.actor("referrer"), body="More", minutes=5)
    assert refused.value.message == errors.MINUTES_ONLY_RESPONDER
    reply_to_consultation(consultation, by=world.actor("adviser"), body="Answer", minutes=20)
    reply_to_consultation(consultation, by=world.actor("supervisor"), body="Checked", minutes=10)
    consultation = close_consultation(
        consultation, by=world.actor("adviser"), outcome="answered", minutes=5
    )
    assert consultation.responder_minutes == 35


def test_minutes_out_of_range_are_refused(world):
    consultation = ask_an_adviser(world)
    with pytest.raises(ConsultationError) as refused:
        reply_to_consultation(consultation, by=world.actor("adviser"), body="x", minutes=2000)
    assert refused.value.message == errors.MINUTES_INVALID


def test_closing_records_the_outcome_and_the_event(world):
    consultation = ask_an_adviser(world)
    consultation = close_consultation(
        consultation, by=world.actor("adviser"), outcome="signposted", note="To the housing team"
    )
    assert consultation.status == Consultation.Status.CLOSED
    assert consultation.outcome == "signposted"
    assert consultation.closed_at is not None
    event = consultation.events.for_timeline().last()
    assert (event.kind, event.outcome, event.note) == (
        "closed",
        "signposted",
        "To the housing team",
    )
    assert event.actor == world.user("adviser")


def test_a_closed_consultation_takes_no_more_messages(world):
    consultation = close_consultation(
        ask_an_adviser(world), by=world.actor("referrer"), outcome="no_action"
    )
    with pytest.raises(ConsultationError) as refused:
        reply_to_consultation(consultation, by=world.actor("adviser"), body="Late answer")
    assert refused.value.message == errors.CLOSED


def test_converting_to_a_referral_is_refused_unless_the_asker_agreed(world):
    consultation = ask_an_adviser(world)
    with pytest.raises(ConsultationError) as refused:
        close_consultation(consultation, by=world.actor("adviser"), outcome="converted_to_referral")
    assert refused.value.message == errors.REFERRAL_NOT_AGREED
    agreed = ask_an_adviser(world, referral_agreed=True)
    closed = close_consultation(agreed, by=world.actor("adviser"), outcome="converted_to_referral")
    assert closed.outcome == "converted_to_referral"


def test_an_unknown_outcome_is_refused(world):
    with pytest.raises(ConsultationError):
        close_consultation(ask_an_adviser(world), by=world.actor("adviser"), outcome="maybe")


def test_another_organisation_cannot_reply(world, other_world):
    consultation = ask_an_adviser(world)
    with pytest.raises(PermissionDenied):
        reply_to_consultation(consultation, by=other_world.actor("adviser"), body="Hello")


def test_a_case_discussion_keeps_its_date_and_attendees_names_and_roles(world):
    consultation = case_discussion(world)
    assert consultation.meeting_on == datetime.date(2026, 11, 3)
    attendees = {(a.name, a.role, a.organisation_name) for a in consultation.attendees.all()}
    assert attendees == {
        (world.user("referrer").full_name, "Referrer", world.practice.name),
        (world.user("adviser").full_name, "Adviser", world.advice.name),
    }


def test_a_case_discussion_needs_a_date(world):
    with pytest.raises(ConsultationError) as refused:
        case_discussion(world, meeting_on=None)
    assert refused.value.message == errors.MEETING_DATE_REQUIRED


def test_a_case_discussion_attendee_must_work_for_the_partnership(world, other_world):
    stranger = list(other_world.user("adviser").memberships.all())
    with pytest.raises(ConsultationError) as refused:
        case_discussion(world, attendees=stranger)
    assert refused.value.message == errors.ATTENDEE_NOT_IN_PARTNERSHIP


def test_a_case_discussion_about_a_person_needs_consent(world):
    with pytest.raises(ConsentRequired):
        case_discussion(world, person=record_person(world))
    assert case_discussion(world, person=person_with_consent(world)).person_id is not None


def test_a_consultation_is_visible_only_to_the_two_organisations(world, other_world):
    consultation = ask_an_adviser(world)
    for role in ("referrer", "adviser", "supervisor"):
        assert Consultation.objects.visible_to(world.actor(role)).filter(pk=consultation.pk)
    for actor in (other_world.actor("adviser"), world.actor("funder"), world.actor("coordinator")):
        assert not Consultation.objects.visible_to(actor).filter(pk=consultation.pk).exists()


def test_an_unanswered_question_past_its_date_is_overdue(world):
    consultation = ask_an_adviser(world)
    later = consultation.respond_by + datetime.timedelta(days=1)
    assert consultation.is_overdue(later)
    assert Consultation.objects.overdue(later).filter(pk=consultation.pk).exists()
    answered = reply_to_consultation(consultation, by=world.actor("adviser"), body="Answer")
    assert not answered.is_overdue(later)
