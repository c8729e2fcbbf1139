"""Schedules, one-off changes, cancellation and re-booking, booking and attendance."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from hjp.cases.models import Appointment
from hjp.clinics import services
from hjp.clinics.errors import ClinicError, SlotTaken
from hjp.clinics.models import Booking, BookingNotice, ClinicSession
from hjp.clinics.queries import free_slots
from hjp.clinics.tasks import NO_CONSENT
from hjp.clinics.tests.factories import (
    booked_in_the_past,
    next_session,
    past_session,
    weekly_schedule,
)
from hjp.consent.services import record_consent
from hjp.core.working_days import is_working_day
from hjp.people.services import update_person
from hjp.referrals.models import ContactAttempt
from hjp.referrals.services import accept_referral, reject_referral
from hjp.referrals.tests.factories import advice_service, referral_for

pytestmark = pytest.mark.django_db


def test_a_new_schedule_makes_its_sessions_and_slots_for_the_next_12_weeks(world):
    schedule = weekly_schedule(world)
    sessions = list(schedule.sessions.all())
    horizon = timezone.localdate() + services.HORIZON
    assert 10 <= len(sessions) <= 13
    assert all(s.date <= horizon and s.date.weekday() == 1 for s in sessions)
    assert all(is_working_day(s.date) for s in sessions)
    assert all(s.slots.count() == 4 for s in sessions)


def test_extending_again_to_the_same_date_makes_nothing_new(world):
    schedule = weekly_schedule(world)
    before = schedule.sessions.count()
    until = timezone.localdate() + services.HORIZON
    assert services.extend_sessions(schedule, by=world.actor("supervisor"), until=until) == []
    later = services.extend_sessions(
        schedule, by=world.actor("supervisor"), until=until + datetime.timedelta(weeks=4)
    )
    assert len(later) >= 3
    assert schedule.sessions.count() == before + len(later)


def test_a_monthly_schedule_needs_its_week_of_the_month(world):
    with pytest.raises(ClinicError) as refused:
        weekly_schedule(world, frequency="monthly")
    assert refused.value.message == services.WEEK_OF_MONTH_REQUIRED


def test_a_clinic_too_short_for_one_slot_is_refused(world):
    with pytest.raises(ClinicError) as refused:
        weekly_schedule(world, end_time=datetime.time(9, 20))
    assert refused.value.message == services.NO_SLOT


def test_another_organisation_cannot_run_the_services_clinics(world):
    service = advice_service(world, organisation=world.practice)
    with pytest.raises(PermissionDenied):
        services.add_schedule(
            service,
            by=world.actor("coordinator"),
            site=world.site,
            frequency="weekly",
            weekday=1,
            starts_on=timezone.localdate(),
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            slot_minutes=30,
        )


def test_moving_one_session_changes_only_that_session_and_keeps_its_bookings(world):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    booking = services.book_slot(
        session.slots.get(position=1), referral=referral, by=world.actor("referrer")
    )
    new_day = session.date + datetime.timedelta(days=1)
    while not is_working_day(new_day):
        new_day += datetime.timedelta(days=1)
    services.change_session(
        session,
        by=world.actor("supervisor"),
        date=new_day,
        start_time=datetime.time(13, 0),
        site=world.site,
    )
    session.refresh_from_db()
    assert (session.date, session.start_time, session.end_time) == (
        new_day,
        datetime.time(13, 0),
        datetime.time(15, 0),
    )
    assert session.scheduled_on != session.date and session.is_moved
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert timezone.localtime(booking.slot.starts_at).time() == datetime.time(13, 30)
    others = schedule.sessions.exclude(pk=session.pk)
    assert all(s.date == s.scheduled_on and s.start_time == datetime.time(9) for s in others)


def test_a_session_cannot_be_moved_onto_a_bank_holiday(world):
    session = next_session(weekly_schedule(world))
    with pytest.raises(ClinicError) as refused:
        services.change_session(
            session,
            by=world.actor("supervisor"),
            date=datetime.date(2099, 12, 25),
            start_time=datetime.time(9),
            site=world.site,
        )
    assert refused.value.message == services.NOT_A_WORKING_DAY


def test_cancelling_a_session_needs_a_reason(world):
    session = next_session(weekly_schedule(world))
    with pytest.raises(ClinicError) as refused:
        services.cancel_session(session, by=world.actor("supervisor"), reason=" ")
    assert refused.value.message == services.REASON_REQUIRED


def test_cancelling_a_session_puts_its_bookings_on_the_rebooking_list(world):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    booking = services.book_slot(
        session.slots.first(), referral=referral, by=world.actor("referrer")
    )
    services.cancel_session(session, by=world.actor("supervisor"), reason="Adviser off sick")
    session.refresh_from_db()
    booking.refresh_from_db()
    assert session.status == ClinicSession.Status.CANCELLED
    assert session.cancel_reason == "Adviser off sick"
    assert booking.status == Booking.Status.TO_REBOOK
    assert list(Booking.objects.to_rebook()) == [booking]


def test_a_person_without_contact_consent_is_not_told_and_the_withheld_notice_is_recorded(world):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    booking = services.book_slot(
        session.slots.first(), referral=referral, by=world.actor("referrer")
    )
    services.cancel_session(session, by=world.actor("supervisor"), reason="Room unavailable")
    notice = BookingNotice.objects.get(booking=booking)
    assert (notice.outcome, notice.reason) == (BookingNotice.Outcome.WITHHELD, NO_CONSENT)
    assert mail.outbox == []


def test_a_person_who_prefers_email_and_agreed_to_contact_is_told_without_the_reason(world):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    person = referral.person
    update_person(
        person,
        by=world.actor("referrer"),
        email="alex@example.org",
        preferred_contact_method="email",
    )
    record_consent(
        person,
        by=world.actor("referrer"),
        purpose="contact",
        method="verbal",
        organisations=[world.advice],
    )
    services.book_slot(session.slots.first(), referral=referral, by=world.actor("referrer"))
    services.cancel_session(session, by=world.actor("supervisor"), reason="Adviser off sick")
    assert BookingNotice.objects.get().outcome == BookingNotice.Outcome.SENT
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert "cancelled" in message.body and "will contact you" in message.body
    assert "sick" not in message.body and "benefit" not in message.body.lower()


def test_rebooking_books_another_slot_and_marks_the_old_booking_rebooked(world):
    schedule = weekly_schedule(world)
    first, second = [s for s in schedule.sessions.order_by("date") if s.starts_at > timezone.now()][
        :2
    ]
    referral = referral_for(world, service=schedule.service)
    booking = services.book_slot(first.slots.first(), referral=referral, by=world.actor("referrer"))
    services.cancel_session(first, by=world.actor("supervisor"), reason="Adviser off sick")
    booking.refresh_from_db()
    new = services.rebook(booking, slot=second.slots.first(), by=world.actor("adviser"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REBOOKED and booking.rebooked_as == new
    assert new.status == Booking.Status.BOOKED and new.slot.session == second
    with pytest.raises(ClinicError):
        services.rebook(booking, slot=second.slots.last(), by=world.actor("adviser"))


def test_a_taken_slot_is_refused_with_a_clear_error(world):
    schedule = weekly_schedule(world)
    slot = next_session(schedule).slots.first()
    services.book_slot(
        slot, referral=referral_for(world, service=schedule.service), by=world.actor("referrer")
    )
    with pytest.raises(SlotTaken) as refused:
        services.book_slot(
            slot, referral=referral_for(world, service=schedule.service), by=world.actor("referrer")
        )
    assert refused.value.message == "That slot has just been taken, choose another"


def test_a_slot_of_another_service_is_refused(world):
    schedule = weekly_schedule(world)
    other = advice_service(world, name="Debt advice")
    with pytest.raises(ClinicError) as refused:
        services.book_slot(
            next_session(schedule).slots.first(),
            referral=referral_for(world, service=other),
            by=world.actor("referrer"),
        )
    assert refused.value.message == services.SLOT_OF_ANOTHER_SERVICE


def test_a_slot_of_a_cancelled_session_is_refused(world):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    services.cancel_session(session, by=world.actor("supervisor"), reason="Closed")
    with pytest.raises(ClinicError):
        services.book_slot(
            session.slots.first(),
            referral=referral_for(world, service=schedule.service),
            by=world.actor("referrer"),
        )


def _past_booking(world):
    schedule = weekly_schedule(world, starts_on=timezone.localdate() - datetime.timedelta(weeks=3))
    referral = referral_for(world, service=schedule.service)
    return booked_in_the_past(past_session(schedule), referral), referral


def test_attendance_before_the_referral_is_accepted_is_refused(world):
    booking, _ = _past_booking(world)
    with pytest.raises(ClinicError) as refused:
        services.record_booking_attendance(
            booking, by=world.actor("adviser"), attendance="attended"
        )
    assert refused.value.message == "Accept the referral before recording attendance"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_attended_becomes_an_attended_appointment_and_the_referrals_first_contact(world):
    booking, referral = _past_booking(world)
    accept_referral(referral, by=world.actor("adviser"))
    services.record_booking_attendance(booking, by=world.actor("adviser"), attendance="attended")
    booking.refresh_from_db()
    referral.refresh_from_db()
    appointment = Appointment.objects.get(case=referral.case)
    assert booking.status == Booking.Status.ATTENDED and booking.appointment == appointment
    assert appointment.attendance == Appointment.Attendance.ATTENDED
    assert appointment.starts_at == booking.slot.starts_at and appointment.site == world.site
    assert referral.first_contact_at == booking.slot.starts_at
    assert ContactAttempt.objects.get(referral=referral).outcome == ContactAttempt.Outcome.CONTACTED


def test_did_not_attend_becomes_a_missed_appointment_and_no_first_contact(world):
    booking, referral = _past_booking(world)
    accept_referral(referral, by=world.actor("adviser"))
    services.record_booking_attendance(
        booking, by=world.actor("adviser"), attendance="did_not_attend"
    )
    referral.refresh_from_db()
    appointment = Appointment.objects.get(case=referral.case)
    assert appointment.attendance == Appointment.Attendance.DID_NOT_ATTEND
    assert referral.first_contact_at is None


def test_attendance_cannot_be_recorded_before_the_slot_starts(world):
    schedule = weekly_schedule(world)
    referral = referral_for(world, service=schedule.service)
    accept_referral(referral, by=world.actor("adviser"))
    booking = services.book_slot(
        next_session(schedule).slots.first(), referral=referral, by=world.actor("referrer")
    )
    with pytest.raises(ClinicError) as refused:
        services.record_booking_attendance(
            booking, by=world.actor("adviser"), attendance="attended"
        )
    assert refused.value.message == services.NOT_YET


def test_the_daily_command_keeps_sessions_12_weeks_ahead_and_adds_nothing_twice(world):
    schedule = weekly_schedule(world)
    later = timezone.localdate() + datetime.timedelta(weeks=4)
    added = services.extend_all_schedules(today=later)
    assert added >= 3
    assert services.extend_all_schedules(today=later) == 0
    schedule.refresh_from_db()
    assert schedule.sessions_until == later + services.HORIZON


def test_extend_clinic_sessions_runs_as_a_command(world):
    weekly_schedule(world)
    call_command("extend_clinic_sessions")


def test_a_slot_booked_for_a_referral_since_rejected_is_free_again(world):
    schedule = weekly_schedule(world)
    slot = next_session(schedule).slots.first()
    rejected = referral_for(world, service=schedule.service)
    old = services.book_slot(slot, referral=rejected, by=world.actor("referrer"))
    reject_referral(rejected, by=world.actor("adviser"), reason="not_eligible")
    assert slot in free_slots(service_ids=[schedule.service_id])
    new = services.book_slot(
        slot, referral=referral_for(world, service=schedule.service), by=world.actor("referrer")
    )
    old.refresh_from_db()
    assert old.status == Booking.Status.CANCELLED
    assert new.status == Booking.Status.BOOKED
