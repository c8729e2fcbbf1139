"""The audit benchmark's Django steps for `verify_audit`, each in a process of its own so that its
peak memory can be read (`python -m bench._audit_chain OUT.json ACTION [ARGS]`):

- `seed N`: append valid chained events until the trail holds N, continuing from the head row:
  each event's hash is the model's own `compute_hash()`, the rows go in with multi-row INSERTs
  (`bulk_create`, 5,000 a statement), and the head row is moved to the last one.
- `reference`: the plain-Python reference: the events already in memory (read 100,000 at a time,
  not timed, with `detail` already parsed), and for each the payload of `compute_hash` built by
  hand, dumped as canonical JSON and hashed with SHA-256, compared with the stored hash.
- `verify [OPTIONS]`: `verify_audit` itself through `call_command`: wall time, this process's
  CPU and its PostgreSQL backend's (from /proc), and whether the trail was found intact.
- `baseline`: Django set up and nothing else, for the memory a process needs before any command.

The parent reads each child's peak memory (ru_maxrss) from `os.wait4`.
"""

import datetime
import hashlib
import json
import os
import sys
import time
import uuid
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hjp.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
BATCH = 5_000
READ = 100_000


def backend_cpu_ms() -> float:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def _actors() -> tuple[list, list]:
    """A few users and organisations for the events to name (they are foreign keys)."""
    from hjp.accounts.models import User
    from hjp.partnerships.models import Organisation

    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:3])
    if not organisations:
        organisations = [
            Organisation.objects.create(
                name=f"Audit Bench {n}", kind=Organisation.Kind.ADVICE, charity_number=str(n)
            ).pk
            for n in range(3)
        ]
    users = list(User.objects.order_by("pk").values_list("pk", flat=True)[:5])
    if not users:
        users = [
            User.objects.create(email=f"audit{n}.bench@example.org", full_name=f"Audit {n}").pk
            for n in range(5)
        ]
    return users, organisations


def _chains() -> int:
    """How many chains the trail is a pool of (one before the pool was introduced)."""
    from hjp.audit import models as audit_models

    if not any(field.name == "chain" for field in AuditEvent._meta.concrete_fields):
        return 1
    return getattr(audit_models, "CHAIN_COUNT", 1)


def seed(target: int) -> dict:
    """Events until the trail holds `target`, dealt in turn to every chain of the pool, each
    chain continued from its head row; how many were added and how long it took."""
    started = time.perf_counter()
    users, organisations = _actors()
    chains = _chains()
    heads = {}
    for number in range(1, chains + 1):
        head, _ = AuditChainHead.objects.get_or_create(pk=number)
        heads[number] = [head.sequence, head.hash or GENESIS_HASH]
    total = sum(sequence for sequence, _ in heads.values())
    moment = timezone.now() - datetime.timedelta(days=365)
    added = 0
    while total < target:
        events = []
        for _ in range(min(BATCH, target - total)):
            total += 1
            chain = total % chains + 1
            heads[chain][0] += 1
            sequence, previous = heads[chain]
            person = uuid.UUID(int=total * 2654435761 % (1 << 128))
            many = total % 10 == 0  # a list page: one event naming the rows shown
            event = AuditEvent(
                sequence=sequence,
                occurred_at=moment + datetime.timedelta(milliseconds=30 * total),
                actor_id=users[total % len(users)],
                actor_role="adviser",
                organisation_id=organisations[total % len(organisations)],
                person_id=None if many else person,
                object_type="people.person",
                object_id="" if many else str(person),
                action="search" if many else "view",
                outcome="success",
                request_id=str(uuid.UUID(int=total)),
                client_address="127.0.0.1",
                detail={"shown": [str(uuid.UUID(int=total + n)) for n in range(25)]}
                if many
                else {},
                previous_hash=previous,
            )
            if chains > 1:
                event.chain = chain
            event.hash = heads[chain][1] = event.compute_hash()
            events.append(event)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events, batch_size=BATCH)
            for number, (sequence, last_hash) in heads.items():
                AuditChainHead.objects.filter(pk=number).update(sequence=sequence, hash=last_hash)
        added += len(events)
    return {
        "events": total,
        "added": added,
        "chains": chains,
        "seconds": time.perf_counter() - started,
    }


def _payload_hash(row: tuple) -> str:
    """The canonical JSON of `AuditEvent.compute_hash`, built by hand from a row, hashed."""
    (sequence, occurred_at, actor, role, organisation, person, object_type, object_id, action,
     outcome, request_id, client_address, detail, previous_hash, _) = row  # fmt: skip
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at
        if isinstance(occurred_at, str)
        else occurred_at.astimezone(datetime.UTC).isoformat(),
        "actor": str(actor) if actor else None,
        "actor_role": role,
        "organisation": str(organisation) if organisation else None,
        "person": str(person) if person else None,
        "object_type": object_type,
        "object_id": object_id,
        "action": action,
        "outcome": outcome,
        "request_id": request_id,
        "client_address": client_address,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def reference() -> dict:
    # The moment as isoformat() writes it in UTC, made by PostgreSQL (untimed, like the rest of
    # reading): the loop then only builds the payload, encodes it and hashes it.
    moment = (
        "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        "|| CASE WHEN date_part('microseconds', occurred_at)::int %% 1000000 = 0 "
        "THEN '' ELSE to_char(occurred_at AT TIME ZONE 'UTC', '.US') END || '+00:00'"
    )
    columns = (
        f"sequence, {moment}, actor_id, actor_role, organisation_id, person_id, object_type, "
        "object_id, action, outcome, request_id, client_address, detail, previous_hash, hash"
    )
    wall = cpu = 0.0
    checked = mismatched = 0
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {columns} FROM audit_auditevent WHERE id > %s ORDER BY id LIMIT %s",
                [last, READ],
            )
            fetched = cursor.fetchall()
        if not fetched:
            break
        last = fetched[-1][0]
        rows = [
            (*row[1:13], json.loads(row[13]) if isinstance(row[13], str) else row[13], *row[14:])
            for row in fetched
        ]
        del fetched
        started, cpu_started = time.perf_counter(), time.process_time()
        for row in rows:
            if _payload_hash(row) != row[14]:
                mismatched += 1
        wall += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        checked += len(rows)
        del rows
    return {
        "events": checked,
        "mismatched": mismatched,
        "wall_ms": wall * 1000,
        "cpu_ms": cpu * 1000,
        "postgresql_cpu_ms": 0.0,
    }


def verify(options: list[str]) -> dict:
    postgres = backend_cpu_ms()
    started, cpu_started = time.perf_counter(), time.process_time()
    output, error = "", ""
    try:
        import io

        out = io.StringIO()
        call_command("verify_audit", *options, stdout=out, stderr=out)
        output = out.getvalue().strip()
    except CommandError as failure:
        error = str(failure)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return {
        "options": options,
        "wall_ms": wall * 1000,
        "cpu_ms": cpu * 1000,
        "postgresql_cpu_ms": backend_cpu_ms() - postgres,
        "intact": not error,
        "output": (error or output)[:500],
    }


def main() -> None:
    out, action, arguments = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    if action == "seed":
        result = seed(int(arguments[0]))
    elif action == "reference":
        result = reference()
    elif action == "verify":
        result = verify(arguments)
    elif action == "baseline":
        connection.ensure_connection()
        result = {}
    else:
        raise SystemExit(f"unknown action {action}")
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
