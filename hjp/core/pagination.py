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


def paginate(queryset, query: QueryDict, *, per_page: int = PAGE_SIZE) -> PageLinks:
    """Return the requested page (bad or out-of-range numbers fall back to the nearest page)."""
    page = Paginator(queryset, per_page).get_page(query.get("page"))

    def link(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return PageLinks(
        page=page,
        previous_url=link(page.previous_page_number()) if page.has_previous() else None,
        next_url=link(page.next_page_number()) if page.has_next() else None,
    )
