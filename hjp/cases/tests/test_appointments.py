"""Appointments: booking, attendance, first contact on the referral, and client reminders."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.appointment_reminders import reminder_decision, send_appointment_reminders
from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import Appointment, AppointmentReminder
from hjp.cases.presenters.appointments import appointments_section
from hjp.cases.services import appointments as services
from hjp.cases.services import close_case
from hjp.cases.tests.factories import case_from_referral
from hjp.people.models import Person
from hjp.referrals.models import ContactAttempt, Referral


@pytest.fixture
def case(world):
    return case_from_referral(world)


def book(world, case, when=None, **fields):
    values = {
        "starts_at": when or timezone.now() - datetime.timedelta(hours=2),
        "duration_minutes": 45,
        "mode": "face_to_face",
        "adviser": world.user("adviser"),
        "site": world.site,
    }
    values.update(fields)
    return services.book_appointment(case, by=world.actor("adviser"), **values)


def test_booking_checks_length_site_and_adviser(world, other_world, case):
    with pytest.raises(CaseworkError) as refused:
        book(world, case, duration_minutes=2)
    assert refused.value.field == "duration_minutes"
    with pytest.raises(CaseworkError) as refused:
        book(world, case, site=None)
    assert refused.value.message == services.SITE_NEEDED
    with pytest.raises(CaseworkError) as refused:
        book(world, case, site=other_world.site)
    assert refused.value.message == services.SITE_NOT_OURS
    with pytest.raises(CaseworkError) as refused:
        book(world, case, adviser=other_world.user("adviser"))
    assert refused.value.message == services.ADVISER_NOT_HERE
    assert Appointment.objects.count() == 0
    assert book(world, case, mode="phone", site=None).mode == "phone"


def test_an_interpreter_is_booked_when_the_person_needs_one(world, case):
    Person.objects.filter(pk=case.person_id).update(
        interpreter_needed=True, preferred_language="Polish"
    )
    case.person.refresh_from_db()
    assert book(world, case).interpreter_language == "Polish"


def test_the_first_attended_appointment_records_the_referrals_first_contact_once(world, case):
    first = book(world, case)
    services.record_attendance(first, by=world.actor("adviser"), attendance="attended", minutes=40)
    referral = Referral.objects.get(pk=case.referral_id)
    assert referral.first_contact_at == first.starts_at
    assert ContactAttempt.objects.get(referral=referral).channel == "in_person"

    second = book(world, case, when=timezone.now() - datetime.timedelta(hours=1))
    assert not services.offers_first_contact(second)
    services.record_attendance(second, by=world.actor("adviser"), attendance="attended")
    assert ContactAttempt.objects.filter(referral=referral).count() == 1


def test_first_contact_is_not_recorded_when_unticked(world, case):
    appointment = book(world, case)
    services.record_attendance(
        appointment, by=world.actor("adviser"), attendance="attended", first_contact=False
    )
    assert Referral.objects.get(pk=case.referral_id).first_contact_at is None


def test_missed_appointments_count_no_time_and_future_ones_cannot_be_recorded(world, case):
    missed = services.record_attendance(
        book(world, case), by=world.actor("adviser"), attendance="did_not_attend", minutes=30
    )
    assert missed.minutes == 0
    future = book(world, case, when=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(CaseworkError) as refused:
        services.record_attendance(future, by=world.actor("adviser"), attendance="attended")
    assert refused.value.message == services.NOT_YET
    cancelled = services.record_attendance(
        future, by=world.actor("adviser"), attendance="cancelled_by_client"
    )
    assert cancelled.attendance == "cancelled_by_client"
    with pytest.raises(CaseworkError):
        services.record_attendance(cancelled, by=world.actor("adviser"), attendance="attended")


def test_a_closed_case_takes_no_appointment(world, case):
    close_case(case, by=world.actor("adviser"))
    with pytest.raises(CaseworkError) as refused:
        book(world, case)
    assert refused.value.message == CASE_CLOSED


def tomorrow():
    return timezone.now() + datetime.timedelta(hours=30)


def with_contact(case, **fields):
    Person.objects.filter(pk=case.person_id).update(**fields)
    case.person.refresh_from_db()


def test_a_reminder_is_emailed_when_the_person_prefers_email_and_nothing_forbids_it(world, case):
    with_contact(
        case,
        preferred_contact_method="email",
        email="maryam@example.test",
        safe_contact_instructions="",
    )
    appointment = book(world, case, when=tomorrow())
    mail.outbox.clear()

    assert send_appointment_reminders() == 1
    assert send_appointment_reminders() == 0
    email = mail.outbox[0]
    assert email.subject == "Your appointment" and email.to == ["maryam@example.test"]
    assert "Okafor" not in email.subject and "benefit" not in email.body.lower()
    assert world.site.name in email.body
    assert AppointmentReminder.objects.get(appointment=appointment).outcome == "sent"
    assert AuditEvent.objects.filter(action="export", object_id=str(appointment.pk)).count() == 1


@pytest.mark.parametrize(
    "contact, reason",
    [
        (
            {"preferred_contact_method": "phone", "email": "m@example.test"},
            "Preferred contact is phone call",
        ),
        (
            {"preferred_contact_method": "letter", "email": "m@example.test"},
            "Preferred contact is letter",
        ),
        ({"preferred_contact_method": "email", "email": ""}, "No email address recorded"),
        (
            {
                "preferred_contact_method": "email",
                "email": "m@example.test",
                "safe_contact_instructions": "Do not leave a message",
            },
            "safe-contact notes say not to send messages",
        ),
    ],
)
def test_a_reminder_is_withheld_with_the_reason_when_contact_is_not_allowed(
    world, case, contact, reason
):
    with_contact(case, **{"safe_contact_instructions": "", **contact})
    appointment = book(world, case, when=tomorrow())
    mail.outbox.clear()
    assert send_appointment_reminders() == 0
    assert mail.outbox == []
    reminder = AppointmentReminder.objects.get(appointment=appointment)
    assert reminder.outcome == "withheld" and reason in reminder.reason
    assert reminder_decision(appointment)[0] == ""


def test_appointments_outside_the_window_get_no_reminder(world, case):
    with_contact(
        case, preferred_contact_method="email", email="m@example.test", safe_contact_instructions=""
    )
    book(world, case, when=timezone.now() + datetime.timedelta(hours=3))
    book(world, case, when=timezone.now() + datetime.timedelta(days=4))
    assert send_appointment_reminders() == 0
    assert AppointmentReminder.objects.count() == 0


def test_the_pages_book_and_record_an_appointment(world, login, case):
    client = login(world.user("adviser"))
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("cases:appointment_book", kwargs={"case_pk": case.pk}),
        {
            "day_day": str(day.day),
            "day_month": str(day.month),
            "day_year": str(day.year),
            "time": "10:30",
            "duration_minutes": "45",
            "mode": "face_to_face",
            "site": str(world.site.pk),
            "adviser": str(world.user("adviser").pk),
        },
    )
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse(
        "cases:appointment", kwargs={"appointment_pk": appointment.pk}
    )
    url = reverse("cases:appointment_attendance", kwargs={"appointment_pk": appointment.pk})
    assert "first contact" in client.get(url).content.decode()
    client.post(url, {"attendance": "attended", "minutes": "40", "first_contact": "on"})
    assert Referral.objects.get(pk=case.referral_id).first_contact_at is not None
    assert "Attended" in client.get(case.get_absolute_url()).content.decode()


def test_bad_times_and_huge_dates_get_errors_not_crashes(world, login, case):
    response = login(world.user("adviser")).post(
        reverse("cases:appointment_book", kwargs={"case_pk": case.pk}),
        {
            "day_day": "1",
            "day_month": "1",
            "day_year": "99999999999999999999",
            "time": "25:99",
            "duration_minutes": "9999999",
            "mode": "phone",
            "adviser": str(world.user("adviser").pk),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter the time in the 24-hour clock" in page
    assert Appointment.objects.count() == 0


def test_another_organisation_gets_404_and_a_referrer_403(world, other_world, login, case):
    appointment = book(world, case)
    for name in [
        "cases:appointment",
        "cases:appointment_attendance",
        "cases:appointment_reschedule",
    ]:
        url = reverse(name, kwargs={"appointment_pk": appointment.pk})
        assert login(other_world.user("adviser")).get(url).status_code == 404
        assert login(world.user("referrer")).get(url).status_code == 403


def test_my_appointments_lists_the_next_two_weeks(world, login, case):
    book(world, case, when=timezone.now() + datetime.timedelta(days=2))
    page = login(world.user("adviser")).get(reverse("cases:my_appointments")).content.decode()
    assert case.reference in page
    assert (
        case.reference
        not in login(world.user("supervisor"))
        .get(reverse("cases:my_appointments"))
        .content.decode()
    )


def test_the_appointments_section_costs_the_same_for_1_and_10(world, case):
    book(world, case)
    with CaptureQueriesContext(connection) as few:
        appointments_section(case)
    for i in range(9):
        book(world, case, when=timezone.now() + datetime.timedelta(days=i + 1))
    with CaptureQueriesContext(connection) as many:
        appointments_section(case)
    assert len(many) == len(few)
