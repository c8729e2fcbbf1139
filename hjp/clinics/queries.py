"""Read-only questions about clinics that other apps ask (the directory shows capacity)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from hjp.clinics.models import Booking, ClinicSession, ClinicSlot


def free_slots(*, service_ids, within_days: int = 28, sites=None, now=None):
    """Free, future slots of the services' scheduled sessions in the next `within_days` days,
    earliest first."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    taken = Booking.objects.holding_slots().filter(slot=OuterRef("pk"))
    sessions = (
        ClinicSession.objects.scheduled()
        .between(today, today + datetime.timedelta(days=within_days))
        .filter(service_id__in=list(service_ids))
    )
    if sites is not None:
        sessions = sessions.filter(site__in=sites)
    slots = (
        ClinicSlot.objects.filter(session__in=sessions)
        .exclude(Exists(taken))
        .select_related("session__site", "session__service")
        .order_by("session__date", "session__start_time", "position")
    )
    return [slot for slot in slots if slot.starts_at > now]


def free_slots_by_service(service_ids, *, within_days: int = 28) -> dict:
    """How many clinic appointments each service has free in the next `within_days` days: 0 for
    a service whose clinics are full, absent for one with no clinic in that time."""
    now = timezone.now()
    today = timezone.localtime(now).date()
    counts = dict.fromkeys(
        ClinicSession.objects.scheduled()
        .between(today, today + datetime.timedelta(days=within_days))
        .filter(service_id__in=list(service_ids))
        .values_list("service_id", flat=True)
        .distinct(),
        0,
    )
    for slot in free_slots(service_ids=service_ids, within_days=within_days, now=now):
        counts[slot.session.service_id] += 1
    return counts


def taken_slot_ids(session: ClinicSession) -> set:
    """The session's slots held by a booking, whoever may see it."""
    return set(
        Booking.objects.holding_slots()
        .filter(slot__session=session)
        .values_list("slot_id", flat=True)
    )
