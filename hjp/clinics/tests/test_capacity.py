"""Free clinic appointments in the next 4 weeks, on the service directory."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.clinics.queries import free_slots_by_service
from hjp.clinics.services import book_slot, cancel_session
from hjp.clinics.tests.factories import next_session, weekly_schedule
from hjp.directory.presenters import ServicePresenter
from hjp.referrals.tests.factories import advice_service, referral_for

pytestmark = pytest.mark.django_db


def _future_slots(schedule, within_days=28) -> int:
    now, last = timezone.now(), timezone.localdate() + datetime.timedelta(days=within_days)
    return sum(
        1
        for session in schedule.sessions.filter(date__lte=last)
        for slot in session.slots.all()
        if slot.starts_at > now
    )


def test_free_slots_count_the_next_4_weeks_less_bookings_and_cancelled_clinics(world):
    schedule = weekly_schedule(world)
    sessions = [s for s in schedule.sessions.all() if s.starts_at > timezone.now()]
    all_free = _future_slots(schedule)
    book_slot(
        sessions[0].slots.first(),
        referral=referral_for(world, service=schedule.service),
        by=world.actor("referrer"),
    )
    cancel_session(sessions[1], by=world.actor("supervisor"), reason="Room closed")
    expected = all_free - 1 - 4
    assert free_slots_by_service([schedule.service_id]) == {schedule.service_id: expected}


def test_a_service_without_clinics_has_no_count(world):
    service = advice_service(world)
    assert free_slots_by_service([service.pk]) == {}
    assert ServicePresenter(service, free_clinic_slots=None).clinic_text == ""


def test_a_service_with_full_clinics_says_none_are_free(world):
    service = advice_service(world)
    assert (
        ServicePresenter(service, free_clinic_slots=0).clinic_text
        == "No clinic appointments free in the next 4 weeks"
    )


def test_the_directory_list_and_service_page_show_the_free_clinic_appointments(world, login):
    schedule = weekly_schedule(world)
    free = free_slots_by_service([schedule.service_id])[schedule.service_id]
    text = f"{free} clinic appointments free in the next 4 weeks"
    client = login(world.user("supervisor"))
    assert text in client.get(reverse("directory:list")).content.decode()
    service_page = client.get(
        reverse("directory:capacity", kwargs={"service_pk": schedule.service_id})
    ).content.decode()
    assert text in service_page
    assert reverse("clinics:service", kwargs={"service_pk": schedule.service_id}) in service_page


def test_each_service_counts_only_its_own_clinics(world):
    schedule = weekly_schedule(world)
    other = weekly_schedule(world, service=advice_service(world, name="Debt advice"))
    book_slot(
        next_session(other).slots.first(),
        referral=referral_for(world, service=other.service),
        by=world.actor("referrer"),
    )
    counts = free_slots_by_service([schedule.service_id, other.service_id])
    assert counts[schedule.service_id] == counts[other.service_id] + 1
