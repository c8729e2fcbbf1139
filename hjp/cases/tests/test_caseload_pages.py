"""The caseload a page at a time: the same number of statements for a small and a large
organisation, on the first page, a middle one and the last, and every case once in order."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.cases.caseload import ORDER
from hjp.cases.models import Case
from hjp.factories import PersonFactory
from hjp.people.models import PersonShare

LIST = reverse("cases:list")
REFERENCE = re.compile(r"C-[2-9A-Z]{4}-[2-9A-Z]{4}")
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


def open_cases(world, count: int) -> None:
    """Open cases of the advice centre's adviser, made in bulk (the services would take minutes);
    some open at the same moment, so that the id breaks the tie."""
    people = PersonFactory.create_batch(count)
    PersonShare.objects.bulk_create(
        PersonShare(person=person, organisation=world.advice, reason="case") for person in people
    )
    start = timezone.now() - datetime.timedelta(days=count)
    Case.objects.bulk_create(
        Case(
            person=person,
            organisation=world.advice,
            adviser=world.user("adviser"),
            opened_at=start + datetime.timedelta(hours=number // 3),
            last_activity_at=start,
        )
        for number, person in enumerate(people)
    )


def in_order(world) -> list[Case]:
    return list(Case.objects.filter(organisation=world.advice).order_by(*ORDER))


def test_walking_the_caseload_shows_every_case_once_newest_first(world, login):
    open_cases(world, 60)
    client, seen, url = login(world.user("adviser")), [], LIST + "?adviser=all"
    while url:
        html = client.get(url).content.decode()
        seen.extend(REFERENCE.findall(html))
        following = NEXT_LINK.search(html)
        url = LIST + unescape(following.group(1)) if following else None

    assert seen == [case.reference for case in in_order(world)]


def _statements(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(world, size: int, adviser: str) -> list[str]:
    cases = in_order(world)
    assert len(cases) == size
    middle, last = (size // 25 // 2) * 25, (size - 1) // 25 * 25
    url = f"{LIST}?adviser={adviser}"
    return [url, f"{url}&after={cases[middle - 1].pk}", f"{url}&after={cases[last - 1].pk}"]


@pytest.mark.parametrize("adviser", ["me", "all"])
def test_a_page_costs_the_same_statements_at_any_size_and_depth(world, login, adviser):
    client = login(world.user("adviser"))
    counts, made = {}, 0
    for size in (60, 160):
        open_cases(world, size - made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(world, size, adviser)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    assert middle == last == first
