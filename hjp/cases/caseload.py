"""The caseload: which cases a list shows, in what order, a page at a time by seeking from the
last row shown (named by its id), so a page costs the same at any depth and any size of
organisation."""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.cases.models import Case
from hjp.cases.presenters.case import INACTIVE_DAYS
from hjp.core.keyset import KeysetPage, keyset_page
from hjp.people.models import Person

PAGE_SIZE = 25
# Newest opened first; the indexes `case_caseload` (one adviser's) and `case_service_caseload`
# (everyone's) run in this order.
ORDER = ("-opened_at", "-id")
REFERENCE = re.compile(r"^C-?[2-9A-Z]{4}-?[2-9A-Z]{4}$", re.I)


@dataclass
class Filters:
    """What the caseload shows: whose cases, open or closed, only inactive ones, a search."""

    adviser: str = "me"  # "me", "all" or a user id
    status: str = Case.Status.OPEN
    inactive: bool = False
    query: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params, *, default_adviser: str, query: str = "") -> "Filters":
        """The filters in `params` (the address, or a posted form), and the search text, which
        never comes from the address: the caller passes it, read from the session."""
        status = params.get("status", Case.Status.OPEN)
        return cls(
            adviser=params.get("adviser") or default_adviser,
            status=status if status in Case.Status.values else Case.Status.OPEN,
            inactive=params.get("inactive") == "1",
            query=clean_query(query),
        )

    def address(self) -> dict[str, str]:
        """The filters as they go in the address: codes and ids, never the search text."""
        params = {"adviser": self.adviser, "status": self.status}
        if self.inactive:
            params["inactive"] = "1"
        return params


def clean_query(text: str) -> str:
    """Search text with its spaces tidied, at most 100 characters."""
    return " ".join(text.split())[:100]


def _reference(query: str) -> str | None:
    compact = query.upper().replace(" ", "")
    if not REFERENCE.match(compact):
        return None
    letters = compact.replace("-", "")[1:]
    return f"C-{letters[:4]}-{letters[4:]}"


def cases_for(actor: Actor, filters: Filters) -> QuerySet:
    """The cases the filters choose, newest opened first (ties broken by id)."""
    cases = Case.objects.visible_to(actor).filter(status=filters.status)
    if filters.adviser == "me":
        cases = cases.filter(adviser_id=actor.user_id)
    elif filters.adviser != "all":
        try:
            cases = cases.filter(adviser_id=uuid.UUID(filters.adviser))
        except ValueError:
            cases = cases.none()
    if filters.inactive:
        cases = cases.filter(
            last_activity_at__lt=timezone.now() - datetime.timedelta(days=INACTIVE_DAYS)
        )
    if filters.query:
        reference = _reference(filters.query)
        if reference:
            cases = cases.filter(reference=reference)
        else:
            cases = cases.filter(
                person__in=Person.objects.visible_to(actor).matching(filters.query)
            )
    return cases.order_by(*ORDER)


@dataclass
class CaseloadPage:
    cases: list[Case]
    count_text: str
    results: KeysetPage

    @property
    def is_first(self) -> bool:
        return self.results.is_first


def page_of(cases: QuerySet, query: QueryDict) -> CaseloadPage:
    """One page, seeking past the case named by `?after=` (or before `?before=`), by its id.

    No total is counted: even a count capped at 1,000 checks a thousand cases' people against
    the organisation's sharing records, so the caption says what the page shows instead.
    """
    results = keyset_page(
        cases.select_related("person", "adviser"),
        query,
        order=ORDER,
        per_page=PAGE_SIZE,
        count=None,
    )
    shown = results.items
    if not results.is_first:
        count_text = "Cases, continued"
    elif results.next_url:
        count_text = f"The {PAGE_SIZE} newest cases"
    else:
        count_text = f"{len(shown)} case{'s' if len(shown) != 1 else ''}"
    return CaseloadPage(cases=shown, count_text=count_text, results=results)
