"""The referrer's list at any size: keyset links walk every referral once, newest first, the
count stops at the cap, and the number of statements is the same at every size and depth."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.factories import record_person
from hjp.referrals.models import Referral
from hjp.referrals.status import Status
from hjp.referrals.tests.factories import advice_service, referral_for
from hjp.referrals.views import sent as sent_view

SENT = reverse("referrals:sent")


def references_in(response) -> list[str]:
    return re.findall(r">(HJP-[A-Z0-9]{4}-[A-Z0-9]{4})</a>", response.content.decode())


def link(response, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', response.content.decode())
    return unescape(found.group(1)) if found else None


@pytest.fixture
def send(world):
    service = advice_service(world)

    def make(count: int) -> list[Referral]:
        made = [
            referral_for(world, person=record_person(world), service=service) for _ in range(count)
        ]
        # Ties on the time sent, broken by the time made and then the id.
        start = timezone.now() - datetime.timedelta(days=2)
        for number, referral in enumerate(made):
            Referral.objects.filter(pk=referral.pk).update(
                sent_at=start + datetime.timedelta(minutes=number % 4)
            )
        return made

    return make


def newest_first(world, **filters) -> list[str]:
    referrals = Referral.objects.filter(from_organisation=world.practice, **filters)
    return list(
        referrals.order_by("-sent_at", "-created_at", "-id").values_list("reference", flat=True)
    )


def test_walking_the_next_links_shows_every_sent_referral_once_newest_first(
    world, login, send, monkeypatch
):
    monkeypatch.setattr(sent_view, "PAGE_SIZE", 3)
    send(8)
    client = login(world.user("referrer"))

    seen, pages, query = [], 0, "?made_by=organisation"
    while query:
        response = client.get(SENT + query)
        seen += references_in(response)
        pages += 1
        query = link(response, "next")
        assert query is None or "made_by=organisation" in query

    assert seen == newest_first(world)
    assert pages == 3


def test_a_referral_sent_while_paging_does_not_repeat_or_hide_another(
    world, login, send, monkeypatch
):
    monkeypatch.setattr(sent_view, "PAGE_SIZE", 3)
    before = send(7)
    client = login(world.user("referrer"))

    first = client.get(SENT)
    seen, query = references_in(first), link(first, "next")
    newer = send(1)[0]
    Referral.objects.filter(pk=newer.pk).update(sent_at=timezone.now())
    while query:
        response = client.get(SENT + query)
        seen += references_in(response)
        query = link(response, "next")

    assert sorted(seen) == sorted(r.reference for r in before)
    assert "Back to the first page" in client.get(SENT + link(first, "next")).content.decode()


def test_the_count_stops_at_the_cap(world, login, send, monkeypatch):
    monkeypatch.setattr(sent_view, "COUNT_CAP", 3)
    referrals = send(4)
    client = login(world.user("referrer"))

    assert "More than 3 results" in client.get(SENT).content.decode()

    Referral.objects.filter(pk=referrals[0].pk).update(status=Status.COMPLETED)
    assert "3 results" in client.get(SENT, {"status": "open"}).content.decode()


def test_the_sent_list_takes_the_same_statements_at_every_size_and_depth(
    world, login, send, monkeypatch
):
    monkeypatch.setattr(sent_view, "PAGE_SIZE", 1)
    referrals = send(40)
    client = login(world.user("referrer"))
    client.get(SENT)
    counted = {}
    for size in (3, 40):
        Referral.objects.filter(pk__in=[r.pk for r in referrals[:size]]).update(
            status=Status.REQUESTED
        )
        Referral.objects.filter(pk__in=[r.pk for r in referrals[size:]]).update(
            status=Status.COMPLETED, closed_at=timezone.now()
        )
        order = newest_first(world, status=Status.REQUESTED)
        ids = dict(Referral.objects.values_list("reference", "pk"))
        depths = {
            "first": "?status=open",
            "middle": f"?status=open&after={ids[order[size // 2 - 1]]}",
            "last": f"?status=open&after={ids[order[-2]]}",
        }
        for depth, query in depths.items():
            with CaptureQueriesContext(connection) as context:
                response = client.get(SENT + query)
            counted[size, depth] = len(context.captured_queries)
            assert len(references_in(response)) == 1, (size, depth)
        assert references_in(response) == [order[-1]]

    assert counted[3, "first"] == counted[40, "first"]
    # A later page reads its anchor inside the page's own statement: hjp.core.keyset.
    later = {counted[size, depth] for size in (3, 40) for depth in ("middle", "last")}
    assert later == {counted[3, "first"]}
