"""hjp.core.pagination.paginate, with and without a count the caller already has."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from hjp.core.pagination import paginate
from hjp.factories import record_person
from hjp.people.models import Person


@pytest.fixture
def people(world):
    for number in range(7):
        record_person(world, given_name="Sam", family_name=f"Example{number}")
    return Person.objects.order_by("family_name")


def count_queries(captured) -> int:
    return sum("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


def test_without_a_count_the_paginator_counts_the_rows_itself(people):
    with CaptureQueriesContext(connection) as captured:
        results = paginate(people, QueryDict("page=2"), per_page=5)
        items = results.items

    assert count_queries(captured) == 1
    assert len(items) == 2
    assert results.summary == "Showing 6 to 7 of 7"
    assert results.previous_url == "?page=1" and results.next_url is None


def test_a_count_given_by_the_caller_is_used_without_a_count_query(people):
    with CaptureQueriesContext(connection) as captured:
        results = paginate(people, QueryDict("page=2"), per_page=5, count=7)
        items = results.items

    assert count_queries(captured) == 0
    assert len(captured.captured_queries) == 1  # the page of rows, nothing else
    assert [p.family_name for p in items] == ["Example5", "Example6"]
    assert results.summary == "Showing 6 to 7 of 7"


def test_the_given_count_decides_the_pages_and_out_of_range_numbers_fall_back(people):
    results = paginate(people, QueryDict("page=9&tab=open"), per_page=5, count=7)

    assert results.page.number == 2
    assert results.page.paginator.num_pages == 2
    assert results.previous_url == "?page=1&tab=open"


def test_a_count_of_zero_gives_an_empty_first_page_without_a_query(people):
    with CaptureQueriesContext(connection) as captured:
        results = paginate(people, QueryDict(""), count=0)
        items = results.items

    assert items == []
    assert results.summary == ""
    assert results.next_url is None
    assert len(captured.captured_queries) == 0
