"""The health team's "requests to my team", a page at a time by seeking from the last row shown,
with counts capped, so a page costs the same at 100,000 requests as at 100."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime

from hjp.evidence.models import EvidenceRequest, InboxTab

PAGE_SIZE = 25
# Tabs count up to this many and then say "more than": counting every request an organisation
# was ever asked costs as much as the organisation is large.
COUNT_CAP = 100


@dataclass
class InboxPage:
    requests: list[EvidenceRequest]
    next_cursor: str | None
    is_first: bool


def _field_for(tab: str) -> str:
    return {InboxTab.PROVIDED: "provided_at", InboxTab.CLOSED: "closed_at"}.get(tab, "")


def cursor_of(request: EvidenceRequest, tab: str) -> str:
    field = _field_for(tab)
    if field:
        return f"{getattr(request, field).isoformat()}~{request.pk}"
    return f"{request.due_on.isoformat()}~{request.sent_at.isoformat()}~{request.pk}"


def _after(requests: QuerySet, tab: str, cursor: str) -> QuerySet:
    """The rows after the cursor in the tab's order; a cursor that does not parse is ignored."""
    parts = cursor.split("~")
    try:
        pk = uuid.UUID(parts[-1])
    except ValueError:
        return requests
    field = _field_for(tab)
    if field and len(parts) == 2:
        moment = parse_datetime(parts[0])
        if moment is None:
            return requests
        # The plain bound lets the index range start at the cursor; the OR settles the ties.
        return requests.filter(**{f"{field}__lte": moment}).filter(
            Q(**{f"{field}__lt": moment}) | Q(**{field: moment}, id__lt=pk)
        )
    if not field and len(parts) == 3:
        due, sent = _date(parts[0]), parse_datetime(parts[1])
        if due is None or sent is None:
            return requests
        return requests.filter(due_on__gte=due).filter(
            Q(due_on__gt=due)
            | Q(due_on=due, sent_at__gt=sent)
            | Q(due_on=due, sent_at=sent, id__gt=pk)
        )
    return requests


def _date(text: str) -> datetime.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def page_of(requests: QuerySet, tab: str, cursor: str = "") -> InboxPage:
    """One page of a tab, seeking past `cursor`."""
    shown = list(_after(requests.in_tab(tab), tab, cursor).for_list()[: PAGE_SIZE + 1])
    more = len(shown) > PAGE_SIZE
    shown = shown[:PAGE_SIZE]
    return InboxPage(
        requests=shown,
        next_cursor=cursor_of(shown[-1], tab) if more else None,
        is_first=not cursor,
    )


def waiting_count(requests: QuerySet) -> int:
    """How many requests wait for an answer, counting at most COUNT_CAP + 1. The other lists
    are history and are not counted."""
    # In the list's own index order, so counting stops at the cap instead of sorting them all.
    return requests.in_tab(InboxTab.TO_DO)[: COUNT_CAP + 1].count()


def count_text(count: int) -> str:
    return f"more than {COUNT_CAP}" if count > COUNT_CAP else f"{count}"
