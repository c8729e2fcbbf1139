"""Appending to the audit trail and checking that it is intact."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hjp.audit import context
from hjp.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome


def _locked_head() -> AuditChainHead:
    try:
        return AuditChainHead.objects.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                return AuditChainHead.objects.create(pk=1)
        except IntegrityError:
            return AuditChainHead.objects.select_for_update().get(pk=1)


def _person_id_of(obj: models.Model | None):
    if obj is None:
        return None
    if obj._meta.label_lower == "people.person":
        return obj.pk
    return getattr(obj, "person_id", None)


@transaction.atomic
def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    person=None,
    outcome: str = Outcome.SUCCESS,
    detail: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event; callers run it inside the transaction of the change it records."""
    from hjp.accounts.membership import current_membership

    authenticated = actor is not None and actor.is_authenticated
    membership = current_membership(actor) if authenticated else None
    request = context.current()
    head = _locked_head()
    event = AuditEvent(
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_role=membership.role if membership else "",
        organisation_id=membership.organisation_id if membership else None,
        person_id=person.pk if person is not None else _person_id_of(obj),
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        action=action,
        outcome=outcome,
        request_id=request.request_id,
        client_address=request.client_address,
        detail=detail or {},
        previous_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


@transaction.atomic
def record_many(actor, action: str, objects, *, detail: dict | None = None) -> list[AuditEvent]:
    """Append one event per object with a fixed number of queries (for list pages)."""
    from hjp.accounts.membership import current_membership

    objects = list(objects)
    if not objects:
        return []
    authenticated = actor is not None and actor.is_authenticated
    membership = current_membership(actor) if authenticated else None
    request = context.current()
    head = _locked_head()
    now, previous, sequence, events = timezone.now(), head.hash, head.sequence, []
    for obj in objects:
        sequence += 1
        event = AuditEvent(
            sequence=sequence,
            occurred_at=now,
            actor=actor if authenticated else None,
            actor_role=membership.role if membership else "",
            organisation_id=membership.organisation_id if membership else None,
            person_id=_person_id_of(obj),
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            action=action,
            outcome=Outcome.SUCCESS,
            request_id=request.request_id,
            client_address=request.client_address,
            detail=detail or {},
            previous_hash=previous,
        )
        event.hash = previous = event.compute_hash()
        events.append(event)
    AuditEvent.objects.bulk_create(events)
    head.sequence, head.hash = sequence, previous
    head.save(update_fields=["sequence", "hash"])
    return events


@dataclass(frozen=True)
class ChainBreak:
    """The first place the trail does not add up."""

    sequence: int
    reason: str


def _events_in_order(chunk_size: int = 2000) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size)


def find_first_break() -> tuple[int, ChainBreak | None]:
    """Walk the whole trail; return how many events were checked and the first break, if any."""
    expected_sequence, previous_hash, checked = 1, GENESIS_HASH, 0
    for event in _events_in_order():
        if event.sequence != expected_sequence:
            return checked, ChainBreak(
                expected_sequence,
                f"event #{expected_sequence} is missing (next is #{event.sequence})",
            )
        if event.previous_hash != previous_hash:
            return checked, ChainBreak(event.sequence, "does not follow the event before it")
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(
                event.sequence, "its content was altered after it was written"
            )
        expected_sequence, previous_hash, checked = event.sequence + 1, event.hash, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != checked or head.hash != previous_hash):
        return checked, ChainBreak(
            checked + 1, f"the trail ends at #{checked} but #{head.sequence} was written"
        )
    return checked, None
