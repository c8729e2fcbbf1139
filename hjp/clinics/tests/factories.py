"""Clinic schedules, sessions and bookings for tests, made through the services."""

import datetime

from django.utils import timezone

from hjp.clinics.models import Booking, ClinicSchedule, ClinicSession
from hjp.clinics.services import add_schedule, book_slot, cancel_session
from hjp.factories import PartnershipWorld
from hjp.referrals.tests.factories import advice_service


def weekly_schedule(
    world: PartnershipWorld, *, service=None, starts_on=None, **fields
) -> ClinicSchedule:
    """A weekly Tuesday clinic at the world's surgery, 9:00 to 11:00 in 30-minute slots."""
    service = service or advice_service(world)
    details = {
        "site": world.site,
        "frequency": "weekly",
        "weekday": 1,
        "starts_on": starts_on or timezone.localdate(),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(11, 0),
        "slot_minutes": 30,
    }
    details.update(fields)
    return add_schedule(service, by=world.actor("supervisor"), **details)


def next_session(schedule: ClinicSchedule) -> ClinicSession:
    """The schedule's first session starting after now."""
    now = timezone.now()
    return next(s for s in schedule.sessions.order_by("date") if s.starts_at > now)


def past_session(schedule: ClinicSchedule) -> ClinicSession:
    now = timezone.now()
    return [s for s in schedule.sessions.order_by("date") if s.slot_start(0) < now][-1]


def booked_in_the_past(session: ClinicSession, referral, position: int = 0) -> Booking:
    """A booking made before the clinic happened (book_slot refuses a slot that has started)."""
    return Booking.objects.create(
        slot=session.slots.get(position=position),
        referral=referral,
        person_id=referral.person_id,
    )


def clinic_objects(world: PartnershipWorld, *, service, referral) -> dict:
    """For the access matrix: a session with the referral's person booked into it, and a
    booking of the same person waiting to be re-booked after another session was cancelled."""
    schedule = weekly_schedule(world, service=service)
    booked, cancelled = [s for s in schedule.sessions.all() if s.starts_at > timezone.now()][:2]
    by = world.actor("referrer")
    book_slot(booked.slots.first(), referral=referral, by=by)
    waiting = book_slot(cancelled.slots.first(), referral=referral, by=by)
    cancel_session(cancelled, by=world.actor("supervisor"), reason="Adviser off sick")
    return {"session_pk": booked.pk, "clinic_pk": booked.pk, "booking_pk": waiting.pk}
