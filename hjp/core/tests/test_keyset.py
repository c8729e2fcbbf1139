"""Keyset pages: every row once, in order, at any depth, also when rows arrive between pages."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from hjp.core.keyset import keyset_page
from hjp.factories import PersonFactory
from hjp.people.models import Person

pytestmark = pytest.mark.django_db

ORDER = ("family_name", "given_name", "id")


def _query(url: str | None) -> QueryDict:
    return QueryDict(url[1:] if url else "")


def _walk(queryset, per_page=7):
    """Follow the next links from the first page to the last; the ids in the order shown."""
    seen, url = [], None
    while True:
        page = keyset_page(queryset, _query(url), order=ORDER, per_page=per_page)
        seen.extend(person.pk for person in page.items)
        if page.next_url is None:
            return seen
        url = page.next_url


def _people(count, names=("Able", "Baker", "Cole")):
    # Repeated names, so that ties are broken by the id.
    return [
        PersonFactory(family_name=names[n % len(names)], given_name=f"G{n % 4}")
        for n in range(count)
    ]


def test_walking_the_pages_shows_every_row_once_in_order():
    _people(40)
    expected = list(Person.objects.order_by(*ORDER).values_list("pk", flat=True))
    assert _walk(Person.objects.all()) == expected


def test_rows_added_between_pages_lose_and_repeat_nothing():
    _people(20)
    queryset = Person.objects.all()
    first = keyset_page(queryset, QueryDict(""), order=ORDER, per_page=5)
    # New rows arrive on both sides of the anchor.
    _people(10, names=("Aaron", "Zed"))
    seen = [person.pk for person in first.items]
    url = first.next_url
    while url:
        page = keyset_page(queryset, _query(url), order=ORDER, per_page=5)
        seen.extend(person.pk for person in page.items)
        url = page.next_url
    assert len(seen) == len(set(seen))
    after_anchor = list(queryset.order_by(*ORDER).values_list("pk", flat=True))
    start = after_anchor.index(seen[4]) + 1
    assert seen[5:] == after_anchor[start:]


def test_previous_link_returns_the_page_before():
    _people(30)
    first = keyset_page(Person.objects.all(), QueryDict(""), order=ORDER, per_page=10)
    second = keyset_page(Person.objects.all(), _query(first.next_url), order=ORDER, per_page=10)
    back = keyset_page(Person.objects.all(), _query(second.previous_url), order=ORDER, per_page=10)
    assert [p.pk for p in back.items] == [p.pk for p in first.items]
    assert back.previous_url is None
    assert second.first_url is not None and first.first_url is None


def test_descending_order():
    _people(15)
    order = ("-family_name", "-id")
    expected = list(Person.objects.order_by(*order).values_list("pk", flat=True))
    seen, url = [], None
    while True:
        page = keyset_page(Person.objects.all(), _query(url), order=order, per_page=4)
        seen.extend(p.pk for p in page.items)
        if not page.next_url:
            break
        url = page.next_url
    assert seen == expected


def test_an_anchor_outside_the_scope_or_malformed_starts_again():
    hidden, *_ = _people(6)
    scope = Person.objects.exclude(pk=hidden.pk)
    for anchor in (str(hidden.pk), "not-an-id", "00000000-0000-0000-0000-000000000000"):
        page = keyset_page(scope, QueryDict(f"after={anchor}"), order=ORDER, per_page=10)
        assert [p.pk for p in page.items] == list(
            scope.order_by(*ORDER).values_list("pk", flat=True)
        )


def test_counts_stop_at_the_cap():
    _people(12)
    page = keyset_page(Person.objects.all(), QueryDict(""), order=ORDER, per_page=5, cap=10)
    assert page.more_than_cap and page.count_text == "more than 10"
    assert page.summary == "More than 10 results"
    page = keyset_page(Person.objects.all(), QueryDict(""), order=ORDER, per_page=5, cap=20)
    assert page.count == 12 and page.summary == "12 results"


def test_the_same_number_of_queries_at_every_depth():
    _people(30)
    counts = []
    url = None
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            page = keyset_page(Person.objects.all(), _query(url), order=ORDER, per_page=5)
        counts.append(len(queries))
        url = page.next_url
    # A later page reads its anchor inside the page's own statement.
    assert counts[0] == counts[1] == counts[2]


def test_the_address_never_holds_sort_values():
    person = PersonFactory(family_name="Smithson")
    PersonFactory.create_batch(3)
    page = keyset_page(Person.objects.all(), QueryDict(""), order=ORDER, per_page=1)
    assert "Smithson" not in (page.next_url or "")
    assert person.family_name not in str(page.next_url)


def test_an_order_must_end_with_the_id():
    with pytest.raises(ValueError):
        keyset_page(Person.objects.all(), QueryDict(""), order=("family_name",))
