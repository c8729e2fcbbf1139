"""Several people booking the same slot at once: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from hjp.clinics.errors import SlotTaken
from hjp.clinics.models import Booking
from hjp.clinics.services import SLOT_TAKEN, book_slot
from hjp.clinics.tests.factories import next_session, weekly_schedule
from hjp.factories import build_partnership_world
from hjp.referrals.tests.factories import referral_for

BOOKERS = 4


def try_to_book(slot, referral, actor, barrier, results: list) -> None:
    try:
        barrier.wait(timeout=10)
        book_slot(slot, referral=referral, by=actor)
        results.append("booked")
    except SlotTaken as taken:
        results.append(taken.message)
    except Exception as error:  # reported to the main thread below
        results.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_several_people_booking_the_same_slot_at_once_leave_exactly_one_booking():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    world = build_partnership_world("North")
    schedule = weekly_schedule(world)
    slot = next_session(schedule).slots.first()
    referrals = [referral_for(world, service=schedule.service) for _ in range(BOOKERS)]
    barrier, results = threading.Barrier(BOOKERS), []
    threads = [
        threading.Thread(
            target=try_to_book,
            args=(slot, referral, world.actor("referrer"), barrier, results),
        )
        for referral in referrals
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(results) == sorted(["booked"] + [SLOT_TAKEN] * (BOOKERS - 1))
    assert Booking.objects.filter(slot=slot).count() == 1
