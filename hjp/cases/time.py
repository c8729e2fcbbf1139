"""Time recorded on casework, read-only: notes, attended appointments and document work, added up
per case, per adviser and per service (funders ask for hours per case).

A note entered in error counts for nothing; an appointment counts only when it was attended.
Notes count on their activity date, appointments on their day, documents on the day they were
uploaded.
"""

import datetime

from django.db.models import Sum
from django.utils import timezone

from hjp.cases.models import Appointment, Case, CaseDocument, CaseNote


def _total(queryset, field: str = "minutes") -> int:
    return queryset.aggregate(total=Sum(field))["total"] or 0


def minutes_for_case(case: Case) -> int:
    """All the time recorded on one case."""
    return (
        _total(CaseNote.objects.filter(case=case, entered_in_error=False))
        + _total(Appointment.objects.filter(case=case, attendance=Appointment.Attendance.ATTENDED))
        + _total(CaseDocument.objects.filter(case=case))
    )


def _day_range(field: str, start: datetime.date, end: datetime.date) -> dict:
    """A filter for a date-time field over whole local days from `start` to `end`."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return {f"{field}__gte": first, f"{field}__lt": after}


def minutes_by_adviser(organisation_id, start: datetime.date, end: datetime.date) -> dict:
    """Minutes recorded by each member of staff on the organisation's cases, both days included."""
    totals: dict = {}

    def add(rows, who: str) -> None:
        for row in rows:
            if row[who] is not None:
                totals[row[who]] = totals.get(row[who], 0) + (row["total"] or 0)

    add(
        CaseNote.objects.filter(
            case__organisation_id=organisation_id,
            entered_in_error=False,
            activity_date__gte=start,
            activity_date__lte=end,
        )
        .values("author")
        .annotate(total=Sum("minutes")),
        "author",
    )
    add(
        Appointment.objects.filter(
            case__organisation_id=organisation_id,
            attendance=Appointment.Attendance.ATTENDED,
            **_day_range("starts_at", start, end),
        )
        .values("adviser")
        .annotate(total=Sum("minutes")),
        "adviser",
    )
    add(
        CaseDocument.objects.filter(
            case__organisation_id=organisation_id, **_day_range("created_at", start, end)
        )
        .values("uploaded_by")
        .annotate(total=Sum("minutes")),
        "uploaded_by",
    )
    return totals


def minutes_for_service(organisation_id, start: datetime.date, end: datetime.date) -> int:
    """All the time recorded on the organisation's cases, both days included."""
    return sum(minutes_by_adviser(organisation_id, start, end).values())
