"""Every hashed column is covered by the hash, the links cannot be re-forged, and the newest event
is checked against the head row: an attacker with SQL access is named at the event they touched."""

import datetime
import hashlib
import uuid
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hjp.audit import context
from hjp.audit import services as audit
from hjp.audit.models import CHAIN_COUNT, GENESIS_HASH, AuditChainHead, AuditEvent
from hjp.factories import PersonFactory, actor_for

TRAIL_LENGTH = 5
TAMPERED = 3
ALTERED = "its content was altered after it was written"
DOES_NOT_FOLLOW = "does not follow the event before it"


@pytest.fixture
def trail(world, referrer):
    """Five views of a person from one address, so that every hashed column holds a value."""
    person = PersonFactory()  # made directly, so the trail holds only the five views
    token = context.activate(
        context.RequestContext(request_id=str(uuid.uuid4()), client_address="192.0.2.10")
    )
    try:
        return [
            audit.record(actor_for(referrer), audit.Action.VIEW, person, detail={"n": n})
            for n in range(1, TRAIL_LENGTH + 1)
        ]
    finally:
        context.deactivate(token)


def tamper(event_number: int, /, **columns) -> None:
    """Change columns of one event with raw SQL, as someone with database access could.

    The append-only guard lives in the ORM; this goes round it, as an attacker would.
    """
    fields = [AuditEvent._meta.get_field(name) for name in columns]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
    params = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(fields, columns.values(), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET {assignments} WHERE sequence = %s",
            [*params, event_number],
        )


def forge(event_number: int, /, **changes) -> AuditEvent:
    """Rewrite one event and recompute its own hash so that it checks out on its own."""
    forged = AuditEvent.objects.get(sequence=event_number)
    for name, value in changes.items():
        setattr(forged, name, value)
    forged.hash = forged.compute_hash()
    tamper(event_number, hash=forged.hash, **changes)
    return forged


def verify_audit_failure() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    return str(failure.value)


# Every column of an event but its id and its own hash, with a different value to write into it.
# The payload of AuditEvent.compute_hash names `actor`, `organisation` and `person` by their ids.
TAMPERINGS = {
    "sequence": lambda world: 99,
    "occurred_at": lambda world: datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC),
    "actor": lambda world: world.user("adviser").pk,
    "actor_role": lambda world: "admin",
    "organisation": lambda world: world.advice.pk,
    "person_id": lambda world: uuid.uuid4(),
    "object_type": lambda world: "consent.consent",
    "object_id": lambda world: str(uuid.uuid4()),
    "action": lambda world: audit.Action.EXPORT,
    "outcome": lambda world: audit.Outcome.DENIED,
    "request_id": lambda world: str(uuid.uuid4()),
    "client_address": lambda world: "198.51.100.7",
    "detail": lambda world: {"n": 99},
    "previous_hash": lambda world: "f" * 64,
    "chain": lambda world: 2,
}
# What the check reports for a column whose change it notices before it recomputes the hash.
REASONS = {
    # Moved to chain 2, it is read there first, where #1 is expected.
    "chain": f"event #1 is missing (next is #{TAMPERED})",
    "sequence": f"event #{TAMPERED} is missing (next is #99)",
    "previous_hash": DOES_NOT_FOLLOW,
}


def test_every_column_of_an_audit_event_but_its_id_and_hash_has_a_tamper_test():
    columns = {field.name for field in AuditEvent._meta.concrete_fields} - {"id", "hash"}

    assert columns == set(TAMPERINGS)


@pytest.mark.parametrize("column", sorted(TAMPERINGS))
def test_changing_one_column_of_an_event_with_raw_sql_is_reported_at_that_event(
    trail, world, column
):
    tamper(TAMPERED, **{column: TAMPERINGS[column](world)})

    checked, broken = audit.find_first_break()

    chain, sequence = (2, 1) if column == "chain" else (1, TAMPERED)
    assert (checked, broken.chain, broken.sequence) == (TAMPERED - 1, chain, sequence)
    assert broken.reason == REASONS.get(column, ALTERED)
    assert f"broken at event #{sequence} of chain {chain}" in verify_audit_failure()


@pytest.mark.parametrize("column", sorted(set(TAMPERINGS) - {"sequence", "previous_hash", "chain"}))
def test_changing_one_column_of_the_newest_event_is_reported_at_the_newest_event(
    trail, world, column
):
    tamper(TRAIL_LENGTH, **{column: TAMPERINGS[column](world)})

    assert audit.find_first_break() == (
        TRAIL_LENGTH - 1,
        audit.ChainBreak(TRAIL_LENGTH, ALTERED),
    )


@pytest.mark.parametrize("column", sorted(set(TAMPERINGS) - {"chain"}))
def test_changing_any_one_hashed_value_changes_the_hash(trail, world, column):
    event = AuditEvent.objects.get(sequence=TAMPERED)
    field = AuditEvent._meta.get_field(column)
    setattr(event, field.attname, TAMPERINGS[column](world))

    assert event.compute_hash() != event.hash


def test_a_rewritten_event_that_re_links_the_next_one_is_caught_by_the_next_ones_hash(trail):
    forged = forge(TAMPERED, detail={"n": 99})
    # Re-link the next event to the forgery: it follows it now, but its hash covered the old link.
    tamper(TAMPERED + 1, previous_hash=forged.hash)

    assert audit.find_first_break() == (TAMPERED, audit.ChainBreak(TAMPERED + 1, ALTERED))
    assert f"broken at event #{TAMPERED + 1} of chain 1: {ALTERED}" in verify_audit_failure()


def test_a_rewritten_first_event_that_re_links_the_second_is_caught(trail):
    forged = forge(1, actor_role="admin")
    tamper(2, previous_hash=forged.hash)

    assert audit.find_first_break() == (1, audit.ChainBreak(2, ALTERED))


def test_a_rewritten_newest_event_whose_own_hash_was_recomputed_is_caught_by_the_head_row(trail):
    forge(TRAIL_LENGTH, detail={"n": 99})

    checked, broken = audit.find_first_break()

    assert (checked, broken) == (
        TRAIL_LENGTH - 1,
        audit.ChainBreak(TRAIL_LENGTH, audit.NOT_THE_EVENT_LAST_WRITTEN),
    )
    message = verify_audit_failure()
    assert f"broken at event #{TRAIL_LENGTH} of chain 1" in message
    assert f"{TRAIL_LENGTH - 1} events before it are intact" in message


def test_a_head_row_that_disagrees_only_on_the_sequence_is_a_break(trail):
    AuditChainHead.objects.filter(pk=1).update(sequence=TRAIL_LENGTH + 1)

    assert audit.find_first_break() == (
        TRAIL_LENGTH,
        audit.ChainBreak(
            TRAIL_LENGTH + 1,
            f"the chain ends at #{TRAIL_LENGTH} but #{TRAIL_LENGTH + 1} was written",
        ),
    )


def test_a_head_row_that_disagrees_only_on_the_hash_is_a_break_at_the_newest_event(trail):
    AuditChainHead.objects.filter(pk=1).update(hash="e" * 64)

    assert audit.find_first_break() == (
        TRAIL_LENGTH - 1,
        audit.ChainBreak(TRAIL_LENGTH, audit.NOT_THE_EVENT_LAST_WRITTEN),
    )


def test_an_empty_trail_with_a_head_row_that_records_a_hash_is_a_break_at_the_first_event(db):
    AuditChainHead.objects.filter(pk=1).update(sequence=0, hash="e" * 64)

    assert audit.find_first_break() == (0, audit.ChainBreak(1, audit.NOT_THE_EVENT_LAST_WRITTEN))


def test_an_empty_trail_with_fresh_head_rows_is_intact(db):
    assert AuditChainHead.objects.count() == CHAIN_COUNT

    assert audit.find_first_break() == (0, None)


def test_an_intact_trail_checks_every_event_against_the_head_row(trail):
    head = AuditChainHead.objects.get(pk=1)

    assert (head.sequence, head.hash) == (TRAIL_LENGTH, trail[-1].hash)
    assert audit.find_first_break() == (TRAIL_LENGTH, None)


def test_the_first_event_is_number_one_and_follows_the_genesis_hash(trail):
    assert trail[0].sequence == 1
    assert trail[0].previous_hash == GENESIS_HASH == "0" * 64


def test_a_trail_that_starts_at_number_two_has_a_gap_at_number_one(trail):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [1])

    assert audit.find_first_break() == (0, audit.ChainBreak(1, "event #1 is missing (next is #2)"))


def test_a_trail_whose_first_event_does_not_follow_the_genesis_hash_is_a_break_at_number_one(
    trail,
):
    forge(1, previous_hash="1" * 64)

    assert audit.find_first_break() == (0, audit.ChainBreak(1, DOES_NOT_FOLLOW))


def test_a_break_in_the_middle_counts_only_the_events_before_it(trail):
    tamper(2, outcome=audit.Outcome.FAILURE)

    assert audit.find_first_break() == (1, audit.ChainBreak(2, ALTERED))


# A known answer: fixed values hash to this digest. A change to what is hashed, or how it is
# serialised, changes it, and every trail already written would then fail verification.
KNOWN_EVENT = {
    "sequence": 42,
    "occurred_at": datetime.datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC),
    "actor_id": uuid.UUID("11111111-2222-4333-8444-555555555555"),
    "actor_role": "adviser",
    "organisation_id": uuid.UUID("66666666-7777-4888-9999-aaaaaaaaaaaa"),
    "person_id": uuid.UUID("bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"),
    "object_type": "people.person",
    "object_id": "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff",
    "action": "view",
    "outcome": "success",
    "request_id": "0f0e0d0c-0b0a-4908-8706-050403020100",
    "client_address": "192.0.2.10",
    "detail": {"query": "Okafor", "page": 2},
    "previous_hash": "ab" * 32,
}
# Its canonical JSON (docs/audit.md: sorted keys, no spaces, times in UTC, ids as strings).
KNOWN_CANONICAL = (
    '{"action":"view","actor":"11111111-2222-4333-8444-555555555555","actor_role":"adviser",'
    '"client_address":"192.0.2.10","detail":{"page":2,"query":"Okafor"},'
    '"object_id":"bbbbbbbb-cccc-4ddd-8eee-ffffffffffff","object_type":"people.person",'
    '"occurred_at":"2026-12-01T09:30:15.123456+00:00",'
    '"organisation":"66666666-7777-4888-9999-aaaaaaaaaaaa","outcome":"success",'
    '"person":"bbbbbbbb-cccc-4ddd-8eee-ffffffffffff","previous_hash":"' + "ab" * 32 + '",'
    '"request_id":"0f0e0d0c-0b0a-4908-8706-050403020100","sequence":42}'
)
KNOWN_HASH = "ab8dfc42f137889d62773d58f21bdc9e3c3f292c9a6eef254164c107c1820425"
# The same for an anonymous attempt: no actor, organisation, person or address, empty detail.
KNOWN_ANONYMOUS_EVENT = {
    **KNOWN_EVENT,
    "sequence": 1,
    "actor_id": None,
    "actor_role": "",
    "organisation_id": None,
    "person_id": None,
    "object_type": "",
    "object_id": "",
    "action": "login-failed",
    "outcome": "denied",
    "client_address": None,
    "detail": {},
    "previous_hash": GENESIS_HASH,
}
KNOWN_ANONYMOUS_HASH = "a3d995e0352a4fc30c5cb2081a3c9db6b222f70199ca15adebca25198c6d52b1"


def test_an_event_hashes_to_a_known_digest():
    assert AuditEvent(**KNOWN_EVENT).compute_hash() == KNOWN_HASH


def test_the_known_digest_is_the_sha256_of_the_documented_canonical_json():
    assert hashlib.sha256(KNOWN_CANONICAL.encode()).hexdigest() == KNOWN_HASH


def test_an_anonymous_event_hashes_to_a_known_digest():
    assert AuditEvent(**KNOWN_ANONYMOUS_EVENT).compute_hash() == KNOWN_ANONYMOUS_HASH


def test_the_same_moment_in_another_time_zone_hashes_the_same():
    london = zoneinfo.ZoneInfo("Europe/London")
    summer = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
    in_london = {**KNOWN_EVENT, "occurred_at": summer.astimezone(london)}

    assert in_london["occurred_at"].utcoffset() == datetime.timedelta(hours=1)
    assert (
        AuditEvent(**in_london).compute_hash()
        == AuditEvent(**{**KNOWN_EVENT, "occurred_at": summer}).compute_hash()
    )
