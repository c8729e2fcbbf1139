"""The people list a page at a time: every person once and in order, whatever happens between
pages, and the same number of statements at any size of organisation and any depth."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.factories import PersonFactory
from hjp.people.models import Person, PersonShare
from hjp.people.views import ALPHABETICAL, RECENT_FIRST

LIST = reverse("people:list")
PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/"')
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


def shared_with(organisation, count: int, *, family_name: str | None = None) -> list[Person]:
    """People the organisation recorded, made in bulk (the services would take minutes)."""
    names = {"family_name": family_name} if family_name else {}
    people = PersonFactory.create_batch(count, **names)
    PersonShare.objects.bulk_create(
        PersonShare(person=person, organisation=organisation, reason="record_created")
        for person in people
    )
    return people


def shown(response) -> tuple[list[str], str | None]:
    """The ids of the people on a page, in order, and the link to the next page."""
    html = response.content.decode()
    following = NEXT_LINK.search(html)
    return PERSON_LINK.findall(html), unescape(following.group(1)) if following else None


def walk(client, first_url: str, *, between_pages=None) -> list[str]:
    seen, url = [], first_url
    while url:
        ids, following = shown(client.get(url))
        seen.extend(ids)
        if between_pages:
            between_pages()
        url = LIST + following if following else None
    return seen


def in_order(actor, order) -> list[str]:
    people = Person.objects.visible_to(actor).order_by(*order)
    return [str(pk) for pk in people.values_list("pk", flat=True)]


def test_walking_the_list_shows_everyone_once_most_recently_updated_first(world, login, referrer):
    shared_with(world.practice, 60)
    Person.objects.filter(pk__in=Person.objects.order_by("?")[:10]).update(
        updated_at=Person.objects.order_by("updated_at").first().updated_at
    )  # ties on the sort value, broken by the id

    seen = walk(login(referrer), LIST)

    assert seen == in_order(world.actor("referrer"), RECENT_FIRST)
    assert len(seen) == 60


def test_people_added_between_pages_are_not_shown_twice_and_nobody_is_missed(
    world, login, referrer
):
    before = shared_with(world.practice, 55)
    seen = walk(login(referrer), LIST, between_pages=lambda: shared_with(world.practice, 3))

    assert len(seen) == len(set(seen))
    assert {str(person.pk) for person in before} <= set(seen)


def test_search_results_are_walked_alphabetically_every_match_once(world, login, referrer):
    okafors = shared_with(world.practice, 30, family_name="Okafor")
    shared_with(world.practice, 30, family_name="Adeyemi")
    client = login(referrer)
    first_url = client.post(LIST, {"q": "Okafor"})["Location"]
    matches = Person.objects.filter(pk__in=[person.pk for person in okafors])
    expected = [str(pk) for pk in matches.order_by(*ALPHABETICAL).values_list("pk", flat=True)]

    # Others recorded while the search is read do not disturb it.
    seen = walk(client, first_url, between_pages=lambda: shared_with(world.practice, 2))

    assert seen == expected


def _statements(client, url: str) -> int:
    client.get(url)  # the session and the actor are read once, as on any later page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(actor, size: int) -> list[str]:
    """The first page, a middle one and the last, each reached as its next link reaches it."""
    ids = in_order(actor, RECENT_FIRST)
    assert len(ids) == size
    middle, last = (size // 25 // 2) * 25, (size - 1) // 25 * 25
    return [LIST, f"{LIST}?after={ids[middle - 1]}", f"{LIST}?after={ids[last - 1]}"]


@pytest.mark.parametrize("sizes", [(60, 160)])
def test_a_page_costs_the_same_statements_at_any_size_and_depth(world, login, referrer, sizes):
    client, actor = login(referrer), world.actor("referrer")
    counts = {}
    made = 0
    for size in sizes:
        shared_with(world.practice, size - made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(actor, size)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    # A later page reads the row it seeks from inside its own statement.
    assert middle == last == first
