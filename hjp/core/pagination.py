"""Pagination shaped for the NHS.UK pagination component."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 25


@dataclass(frozen=True)
class PageLinks:
    """A page of results plus previous/next links that keep the current filters."""

    page: Page
    previous_url: str | None
    next_url: str | None

    @cached_property
    def items(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def summary(self) -> str:
        if not self.page.paginator.count:
            return ""
        return (
            f"Showing {self.page.start_index()} to {self.page.end_index()} "
            f"of {self.page.paginator.count}"
        )


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, for callers that have counted them already
    (with other figures in one query), so that it does not run a COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # takes the place of Paginator's cached COUNT query


def paginate(
    queryset, query: QueryDict, *, per_page: int = PAGE_SIZE, count: int | None = None
) -> PageLinks:
    """Return the requested page (bad or out-of-range numbers fall back to the nearest page).

    Pass `count` when the number of rows in `queryset` is already known: it must be exact.
    """
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CountedPaginator(queryset, per_page, count=count)
    page = paginator.get_page(query.get("page"))

    def link(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return PageLinks(
        page=page,
        previous_url=link(page.previous_page_number()) if page.has_previous() else None,
        next_url=link(page.next_page_number()) if page.has_next() else None,
    )
