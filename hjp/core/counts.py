"""Counts that stop at a cap, for tabs and list headings that must cost the same at any size."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from hjp.core.keyset import COUNT_CAP


def capped_counts(querysets: dict[str, QuerySet], *, cap: int = COUNT_CAP) -> dict[str, int]:
    """How many rows each queryset holds, up to `cap` + 1 ("more than `cap`"), in one statement.

    Each count reads at most `cap` + 1 rows, so a page showing several tabs' counts costs the
    same for an organisation with a million rows as for one with a thousand; one statement keeps
    the number of round trips the same whatever the number of tabs.
    """
    if not querysets:
        return {}
    using = next(iter(querysets.values())).db
    parts, params, empty = [], [], set()
    for position, (name, queryset) in enumerate(querysets.items()):
        # Counted in the queryset's own order, so that the database walks the list's index
        # (the same rows the page reads) rather than whatever it guesses is quickest.
        limited = queryset.values("pk")[: cap + 1]
        try:
            sql, part_params = limited.query.get_compiler(using).as_sql()
        except EmptyResultSet:
            empty.add(name)
            parts.append("0")
            continue
        # The SQL is what Django compiled for the queryset; values stay in params.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{position})")  # noqa: S608
        params.extend(part_params)
    if len(empty) == len(querysets):
        return dict.fromkeys(querysets, 0)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(count) for name, count in zip(querysets, row, strict=True)}


def count_text(count: int, cap: int = COUNT_CAP) -> str:
    """A capped count in words, "more than 1,000" past the cap, as `KeysetPage.count_text`."""
    return f"more than {cap:,}" if count > cap else f"{count:,}"
