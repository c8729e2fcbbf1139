"""The daily clock of evidence requests (`manage.py run_evidence_clock`): reminders to the
health team before a request falls due, and expiry of requests still unanswered ten working
days after it."""

import datetime

from django.db import transaction
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.core.working_days import working_days_between
from hjp.evidence import tasks
from hjp.evidence.models import EvidenceEvent, EvidenceRequest
from hjp.evidence.services._common import append_event, locked, move
from hjp.evidence.status import AWAITING_ANSWER, Status

JOB = "run_evidence_clock"
# Working days before the due date at which the health team is reminded, most distant first.
REMINDER_STAGES = [(5, "five_days"), (1, "one_day")]


def reminder_stage(due: datetime.date, today: datetime.date) -> str | None:
    """The most urgent reminder a request due on `due` has reached on `today`, if any."""
    if due < today:
        return None
    left = working_days_between(today, due)
    reached = None
    for days, stage in REMINDER_STAGES:
        if left <= days:
            reached = stage
    return reached


def expire_requests(today: datetime.date | None = None) -> int:
    """Expire every request unanswered ten working days after its due date; one transaction
    each, so one failure stops only itself."""
    today = today or timezone.localdate()
    expired = 0
    for request_id in EvidenceRequest.objects.due_for_expiry(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = locked(EvidenceRequest(pk=request_id))
            if request.status not in (Status.SENT, Status.ACKNOWLEDGED):
                continue
            move(
                request,
                by=Actor.system(request.from_organisation, job=JOB),
                target=Status.EXPIRED,
                event_kind=EvidenceEvent.Kind.EXPIRED,
                note="Not answered within ten working days of the date it was due",
            )
            tasks.notify_adviser.enqueue(request_id=str(request.pk))
            expired += 1
    return expired


def send_reminders(today: datetime.date | None = None) -> int:
    """Send each request awaiting an answer the reminder it has reached, once per stage."""
    today = today or timezone.localdate()
    sent = 0
    waiting = EvidenceRequest.objects.filter(
        status__in=AWAITING_ANSWER, due_on__gte=today
    ).select_related("to_organisation", "to_clinician")
    for request in waiting.order_by("due_on", "id"):
        stage = reminder_stage(request.due_on, today)
        if stage is None or stage == request.reminded:
            continue
        with transaction.atomic():
            request = locked(request)
            if request.reminded == stage:
                continue
            request.reminded = stage
            request.save(update_fields=["reminded", "updated_at"])
            actor = Actor.system(request.to_organisation, job=JOB)
            append_event(request, by=actor, kind=EvidenceEvent.Kind.REMINDED, note=stage)
            tasks.send_reminder(request, stage=stage)
            sent += 1
    return sent
