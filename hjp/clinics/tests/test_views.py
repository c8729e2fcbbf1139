"""The clinic pages: schedules and sessions, the day list with attendance, changes,
cancellation and re-booking."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.clinics import services
from hjp.clinics.models import Booking, ClinicSchedule, ClinicSession
from hjp.clinics.tests.factories import (
    booked_in_the_past,
    next_session,
    past_session,
    weekly_schedule,
)
from hjp.consent.services import withdraw_consent
from hjp.core.working_days import is_working_day
from hjp.referrals.services import accept_referral
from hjp.referrals.tests.factories import advice_service, referral_for

pytestmark = pytest.mark.django_db


def test_the_service_page_lists_its_schedules_and_upcoming_sessions(world, login):
    schedule = weekly_schedule(world)
    page = login(world.user("supervisor")).get(
        reverse("clinics:service", kwargs={"service_pk": schedule.service_id})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Every week on Tuesday" in html
    assert "09:00 to 11:00, 30-minute slots" in html
    assert "Day list" in html and "Add a clinic schedule" in html


def test_a_supervisor_adds_a_monthly_schedule_on_the_last_thursday(world, login):
    service = advice_service(world)
    client = login(world.user("supervisor"))
    start = timezone.localdate()
    response = client.post(
        reverse("clinics:add_schedule", kwargs={"service_pk": service.pk}),
        {
            "site": str(world.site.pk),
            "frequency": "monthly",
            "week_of_month": "-1",
            "weekday": "3",
            "starts_on_day": str(start.day),
            "starts_on_month": str(start.month),
            "starts_on_year": str(start.year),
            "start_time": "13:30",
            "end_time": "16:30",
            "slot_minutes": "45",
        },
    )
    assert response.status_code == 302
    schedule = ClinicSchedule.objects.get(service=service)
    assert (schedule.frequency, schedule.week_of_month, schedule.weekday) == ("monthly", -1, 3)
    assert all(
        (s.date + datetime.timedelta(weeks=1)).month != s.date.month
        for s in schedule.sessions.all()
    )
    assert all(s.slots.count() == 4 for s in schedule.sessions.all())


def test_a_schedule_with_errors_shows_the_error_summary(world, login):
    service = advice_service(world)
    response = login(world.user("supervisor")).post(
        reverse("clinics:add_schedule", kwargs={"service_pk": service.pk}),
        {"site": str(world.site.pk), "frequency": "weekly", "weekday": "1", "start_time": "9"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert ClinicSchedule.objects.count() == 0


def test_the_day_list_shows_each_slot_and_the_person_booked_and_audits_the_view(world, login):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    services.book_slot(session.slots.get(position=1), referral=referral, by=world.actor("referrer"))
    before = AuditEvent.objects.count()
    page = login(world.user("adviser")).get(
        reverse("clinics:session", kwargs={"session_pk": session.pk})
    )
    html = page.content.decode()
    assert page.status_code == 200
    for time in ("09:00", "09:30", "10:00", "10:30"):
        assert time in html
    assert referral.person.full_name in html
    assert html.count("Free") == 3
    viewed = AuditEvent.objects.filter(sequence__gt=before).about_person(referral.person_id)
    assert [(e.action, e.detail["people"]) for e in viewed] == [("view", [str(referral.person_id)])]


def test_an_adviser_of_another_partnership_gets_404_for_a_day_list(world, other_world, login):
    session = next_session(weekly_schedule(world))
    page = login(other_world.user("adviser")).get(
        reverse("clinics:session", kwargs={"session_pk": session.pk})
    )
    assert page.status_code == 404


def test_recording_attended_on_the_day_list_updates_the_case_and_first_contact(world, login):
    schedule = weekly_schedule(world, starts_on=timezone.localdate() - datetime.timedelta(weeks=3))
    session = past_session(schedule)
    referral = referral_for(world, service=schedule.service)
    accept_referral(referral, by=world.actor("adviser"))
    booking = booked_in_the_past(session, referral)
    url = reverse("clinics:session", kwargs={"session_pk": session.pk})
    client = login(world.user("adviser"))
    page = client.get(url).content.decode()
    assert f"What happened for {referral.person.full_name}?" in page
    assert 'value="did_not_attend"' in page
    response = client.post(url, {"booking": str(booking.pk), "attendance": "attended"})
    assert response.status_code == 302 and response["Location"] == url
    booking.refresh_from_db()
    referral.refresh_from_db()
    assert booking.status == Booking.Status.ATTENDED
    assert referral.case.appointments.get().attendance == "attended"
    assert referral.first_contact_at is not None


def test_recording_attendance_before_acceptance_shows_the_error(world, login):
    schedule = weekly_schedule(world, starts_on=timezone.localdate() - datetime.timedelta(weeks=3))
    session = past_session(schedule)
    booking = booked_in_the_past(session, referral_for(world, service=schedule.service))
    response = login(world.user("adviser")).post(
        reverse("clinics:session", kwargs={"session_pk": session.pk}),
        {"booking": str(booking.pk), "attendance": "did_not_attend"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Accept the referral before recording attendance" in html
    assert reverse("referrals:detail", kwargs={"referral_pk": booking.referral_id}) in html
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_changing_a_session_moves_it(world, login):
    session = next_session(weekly_schedule(world))
    day = session.date + datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    response = login(world.user("supervisor")).post(
        reverse("clinics:change_session", kwargs={"clinic_pk": session.pk}),
        {
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "start_time": "14:00",
            "site": str(world.site.pk),
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.start_time) == (day, datetime.time(14))


def test_cancelling_without_a_reason_asks_for_one(world, login):
    session = next_session(weekly_schedule(world))
    response = login(world.user("supervisor")).post(
        reverse("clinics:cancel_session", kwargs={"clinic_pk": session.pk}), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Enter why the clinic is cancelled" in response.content.decode()
    session.refresh_from_db()
    assert session.status == ClinicSession.Status.SCHEDULED


def test_a_cancelled_clinics_person_is_listed_and_rebooked_from_the_list(world, login):
    schedule = weekly_schedule(world)
    first, second = [s for s in schedule.sessions.all() if s.starts_at > timezone.now()][:2]
    referral = referral_for(world, service=schedule.service)
    booking = services.book_slot(first.slots.first(), referral=referral, by=world.actor("referrer"))
    client = login(world.user("supervisor"))
    response = client.post(
        reverse("clinics:cancel_session", kwargs={"clinic_pk": first.pk}),
        {"reason": "Adviser off sick"},
    )
    assert response.status_code == 302
    listing = client.get(
        reverse("clinics:rebooking_list", kwargs={"service_pk": schedule.service_id})
    )
    html = listing.content.decode()
    assert referral.person.full_name in html
    assert "Withheld" in html
    rebook_url = reverse("clinics:rebook", kwargs={"booking_pk": booking.pk})
    assert rebook_url in html
    slot = second.slots.first()
    response = client.post(rebook_url, {"slot": str(slot.pk)})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REBOOKED
    assert booking.rebooked_as.slot == slot


def test_the_clinics_page_lists_the_next_two_weeks_with_how_many_are_booked(world, login):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    services.book_slot(
        session.slots.first(),
        referral=referral_for(world, service=schedule.service),
        by=world.actor("referrer"),
    )
    page = login(world.user("adviser")).get(reverse("clinics:upcoming")).content.decode()
    assert reverse("clinics:session", kwargs={"session_pk": session.pk}) in page
    assert "1 of 4 booked" in page


def test_the_day_list_shows_a_slot_booked_by_a_referral_the_reader_cannot_see_as_booked(
    world, login
):
    schedule = weekly_schedule(world)
    session = next_session(schedule)
    referral = referral_for(world, service=schedule.service)
    services.book_slot(session.slots.first(), referral=referral, by=world.actor("referrer"))
    withdraw_consent(
        referral.referral_consent, by=world.actor("referrer"), method="verbal", notes=""
    )
    html = (
        login(world.user("adviser"))
        .get(reverse("clinics:session", kwargs={"session_pk": session.pk}))
        .content.decode()
    )
    assert referral.person.full_name not in html
    assert html.count("Free") == 3 and ">Booked<" in html


def test_the_day_list_of_a_cancelled_clinic_points_to_the_rebooking_list(world, login):
    session = next_session(weekly_schedule(world))
    services.cancel_session(session, by=world.actor("supervisor"), reason="Room flooded")
    html = (
        login(world.user("supervisor"))
        .get(reverse("clinics:session", kwargs={"session_pk": session.pk}))
        .content.decode()
    )
    assert "This clinic was cancelled: Room flooded" in html
    assert "Free" not in html
    assert reverse("clinics:rebooking_list", kwargs={"service_pk": session.service_id}) in html
