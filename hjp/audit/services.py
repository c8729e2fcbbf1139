"""Appending to the audit trail and checking that it is intact."""

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone

from hjp.audit import context
from hjp.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome
# PostgreSQL's "lock_not_available", raised when lock_timeout expires.
LOCK_NOT_AVAILABLE = "55P03"


class AuditTrailBusy(Exception):
    """The lock that orders the audit trail was not obtained in time: the request that needed it
    is refused whole (its transaction rolls back) rather than left waiting."""


def _locked_head() -> AuditChainHead:
    """The head row, locked until the transaction ends; AuditTrailBusy if another transaction
    holds it for longer than PostgreSQL's lock_timeout (HJP_DATABASE_LOCK_TIMEOUT_MS, set on
    every connection). On SQLite a writer waits for the whole database instead, for the
    connection's timeout, and the "database is locked" error is answered the same way
    (hjp.audit.middleware.BusyMiddleware)."""
    try:
        return _head_for_update()
    except OperationalError as error:
        if is_lock_timeout(error):
            raise AuditTrailBusy from error
        raise


def is_lock_timeout(error: BaseException) -> bool:
    """Whether a database error means a lock was not obtained in time."""
    if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return connection.vendor == "sqlite" and "database is locked" in str(error)


def _head_for_update() -> AuditChainHead:
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


def _new_event(
    actor,
    action: str,
    obj: models.Model | None,
    *,
    person=None,
    outcome: str = Outcome.SUCCESS,
    detail: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """An event with everything but its place in the chain (sequence and hashes).

    Who acted, in which role and for which organisation all come from the actor; a job or the
    public form is named in the event's detail.
    """
    if not hasattr(actor, "organisation_id"):
        raise TypeError(f"audit.record needs an Actor, got {type(actor).__name__}")
    request = context.current()
    detail = dict(detail or {})
    if actor.job:
        detail.setdefault("acting_as", actor.job)
    return AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor.user_id,
        actor_role=actor.role or "",
        organisation_id=actor.organisation_id,
        person_id=person.pk if person is not None else _person_id_of(obj),
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        action=action,
        outcome=outcome,
        request_id=request.request_id,
        client_address=request.client_address,
        detail=detail,
    )


def _chain(events: list[AuditEvent]) -> list[AuditEvent]:
    """Give events their sequence numbers and hashes and write them, under the head row lock.

    The lock is held until the surrounding transaction ends, which keeps sequence numbers
    contiguous and in commit order.
    """
    if not events:
        return events
    with transaction.atomic():
        return _chain_in_transaction(events)


def _chain_in_transaction(events: list[AuditEvent]) -> list[AuditEvent]:
    """`_chain` for a caller that is already in its transaction and fails with it as a whole."""
    if not events:
        return events
    head = _locked_head()
    sequence, previous = head.sequence, head.hash
    for event in events:
        sequence += 1
        event.sequence, event.previous_hash = sequence, previous
        event.hash = previous = event.compute_hash()
    AuditEvent.objects.bulk_create(events)
    head.sequence, head.hash = sequence, previous
    head.save(update_fields=["sequence", "hash"])
    return events


def _pending() -> list[AuditEvent] | None:
    return getattr(connection, "_hjp_pending_audit", None)


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    pending = _pending()
    if pending is not None:
        pending.extend(events)
        return events
    return _chain(events)


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
    """Append one event in the transaction of the change it records.

    Outside a service it is written at once (a read is not served if this fails); inside a
    service (`audited_atomic`) it is chained with the service's other events at its end.
    """
    event = _new_event(
        actor,
        action,
        obj,
        person=person,
        outcome=outcome,
        detail=detail,
        object_type=object_type,
        object_id=object_id,
    )
    return _append([event])[0]


def record_many(actor, action: str, objects, *, detail: dict | None = None) -> list[AuditEvent]:
    """Append one event per object with a fixed number of queries (for list pages)."""
    return _append([_new_event(actor, action, obj, detail=detail) for obj in objects])


def audited_atomic(function):
    """Run a service in a transaction whose audit events are chained in one step at its end.

    Chaining takes the one lock that orders the trail; taking it last, just before commit,
    keeps every other transaction waiting for it only as long as the commit takes.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        pending = _pending()
        if pending is not None:
            # Nested: the outer service chains. No savepoint: a nested service that fails fails
            # the outer one too (Django refuses further queries until it rolls back), so nothing
            # is half-written and no statement is spent on savepoints.
            mark = len(pending)
            with transaction.atomic(savepoint=False):
                try:
                    return function(*args, **kwargs)
                except BaseException:
                    del pending[mark:]
                    raise
        with transaction.atomic():
            connection._hjp_pending_audit = []
            try:
                result = function(*args, **kwargs)
                _chain_in_transaction(connection._hjp_pending_audit)
            finally:
                connection._hjp_pending_audit = None
            return result

    return wrapper


NOT_THE_EVENT_LAST_WRITTEN = "its hash is not the one recorded when the last event was written"


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
    if head is not None and head.sequence != checked:
        return checked, ChainBreak(
            checked + 1, f"the trail ends at #{checked} but #{head.sequence} was written"
        )
    if head is not None and head.hash != previous_hash:
        # The newest event checks out on its own, but it is not the one the head row recorded.
        newest = max(checked, 1)
        return newest - 1, ChainBreak(newest, NOT_THE_EVENT_LAST_WRITTEN)
    return checked, None
