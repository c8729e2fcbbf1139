"""Read-only counts of consultations, for the partnership's reports."""

import datetime
from statistics import median

from django.db.models import Count, Sum
from django.utils import timezone

from hjp.consultations.models import Consultation
from hjp.consultations.status import Kind, Outcome
from hjp.core.working_days import working_days_between

# From the asking organisation's kind to the kind of the organisation asked.
DIRECTIONS = {
    ("health", "advice"): "health_to_advice",
    ("advice", "health"): "advice_to_health",
}
OTHER_DIRECTION = "other"


def consultations_summary(*, partnership, start: datetime.date, end: datetime.date) -> dict:
    """Consultations of the partnership asked from `start` to `end` (inclusive): how many each
    way and of each kind, their outcomes, the median working days to a first response, how
    many were answered within the partnership's target, and the minutes the teams asked spent.
    """
    asked = Consultation.objects.filter(
        partnership=partnership, created_at__date__gte=start, created_at__date__lte=end
    )
    by_direction = {direction: 0 for direction in [*DIRECTIONS.values(), OTHER_DIRECTION]}
    for row in asked.values("from_organisation__kind", "to_organisation__kind").annotate(
        n=Count("pk")
    ):
        key = (row["from_organisation__kind"], row["to_organisation__kind"])
        by_direction[DIRECTIONS.get(key, OTHER_DIRECTION)] += row["n"]
    by_kind = {kind.value: 0 for kind in Kind}
    by_kind.update(dict(asked.values_list("kind").annotate(n=Count("pk")).order_by()))
    by_outcome = {outcome.value: 0 for outcome in Outcome}
    by_outcome.update(
        dict(asked.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).order_by())
    )
    responses = list(
        asked.filter(first_response_at__isnull=False).values_list(
            "created_at", "first_response_at", "respond_by"
        )
    )
    days = [working_days_between(asked_at, answered_at) for asked_at, answered_at, _ in responses]
    within = sum(
        1 for _, answered_at, due in responses if timezone.localtime(answered_at).date() <= due
    )
    return {
        "total": asked.count(),
        "by_direction": by_direction,
        "by_kind": by_kind,
        "by_outcome": by_outcome,
        "open": asked.open().count(),
        "overdue": asked.overdue(timezone.localdate()).count(),
        "answered": len(responses),
        "answered_within_target": within,
        "median_working_days_to_first_response": median(days) if days else None,
        "responder_minutes": asked.aggregate(total=Sum("responder_minutes"))["total"] or 0,
    }
