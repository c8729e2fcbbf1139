"""The referral querysets the inbox and lists are built from, and the first-contact clock."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from hjp.referrals import services
from hjp.referrals.models import (
    Referral,
    ReferralEvent,
    SelfReferralAttempt,
    new_reference,
)
from hjp.referrals.status import Reason, Status
from hjp.referrals.tests.factories import health_service, referral_for

MONDAY = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


def sent_on(moment: datetime.datetime, world, **fields) -> Referral:
    with time_machine.travel(moment, tick=False):
        return referral_for(world, **fields)


@pytest.fixture
def both_ways(world):
    """One referral from the practice to the advice centre, one back the other way."""
    to_advice = referral_for(world)
    to_practice = referral_for(world, by=world.actor("adviser"), service=health_service(world))
    return to_advice, to_practice


def test_received_by_and_sent_by_follow_the_direction_of_a_referral(world, both_ways):
    to_advice, to_practice = both_ways

    assert list(Referral.objects.received_by(world.advice.pk)) == [to_advice]
    assert list(Referral.objects.sent_by(world.advice.pk)) == [to_practice]
    assert list(Referral.objects.received_by(world.practice.pk)) == [to_practice]
    assert list(Referral.objects.sent_by(world.practice.pk)) == [to_advice]


def test_open_leaves_out_every_closed_status(world):
    referral = referral_for(world)
    closed = referral_for(world)
    services.cancel_referral(closed, by=world.actor("referrer"), reason=Reason.DUPLICATE)

    assert list(Referral.objects.open()) == [referral]


def test_a_referral_awaits_first_contact_while_open_and_nobody_has_spoken_to_the_person(world):
    waiting = referral_for(world)
    contacted = referral_for(world)
    services.accept_referral(contacted, by=world.actor("adviser"))
    services.record_contact_attempt(
        contacted,
        by=world.actor("adviser"),
        attempted_at=timezone.now(),
        channel="phone",
        outcome="contacted",
    )
    rejected = referral_for(world)
    services.reject_referral(rejected, by=world.actor("adviser"), reason=Reason.NOT_ELIGIBLE)
    held = referral_for(world)
    services.accept_referral(held, by=world.actor("adviser"))
    services.hold_referral(held, by=world.actor("adviser"), reason=Reason.UNABLE_TO_CONTACT)
    started = referral_for(world)
    services.accept_referral(started, by=world.actor("adviser"))
    services.start_referral(started, by=world.actor("adviser"))

    assert set(Referral.objects.awaiting_first_contact()) == {waiting, held, started}


def test_first_contact_is_overdue_only_after_the_day_it_was_due(world):
    referral = sent_on(MONDAY, world)
    due = referral.first_contact_due
    assert due == datetime.date(2026, 11, 18)

    for today, overdue in [(due, False), (due + datetime.timedelta(days=1), True)]:
        assert referral.is_first_contact_overdue(today) is overdue
        assert Referral.objects.overdue_first_contact(today).exists() is overdue


def test_first_contact_overdue_reads_todays_date_when_none_is_given(world):
    referral = sent_on(MONDAY, world)

    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        assert not referral.is_first_contact_overdue()
        assert not Referral.objects.overdue_first_contact().exists()
    with time_machine.travel(MONDAY + datetime.timedelta(days=3), tick=False):
        assert referral.is_first_contact_overdue()
        assert list(Referral.objects.overdue_first_contact()) == [referral]


def test_a_closed_contacted_or_undated_referral_is_never_overdue(world):
    later = datetime.date(2030, 1, 1)
    closed = referral_for(world)
    services.cancel_referral(closed, by=world.actor("referrer"), reason=Reason.DUPLICATE)
    contacted = referral_for(world)
    contacted.first_contact_at = timezone.now()
    undated = referral_for(world)
    undated.first_contact_due = None

    for referral in [Referral.objects.get(pk=closed.pk), contacted, undated]:
        assert not referral.is_first_contact_overdue(later)


def test_the_inbox_lists_urgent_first_then_the_nearest_deadline_then_the_oldest(world):
    soon, later = datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)
    oldest = sent_on(MONDAY, world)
    newest = sent_on(MONDAY + datetime.timedelta(hours=2), world)
    deadline_later = sent_on(
        MONDAY + datetime.timedelta(hours=3), world, deadlines=[("other", later)]
    )
    deadline_soon = sent_on(
        MONDAY + datetime.timedelta(hours=4), world, deadlines=[("other", soon)]
    )
    urgent = sent_on(MONDAY + datetime.timedelta(hours=5), world, urgency="urgent")

    assert list(Referral.objects.inbox_order()) == [
        urgent,
        deadline_soon,
        deadline_later,
        oldest,
        newest,
    ]


def test_newest_first_orders_by_the_time_sent(world):
    first = sent_on(MONDAY, world)
    second = sent_on(MONDAY + datetime.timedelta(minutes=1), world)

    assert list(Referral.objects.newest_first()) == [second, first]


def test_the_timeline_lists_events_in_the_order_they_happened(world):
    referral = sent_on(MONDAY, world)
    with time_machine.travel(MONDAY + datetime.timedelta(hours=1), tick=False):
        services.accept_referral(referral, by=world.actor("adviser"))
    with time_machine.travel(MONDAY + datetime.timedelta(hours=2), tick=False):
        services.start_referral(referral, by=world.actor("adviser"))

    timeline = list(ReferralEvent.objects.filter(referral=referral).for_timeline())

    assert [event.kind for event in timeline] == ["submitted", "accepted", "started"]
    assert [event.sequence for event in timeline] == [1, 2, 3]
    assert timeline[1].actor == world.user("adviser")
    assert timeline[1].actor_organisation == world.advice


def test_a_reference_is_easy_to_read_out_and_different_each_time():
    references = {new_reference() for _ in range(50)}

    assert len(references) == 50
    for reference in references:
        assert re.fullmatch(r"HJP-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", reference)


def test_a_referral_reads_as_its_reference_and_links_to_its_page(world):
    referral = referral_for(world)

    assert str(referral) == referral.reference
    assert referral.get_absolute_url() == f"/referrals/{referral.pk}/"
    assert referral.status == Status.REQUESTED


def test_a_self_referral_attempt_reads_as_the_start_of_its_hash_and_its_time(db):
    attempt = SelfReferralAttempt(address_hash="abcdef0123456789" * 4, attempted_at=MONDAY)

    assert str(attempt) == "abcdef01 at 2026-11-16 10:00"


def test_the_inbox_breaks_ties_by_time_sent_and_then_by_id(world):
    by_time = [sent_on(MONDAY + datetime.timedelta(minutes=n), world) for n in (5, 1, 4, 2, 3)]
    same_time = [sent_on(MONDAY + datetime.timedelta(hours=1), world) for _ in range(5)]

    expected = sorted(by_time, key=lambda r: r.sent_at) + sorted(same_time, key=lambda r: r.pk)
    assert list(Referral.objects.inbox_order()) == expected


def test_newest_first_orders_by_time_sent_and_then_by_time_created(world):
    made = [sent_on(MONDAY, world) for _ in range(4)]
    # Sent in the opposite order to the one they were written in; the last two at the same
    # time, and made (a draft kept before sending) in the opposite order again.
    for referral, sent, created in zip(made, (30, 20, 10, 10), (0, 0, 2, 1), strict=True):
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=MONDAY + datetime.timedelta(hours=1, minutes=sent),
            created_at=MONDAY + datetime.timedelta(minutes=created),
        )

    assert list(Referral.objects.newest_first()) == [made[0], made[1], made[2], made[3]]


def test_the_timeline_orders_by_when_events_happened_then_by_sequence(world):
    referral = sent_on(MONDAY, world)
    earlier = MONDAY - datetime.timedelta(days=1)
    # An event recorded later about something that happened earlier, and two at one moment.
    for sequence, occurred_at in [(3, MONDAY), (2, earlier), (5, earlier), (4, earlier)]:
        ReferralEvent.objects.create(
            referral=referral,
            sequence=sequence,
            kind=ReferralEvent.Kind.CONTACT_ATTEMPT,
            occurred_at=occurred_at,
        )

    timeline = ReferralEvent.objects.filter(referral=referral).for_timeline()

    assert [event.sequence for event in timeline] == [2, 4, 5, 1, 3]


def test_the_timeline_fetches_each_events_actor_and_organisation_in_one_query(
    world, django_assert_num_queries
):
    referral = referral_for(world)
    services.accept_referral(referral, by=world.actor("adviser"))

    with django_assert_num_queries(1):
        shown = [
            (event.actor.full_name, event.actor_organisation.name)
            for event in ReferralEvent.objects.filter(referral=referral).for_timeline()
        ]

    assert shown == [
        (world.user("referrer").full_name, world.practice.name),
        (world.user("adviser").full_name, world.advice.name),
    ]
