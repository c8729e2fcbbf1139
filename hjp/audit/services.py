"""Appending to the audit trail and checking that it is intact."""

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.signing import Signer
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from hjp.audit import context
from hjp.audit.models import (
    CHAIN_COUNT,
    GENESIS_HASH,
    HASHED_COLUMNS,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    AuditSubject,
    event_hash,
)

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome
# PostgreSQL's "lock_not_available", raised when lock_timeout expires.
LOCK_NOT_AVAILABLE = "55P03"


class AuditTrailBusy(Exception):
    """The lock that orders the audit trail was not obtained in time: the request that needed it
    is refused whole (its transaction rolls back) rather than left waiting."""


def _locked_head() -> AuditChainHead:
    """A chain's head row that no other transaction holds, locked until the transaction ends.

    PostgreSQL skips the rows other transactions hold (`SKIP LOCKED`), so an append never waits
    for another: the lowest free chain is taken, and chains past the first are used only while
    others are busy. Only if every chain of the pool is held does it wait for one, and then no
    longer than lock_timeout (HJP_DATABASE_LOCK_TIMEOUT_MS, set on every connection), after which
    AuditTrailBusy refuses the request whole. On SQLite a writer holds the whole database anyway,
    so chain 1 is always free; its "database is locked" error is answered the same way
    (hjp.audit.middleware.BusyMiddleware).
    """
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
    free = AuditChainHead.objects.select_for_update(skip_locked=True).order_by("id").first()
    if free is not None:
        return free
    if not AuditChainHead.objects.exists():
        _create_heads()
        return _head_for_update()
    # Every chain is held: wait for one, bounded by lock_timeout.
    return AuditChainHead.objects.select_for_update().order_by("?").first()


def _create_heads() -> None:
    """The pool's head rows (the migration makes them; a database emptied by tests does not)."""
    for chain in range(1, CHAIN_COUNT + 1):
        try:
            with transaction.atomic():
                AuditChainHead.objects.get_or_create(pk=chain)
        except IntegrityError:
            pass


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
        event.chain, event.sequence, event.previous_hash = head.pk, sequence, previous
        event.hash = previous = event.compute_hash()
    AuditEvent.objects.bulk_create(events)
    subjects = [
        AuditSubject(event_id=event.pk, **subject)
        for event in events
        for subject in getattr(event, "_subjects", ())
    ]
    if subjects:
        AuditSubject.objects.bulk_create(subjects)
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
    """Append one event for a list page, naming every object shown, with a fixed number of queries.

    The event's detail lists the objects' ids and their people's ids in the order shown (under
    the hash), and one `AuditSubject` row per object lets "who accessed this record" find the
    page from the person. A page showing objects of more than one kind writes one event per kind.
    An empty page shows nobody and writes nothing.
    """
    by_type: dict[str, list[models.Model]] = {}
    for obj in objects:
        by_type.setdefault(obj._meta.label_lower, []).append(obj)
    events = []
    for object_type, shown in by_type.items():
        ids = [str(obj.pk) for obj in shown]
        people = [_person_id_of(obj) for obj in shown]
        page_detail = {
            **(detail or {}),
            "shown": ids,
            "people": [str(person) if person else None for person in people],
        }
        event = _new_event(
            actor, action, None, detail=page_detail, object_type=object_type, object_id=""
        )
        event._subjects = [
            {"object_type": object_type, "object_id": object_id, "person_id": person}
            for object_id, person in zip(ids, people, strict=True)
        ]
        events.append(event)
    return _append(events)


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
CHECKPOINT_SALT = "hjp.audit.checkpoint"


@dataclass(frozen=True)
class ChainBreak:
    """The first place the trail does not add up: an event of a chain, or a checkpoint."""

    sequence: int
    reason: str
    chain: int = 1
    checkpoint: int | None = None

    @property
    def where(self) -> str:
        if self.checkpoint is not None:
            return f"checkpoint {self.checkpoint}"
        return f"event #{self.sequence} of chain {self.chain}"


@dataclass(frozen=True)
class Verification:
    """What a check found: how many events checked out, the first break, and the heads it
    checked up to (for the checkpoint it leaves)."""

    checked: int
    broken: ChainBreak | None
    heads: dict[int, tuple[int, str]]
    since: "AuditCheckpoint | None" = None


def _rows(chain_after: dict[int, int] | None, chunk_size: int) -> Iterator[tuple]:
    """(chain, hash, the hashed columns...), each chain's events in sequence order.

    The whole trail is read in the order it was written (the id), which is the order of the
    table itself: reading chain by chain would visit every page of the table once per chain, as
    the chains' events lie interleaved. Within a chain the id runs with the sequence, because a
    transaction holds its chain from before its events are inserted until it commits. With
    `chain_after`, only each chain's events after the given sequence (one index range per chain).
    Values, not model instances: the check spends its time hashing, not building objects.
    """
    if connection.vendor == "postgresql":
        yield from _postgresql_rows(chain_after, chunk_size)
        return
    columns = ("chain", "hash", *HASHED_COLUMNS)
    events = AuditEvent.objects.order_by("chain", "sequence")
    if chain_after is None:
        yield from (
            AuditEvent.objects.order_by("id").values_list(*columns).iterator(chunk_size=chunk_size)
        )
        return
    for chain, after in sorted(chain_after.items()):
        yield from (
            events.filter(chain=chain, sequence__gt=after)
            .values_list(*columns)
            .iterator(chunk_size=chunk_size)
        )


def _postgresql_rows(chain_after: dict[int, int] | None, chunk_size: int) -> Iterator[tuple]:
    """As `_rows`, straight from a server-side cursor: ids as text and the detail as its JSON
    text (decoded by the walk), so no value is converted twice."""
    quote = connection.ops.quote_name
    as_text = {"actor_id", "organisation_id", "person_id"}

    def column(name: str) -> str:
        quoted = quote(AuditEvent._meta.get_field(name).column)
        if name == "occurred_at":
            # As datetime.isoformat() writes a UTC moment: microseconds only when there are some.
            return (
                f"to_char({quoted} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                f" || CASE WHEN date_part('microseconds', {quoted})::int %% 1000000 = 0"
                f" THEN '' ELSE to_char({quoted} AT TIME ZONE 'UTC', '.US') END || '+00:00'"
            )
        return f"{quoted}::text" if name in as_text else quoted

    selected = ", ".join(column(name) for name in ("chain", "hash", *HASHED_COLUMNS))
    query = f"SELECT {selected} FROM {quote(AuditEvent._meta.db_table)}"  # noqa: S608 (column and table names from the model)
    ranges = (
        [("ORDER BY id", [])]
        if chain_after is None
        else [
            ("WHERE chain = %s AND sequence > %s ORDER BY chain, sequence", [chain, after])
            for chain, after in sorted(chain_after.items())
        ]
    )
    for where, params in ranges:
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"{query} {where}", params)
            while rows := cursor.fetchmany(chunk_size):
                yield from rows


def _walk(
    rows: Iterator[tuple], start: dict[int, tuple[int, str]], heads: dict[int, tuple[int, str]]
) -> tuple[int, ChainBreak | None]:
    """Check each chain from its start (sequence and hash) to its head, keeping where each
    chain has got to (32 pairs: the memory is the same for any length of trail)."""
    checked = 0
    ended: dict[int, tuple[int, str]] = {}
    loads = json.loads
    for chain, stored_hash, *hashed in rows:
        sequence, previous_hash = hashed[0], hashed[-1]
        if hashed[12].__class__ is str:  # the detail as JSON text (PostgreSQL)
            hashed[12] = loads(hashed[12])
        reached = ended.get(chain)
        if reached is None:
            if chain not in heads:
                return checked, ChainBreak(sequence, "its chain has no head row", chain=chain)
            reached = start.get(chain, (0, GENESIS_HASH))
        last, previous = reached
        if sequence != last + 1:
            return checked, ChainBreak(
                last + 1, f"event #{last + 1} is missing (next is #{sequence})", chain=chain
            )
        if previous_hash != previous:
            return checked, ChainBreak(sequence, "does not follow the event before it", chain=chain)
        if event_hash(*hashed) != stored_hash:
            return checked, ChainBreak(
                sequence, "its content was altered after it was written", chain=chain
            )
        ended[chain] = (sequence, stored_hash)
        checked += 1
    for chain, (head_sequence, head_hash) in sorted(heads.items()):
        last, last_hash = ended.get(chain, start.get(chain, (0, GENESIS_HASH)))
        if head_sequence != last:
            return checked, ChainBreak(
                last + 1, f"the chain ends at #{last} but #{head_sequence} was written", chain=chain
            )
        if head_hash != last_hash:
            # The newest event checks out on its own, but it is not the one the head recorded.
            return max(checked - 1, 0), ChainBreak(
                max(last, 1), NOT_THE_EVENT_LAST_WRITTEN, chain=chain
            )
    return checked, None


def _snapshot_heads() -> dict[int, tuple[int, str]]:
    return {
        pk: (sequence, hash_)
        for pk, sequence, hash_ in AuditChainHead.objects.values_list("pk", "sequence", "hash")
    }


def _missing_heads(heads: dict[int, tuple[int, str]]) -> ChainBreak | None:
    """Every chain of the pool has its head row (an empty database may have none yet)."""
    if not heads:
        return None
    for chain in range(1, CHAIN_COUNT + 1):
        if chain not in heads:
            return ChainBreak(0, "its head row is missing", chain=chain)
    return None


@contextmanager
def _one_snapshot():
    """A transaction whose reads all see the trail as it was when it began, so events appended
    while the check runs neither count nor look like a break (PostgreSQL: REPEATABLE READ)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _signer() -> Signer:
    key = getattr(settings, "HJP_AUDIT_CHECKPOINT_KEY", "") or settings.SECRET_KEY
    return Signer(key=key, salt=CHECKPOINT_SALT)


def _checkpoint_text(heads: dict, events: int) -> str:
    return json.dumps(
        {
            "heads": {str(chain): list(head) for chain, head in sorted(heads.items())},
            "events": events,
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def _checkpoint_heads(checkpoint: AuditCheckpoint) -> dict[int, tuple[int, str]]:
    return {int(chain): (int(head[0]), head[1]) for chain, head in checkpoint.heads.items()}


def _signature_holds(checkpoint: AuditCheckpoint) -> bool:
    expected = _signer().signature(
        _checkpoint_text(_checkpoint_heads(checkpoint), checkpoint.events)
    )
    return constant_time_compare(expected, checkpoint.signature)


def verify(*, incremental: bool = False, chunk_size: int = 5000) -> Verification:
    """Check the trail: every chain from its first event, or, `incremental`, from the newest
    checkpoint whose signature holds (each chain's event there must still be the one signed)."""
    checkpoint = AuditCheckpoint.objects.order_by("-id").first() if incremental else None
    with _one_snapshot():
        heads = _snapshot_heads()
        missing = _missing_heads(heads)
        if missing is not None:
            return Verification(0, missing, heads)
        if checkpoint is None:
            checked, broken = _walk(_rows(None, chunk_size), {}, heads)
            return Verification(checked, broken, heads)
        if not _signature_holds(checkpoint):
            return Verification(
                0,
                ChainBreak(
                    0,
                    "its signature does not match what it records: it was altered or forged",
                    checkpoint=checkpoint.pk,
                ),
                heads,
                checkpoint,
            )
        start = _checkpoint_heads(checkpoint)
        for chain, (sequence, signed_hash) in sorted(start.items()):
            if chain not in heads:
                return Verification(
                    checkpoint.events,
                    ChainBreak(0, "its head row is missing", chain=chain),
                    heads,
                    checkpoint,
                )
            if (
                sequence
                and not AuditEvent.objects.filter(
                    chain=chain, sequence=sequence, hash=signed_hash
                ).exists()
            ):
                return Verification(
                    checkpoint.events,
                    ChainBreak(
                        sequence,
                        f"it is not the event checkpoint {checkpoint.pk} signed",
                        chain=chain,
                    ),
                    heads,
                    checkpoint,
                )
        after = {chain: start.get(chain, (0, GENESIS_HASH))[0] for chain in heads}
        checked, broken = _walk(_rows(after, chunk_size), start, heads)
        return Verification(checkpoint.events + checked, broken, heads, checkpoint)


def write_checkpoint(verification: Verification) -> AuditCheckpoint | None:
    """Sign where every chain stood when the check passed, for the next incremental check."""
    if verification.broken is not None or not verification.heads:
        return None
    return AuditCheckpoint.objects.create(
        created_at=timezone.now(),
        heads={str(chain): list(head) for chain, head in sorted(verification.heads.items())},
        events=verification.checked,
        signature=_signer().signature(_checkpoint_text(verification.heads, verification.checked)),
    )


def find_first_break() -> tuple[int, ChainBreak | None]:
    """Walk the whole trail; return how many events were checked and the first break, if any."""
    result = verify()
    return result.checked, result.broken
