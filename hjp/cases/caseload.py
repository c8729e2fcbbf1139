"""The caseload: which cases a list shows, in what order, a page at a time by seeking from the
last row shown, so a page costs the same at any depth and any size of organisation."""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hjp.accounts.actor import Actor
from hjp.cases.models import Case
from hjp.cases.presenters.case import INACTIVE_DAYS
from hjp.people.models import Person

PAGE_SIZE = 25
REFERENCE = re.compile(r"^C-?[2-9A-Z]{4}-?[2-9A-Z]{4}$", re.I)


@dataclass
class Filters:
    """What the caseload shows: whose cases, open or closed, only inactive ones, a search."""

    adviser: str = "me"  # "me", "all" or a user id
    status: str = Case.Status.OPEN
    inactive: bool = False
    query: str = ""
    after: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params, *, default_adviser: str) -> "Filters":
        status = params.get("status", Case.Status.OPEN)
        return cls(
            adviser=params.get("adviser") or default_adviser,
            status=status if status in Case.Status.values else Case.Status.OPEN,
            inactive=params.get("inactive") == "1",
            query=" ".join(params.get("q", "").split())[:100],
            after=params.get("after", ""),
        )


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
    return cases.order_by("-opened_at", "-id")


def _cursor(case: Case) -> str:
    return f"{case.opened_at.isoformat()}~{case.pk}"


def _after(cases: QuerySet, cursor: str) -> QuerySet:
    opened, _, pk = cursor.partition("~")
    moment = parse_datetime(opened) if opened else None
    try:
        pk = uuid.UUID(pk)
    except ValueError:
        return cases
    if moment is None:
        return cases
    return cases.filter(Q(opened_at__lt=moment) | Q(opened_at=moment, id__lt=pk))


@dataclass
class CaseloadPage:
    cases: list[Case]
    next_cursor: str | None
    count_text: str
    is_first: bool


def page_of(cases: QuerySet, filters: Filters) -> CaseloadPage:
    """One page, seeking past `filters.after`. No total is counted: counting the cases an
    organisation may see costs as much as the organisation is large."""
    shown = list(_after(cases, filters.after).select_related("person", "adviser")[: PAGE_SIZE + 1])
    more = len(shown) > PAGE_SIZE
    shown = shown[:PAGE_SIZE]
    if filters.after:
        count_text = "Cases, continued"
    elif more:
        count_text = f"The {PAGE_SIZE} newest cases"
    else:
        count_text = f"{len(shown)} case{'s' if len(shown) != 1 else ''}"
    return CaseloadPage(
        cases=shown,
        next_cursor=_cursor(shown[-1]) if more else None,
        count_text=count_text,
        is_first=not filters.after,
    )
