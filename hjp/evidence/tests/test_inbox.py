"""The health team's list, a page at a time by seeking: complete, in order, and as many
statements on the last page as on the first, whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.core.working_days import add_working_days
from hjp.evidence import inbox
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.status import Side
from hjp.evidence.tests.factories import accepted_case, evidence_request

pytestmark = pytest.mark.django_db


def _requests(world, count: int, case=None):
    case = case or accepted_case(world)
    today = timezone.localdate()
    return [
        evidence_request(world, case=case, due_on=add_working_days(today, 2 + n % 7))
        for n in range(count)
    ]


def _walk(actor, tab="to_do", add_between=None) -> list[str]:
    seen, cursor = [], ""
    while True:
        mine = EvidenceRequest.objects.visible_to(actor, side=Side.RESPONDER)
        page = inbox.page_of(mine, tab, cursor)
        seen += [str(r.pk) for r in page.requests]
        if add_between:
            add_between()
            add_between = None
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


def test_seeking_lists_every_request_once_in_due_order(world, monkeypatch):
    monkeypatch.setattr(inbox, "PAGE_SIZE", 4)
    made = _requests(world, 11)
    seen = _walk(world.actor("referrer"))
    assert sorted(seen) == sorted(str(r.pk) for r in made)
    ordered = EvidenceRequest.objects.filter(pk__in=seen).order_by("due_on", "sent_at", "id")
    assert seen == [str(r.pk) for r in ordered]


def test_a_request_added_between_pages_loses_or_repeats_no_row(world, monkeypatch):
    monkeypatch.setattr(inbox, "PAGE_SIZE", 3)
    case = accepted_case(world)
    made = _requests(world, 7, case=case)
    seen = _walk(
        world.actor("referrer"), add_between=lambda: made.append(_requests(world, 1, case)[0])
    )
    assert len(seen) == len(set(seen))
    assert set(seen) >= {str(r.pk) for r in made[:7]}


def test_the_waiting_count_stops_at_the_cap(world, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_CAP", 3)
    _requests(world, 5)
    waiting = inbox.waiting_count(
        EvidenceRequest.objects.visible_to(world.actor("referrer"), side=Side.RESPONDER)
    )
    assert waiting == 4
    assert inbox.count_text(waiting) == "more than 3"


def _statements(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_runs_the_same_statements_at_every_size_and_depth(world, login, monkeypatch):
    monkeypatch.setattr(inbox, "PAGE_SIZE", 3)
    client = login(world.user("referrer"))
    _requests(world, 4)
    small = _statements(client, reverse("evidence:inbox"))
    _requests(world, 9)
    first = _statements(client, reverse("evidence:inbox"))
    page = client.get(reverse("evidence:inbox")).content.decode()
    later = page.split('href="?')[-1].split('"')[0].replace("&amp;", "&")
    assert "after=" in later
    deeper = _statements(client, reverse("evidence:inbox") + "?" + later)
    assert small == first == deeper
