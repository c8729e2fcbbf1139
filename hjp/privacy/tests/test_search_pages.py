"""The audit search a page at a time, newest first: every event once and in order while new
events arrive (each page view is one), and the same number of statements at any size of trail
and any depth."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.factories import actor_for

SEARCH = reverse("audit:search")
EXPORTED = "reporting.export"
TAG = re.compile(r"\b(N\d{5})\b")
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


def exports(actor, count: int, *, start: int = 0) -> None:
    """Events that say which they are (N00000, N00001, ...) in the search's "What" column."""
    for number in range(start, start + count):
        audit.record(actor, audit.Action.EXPORT, object_type=EXPORTED, object_id=f"N{number:05d}")


def walk(client, *, between_pages=None) -> list[str]:
    seen, url = [], f"{SEARCH}?action=export"
    while url:
        html = client.get(url).content.decode()
        seen.extend(TAG.findall(html))
        if between_pages:
            between_pages()
        following = NEXT_LINK.search(html)
        url = SEARCH + unescape(following.group(1)) if following else None
    return seen


def test_walking_the_search_shows_every_event_once_newest_first(
    world, login, privacy_officer, adviser
):
    exports(actor_for(adviser), 60)

    seen = walk(login(privacy_officer))

    assert seen == [f"N{number:05d}" for number in reversed(range(60))]


def test_events_written_between_pages_neither_repeat_nor_hide_older_ones(
    world, login, privacy_officer, adviser
):
    actor = actor_for(adviser)
    exports(actor, 55)
    written = iter(range(1000, 2000, 2))

    def two_more():
        exports(actor, 2, start=next(written))

    seen = walk(login(privacy_officer), between_pages=two_more)

    # Newer events arrive above the page being read, so the walk goes on with the older ones.
    assert seen == [f"N{number:05d}" for number in reversed(range(55))]


def _statements(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(size: int) -> list[str]:
    newest_first = list(
        AuditEvent.objects.filter(action="export").order_by("-id").values_list("pk", flat=True)
    )
    assert len(newest_first) == size
    middle, last = (size // 25 // 2) * 25, (size - 1) // 25 * 25
    url = f"{SEARCH}?action=export"
    return [url, f"{url}&after={newest_first[middle - 1]}", f"{url}&after={newest_first[last - 1]}"]


@pytest.mark.parametrize("sizes", [(60, 160)])
def test_a_page_costs_the_same_statements_at_any_size_and_depth(
    world, login, privacy_officer, adviser, sizes
):
    client, actor = login(privacy_officer), actor_for(adviser)
    counts, made = {}, 0
    for size in sizes:
        exports(actor, size - made, start=made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(size)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    assert middle == last == first
