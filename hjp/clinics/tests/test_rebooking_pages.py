"""The re-booking list a page at a time: the same statements for a short and a long list, on the
first page, a middle one and the last, and every booking waiting once, longest booked first."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.clinics import views as clinic_views
from hjp.clinics.models import Booking
from hjp.clinics.tests.factories import next_session, weekly_schedule
from hjp.referrals.tests.factories import referral_for

REBOOK_LINK = re.compile(r'href="/clinics/bookings/([0-9a-f-]{36})/rebook"')
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


@pytest.fixture(autouse=True)
def pages_of_five(monkeypatch):
    monkeypatch.setattr(clinic_views, "PAGE_SIZE", 5)


@pytest.fixture
def waiting(world):
    """Make bookings waiting to be re-booked, in bulk (one slot and referral serve them all:
    a booking waiting holds no slot); several were booked at the same moment, so that the id
    breaks the ties."""
    schedule = weekly_schedule(world)
    slot = next_session(schedule).slots.first()
    referral = referral_for(world, service=schedule.service)
    start = timezone.now() - datetime.timedelta(days=30)
    made = []

    def make(count: int, *, at: datetime.datetime | None = None) -> list[Booking]:
        bookings = Booking.objects.bulk_create(
            Booking(
                slot=slot,
                referral=referral,
                person_id=referral.person_id,
                status=Booking.Status.TO_REBOOK,
            )
            for _ in range(count)
        )
        for number, booking in enumerate(bookings, start=len(made)):
            moment = at or start + datetime.timedelta(hours=number // 3)
            Booking.objects.filter(pk=booking.pk).update(created_at=moment)
        made.extend(bookings)
        return bookings

    make.url = reverse("clinics:rebooking_list", kwargs={"service_pk": schedule.service_id})
    return make


def longest_booked_first() -> list[str]:
    bookings = Booking.objects.filter(status=Booking.Status.TO_REBOOK)
    return [
        str(pk)
        for pk in bookings.order_by(*clinic_views.REBOOKING_ORDER).values_list("pk", flat=True)
    ]


def walk(client, url: str, *, between=None) -> list[str]:
    seen, pages, start = [], 0, url
    while url:
        html = client.get(url).content.decode()
        seen.extend(REBOOK_LINK.findall(html))
        pages += 1
        if between and pages == 1:
            between()
        following = NEXT_LINK.search(html)
        url = start + unescape(following.group(1)) if following else None
    return seen


def test_walking_the_rebooking_list_shows_every_booking_once_longest_booked_first(
    world, login, waiting
):
    waiting(13)
    seen = walk(login(world.user("supervisor")), waiting.url)
    assert seen == longest_booked_first()
    assert len(seen) == 13


def test_bookings_cancelled_or_rebooked_while_paging_neither_repeat_nor_hide_another(
    world, login, waiting
):
    made = waiting(12)
    before = longest_booked_first()
    rebooked = made[-1]

    def change():
        waiting(1, at=timezone.now())
        Booking.objects.filter(pk=rebooked.pk).update(status=Booking.Status.REBOOKED)

    seen = walk(login(world.user("supervisor")), waiting.url, between=change)
    newest = longest_booked_first()[-1]
    assert seen == [pk for pk in before if pk != str(rebooked.pk)] + [newest]


def _statements(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(url: str, size: int) -> list[str]:
    order = longest_booked_first()
    assert len(order) == size
    middle, last = (size // 5 // 2) * 5, (size - 1) // 5 * 5
    return [url, f"{url}?after={order[middle - 1]}", f"{url}?after={order[last - 1]}"]


def test_a_page_costs_the_same_statements_at_any_size_and_depth(world, login, waiting):
    client = login(world.user("supervisor"))
    counts, made = {}, 0
    for size in (12, 60):
        waiting(size - made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(waiting.url, size)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    assert middle == last == first


def test_a_page_is_one_audit_event_naming_each_booking_shown(world, login, waiting):
    waiting(7)
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    login(world.user("supervisor")).get(waiting.url)
    events = list(AuditEvent.objects.filter(sequence__gt=before))
    assert [e.action for e in events] == ["view"]
    assert events[0].detail["shown"] == longest_booked_first()[:5]
