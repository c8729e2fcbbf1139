"""Keyset (seek) pagination: a page costs the same at any depth and at any size of list.

A page is found by seeking past a row of the page before, not by skipping rows with OFFSET, so the
database reads the page's rows and no others when an index runs in the list's order. The address
names that row by its id alone (`?after=<id>` or `?before=<id>`), never by its sort values, which
may be a name or a date of birth: the row's values are read back through the same scoped queryset,
so a row the viewer may not see cannot be used as an anchor (the list then starts again).

Counts are capped: counting a list stops at `cap` + 1 rows and says "more than 1,000", so no count
grows with the organisation.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, Q, QuerySet, Subquery
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)
from django.http import QueryDict

PAGE_SIZE = 25
COUNT_CAP = 1000
AFTER, BEFORE = "after", "before"


@dataclass(frozen=True)
class KeysetPage:
    """A page of a list and the links around it, shaped like `pagination.PageLinks` for the
    NHS.UK pagination component: `items`, `previous_url`, `next_url` and a `summary` line."""

    items: list[Any]
    previous_url: str | None
    next_url: str | None
    first_url: str | None
    count: int | None
    cap: int

    @property
    def is_first(self) -> bool:
        return self.first_url is None

    @property
    def more_than_cap(self) -> bool:
        return self.count is not None and self.count > self.cap

    @property
    def count_text(self) -> str:
        """The number of rows in words, "more than 1,000" past the cap; empty if not counted."""
        if self.count is None:
            return ""
        if self.more_than_cap:
            return f"more than {self.cap:,}"
        return f"{self.count:,}"

    @property
    def summary(self) -> str:
        if not self.count:
            return ""
        noun = "result" if self.count == 1 else "results"
        return f"{self.count_text.capitalize()} {noun}"


def _direction(name: str) -> tuple[str, bool]:
    return (name[1:], True) if name.startswith("-") else (name, False)


def _seek(order: tuple[str, ...], values: dict[str, Any], *, backwards: bool) -> Q:
    """The rows that come after `values` in `order` (before them when `backwards`).

    When every field runs the same way this is one row comparison, `(a, b, id) > (…)`, which an
    index in the list's order is entered at directly. Otherwise one condition per sort field:
    equal on every field before it and past it on that one, after a bound on the leading fields,
    so that the index is still entered at the anchor rather than scanned from its start.
    """
    directions = {_direction(name)[1] for name in order}
    if len(directions) == 1:
        descending = directions.pop()
        compare = TupleLessThan if descending != backwards else TupleGreaterThan
        fields = [_direction(name)[0] for name in order]
        return Q(compare(Tuple(*(F(field) for field in fields)), tuple(values[f] for f in fields)))
    conditions = []
    for position, name in enumerate(order):
        field, descending = _direction(name)
        later = "lt" if descending != backwards else "gt"
        equal = {
            _direction(earlier)[0]: values[_direction(earlier)[0]] for earlier in order[:position]
        }
        conditions.append(Q(**equal, **{f"{field}__{later}": values[field]}))
    return _bound(order, values, backwards=backwards) & reduce(or_, conditions)


def _bound(order: tuple[str, ...], values: dict[str, Any], *, backwards: bool) -> Q:
    """A bound the index can start from: a row comparison over the leading fields that share
    one direction, so that the seek stays exact when the first field has few values (urgent or
    not), or a plain bound when only the first field leads."""
    first, descending = _direction(order[0])
    run = [first]
    for name in order[1:]:
        field, field_descending = _direction(name)
        if field_descending != descending:
            break
        run.append(field)
    bound = "lte" if descending != backwards else "gte"
    if len(run) == 1:
        return Q(**{f"{first}__{bound}": values[first]})
    compare = TupleLessThanOrEqual if bound == "lte" else TupleGreaterThanOrEqual
    return Q(compare(Tuple(*(F(field) for field in run)), tuple(values[f] for f in run)))


def _reversed(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in order)


def _anchor(queryset: QuerySet, order: tuple[str, ...], text: str | None) -> tuple | None:
    """The row named in the address: a condition that the viewer may see it, and its sort values
    as subqueries, all read by the page's own statement (PostgreSQL runs each once, as an init
    plan), so a later page runs exactly the statements the first page runs. A row the viewer may
    not see fails the condition, so the page is empty and the list starts again.

    The values are read by primary key from the table itself (a lookup the planner settles at
    once); the scoped queryset, whose conditions cost planning time, is asked once, whether the
    row is visible. A field that is not a column of the table (an annotation) is read through the
    scoped queryset instead.
    """
    if not text:
        return None
    try:
        pk = queryset.model._meta.pk.to_python(text)
    except ValidationError:
        return None
    scoped = queryset.order_by().filter(pk=pk)
    table = queryset.model._base_manager.filter(pk=pk)
    columns = {field.attname for field in queryset.model._meta.concrete_fields} | {
        field.name for field in queryset.model._meta.concrete_fields
    }
    values = {
        field: Subquery((table if field in columns else scoped).values(field)[:1])
        for field in (_direction(name)[0] for name in order)
    }
    return Q(Exists(scoped)), values


def _link(query: QueryDict, key: str | None, pk) -> str:
    params = query.copy()
    params.pop(AFTER, None)
    params.pop(BEFORE, None)
    params.pop("page", None)
    if key is not None:
        params[key] = str(pk)
    return "?" + params.urlencode()


def _without_anchor(query: QueryDict) -> QueryDict:
    params = query.copy()
    params.pop(AFTER, None)
    params.pop(BEFORE, None)
    return params


def keyset_page(
    queryset: QuerySet,
    query: QueryDict,
    *,
    order: tuple[str, ...],
    per_page: int = PAGE_SIZE,
    count: bool | int | None = True,
    cap: int = COUNT_CAP,
) -> KeysetPage:
    """The page of `queryset` in `order` that the address asks for.

    `order` names fields or annotations, `-` for descending; none may be null, and the last must
    be unique (usually "id"). `count` True counts the list up to `cap` + 1 rows, an int is a count
    the caller already has, and None shows no count.
    """
    if not order or _direction(order[-1])[0] not in ("id", "pk"):
        raise ValueError("A keyset order must end with the primary key, to be unique.")
    after = _anchor(queryset, order, query.get(AFTER))
    before = None if after is not None else _anchor(queryset, order, query.get(BEFORE))
    if before is not None:
        visible, values = before
        rows = list(
            queryset.filter(visible, _seek(order, values, backwards=True)).order_by(
                *_reversed(order)
            )[: per_page + 1]
        )
        more_before = len(rows) > per_page
        items = rows[:per_page][::-1]
        more_after = True
    else:
        ordered = queryset.order_by(*order)
        if after is not None:
            visible, values = after
            ordered = ordered.filter(visible, _seek(order, values, backwards=False))
        rows = list(ordered[: per_page + 1])
        items = rows[:per_page]
        more_after = len(rows) > per_page
        more_before = after is not None
    anchored = after is not None or before is not None
    if anchored and not items:
        # The anchor is the end of the list now (rows were removed since): start again.
        return keyset_page(
            queryset, _without_anchor(query), order=order, per_page=per_page, count=count, cap=cap
        )
    if count is True:
        total = queryset.order_by()[: cap + 1].count()
    else:
        total = count if count is not False else None
    return KeysetPage(
        items=items,
        previous_url=_link(query, BEFORE, items[0].pk) if more_before and items else None,
        next_url=_link(query, AFTER, items[-1].pk) if more_after and items else None,
        first_url=_link(query, None, None) if anchored else None,
        count=total,
        cap=cap,
    )
