"""The trail as a pool of chains: appends never wait for each other, each chain is gap-free and
linked, and the check names a break in any chain."""

import threading

import pytest
from django.db import connection, connections, transaction

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import CHAIN_COUNT, GENESIS_HASH, AuditChainHead, AuditEvent

THREADS = 8
EVENTS_PER_THREAD = 25


@pytest.fixture
def on_chain(monkeypatch):
    """Append to a chosen chain, as a transaction does when the chains before it are held."""

    def use(chain: int):
        monkeypatch.setattr(
            audit,
            "_head_for_update",
            lambda: AuditChainHead.objects.select_for_update().get(pk=chain),
        )

    return use


def _record(n: int, **detail) -> AuditEvent:
    return audit.record(Actor.anonymous(), audit.Action.SEARCH, detail={"n": n, **detail})


def test_without_contention_every_event_goes_to_the_first_chain(db):
    events = [_record(n) for n in range(3)]
    assert {event.chain for event in events} == {1}
    assert [event.sequence for event in events] == [1, 2, 3]


def test_chains_are_checked_each_from_its_own_start(db, on_chain):
    _record(1)
    on_chain(2)
    second = [_record(n) for n in range(3)]
    assert [(e.chain, e.sequence) for e in second] == [(2, 1), (2, 2), (2, 3)]
    assert second[0].previous_hash == GENESIS_HASH
    assert audit.find_first_break() == (4, None)


def test_a_gap_in_another_chain_is_named_in_that_chain(db, on_chain):
    _record(1)
    on_chain(2)
    _record(2)
    removed = _record(3)
    _record(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])

    _, broken = audit.find_first_break()
    assert broken == audit.ChainBreak(2, "event #2 is missing (next is #3)", chain=2)
    assert broken.where == "event #2 of chain 2"


def test_the_newest_event_of_another_chain_removed_is_caught_by_its_head(db, on_chain):
    on_chain(3)
    _record(1)
    newest = _record(2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])

    assert audit.find_first_break()[1] == audit.ChainBreak(
        2, "the chain ends at #1 but #2 was written", chain=3
    )


def test_an_event_inserted_into_a_chain_is_caught(db, on_chain):
    _record(1)
    _record(2)
    forged = AuditEvent.objects.get(chain=1, sequence=2)
    with connection.cursor() as cursor:
        # A copy appended as #3 links to #2 but the head still records #2.
        cursor.execute(
            "INSERT INTO audit_auditevent (chain, sequence, occurred_at, actor_role, object_type,"
            " object_id, action, outcome, request_id, detail, previous_hash, hash)"
            " VALUES (1, 3, %s, '', '', '', 'view', 'success', '', '{}', %s, %s)",
            [forged.occurred_at, forged.hash, "d" * 64],
        )

    broken = audit.find_first_break()[1]
    assert (broken.chain, broken.sequence) == (1, 3)


def test_a_missing_head_row_is_a_break(db):
    _record(1)
    AuditChainHead.objects.filter(pk=7).delete()

    assert audit.find_first_break()[1] == audit.ChainBreak(0, "its head row is missing", chain=7)


def test_events_in_a_chain_without_a_head_row_are_a_break(db, on_chain):
    on_chain(5)
    _record(1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET chain = 99")

    broken = audit.find_first_break()[1]
    assert (broken.chain, broken.reason) == (99, "its chain has no head row")


# PostgreSQL: real concurrency.


def _append_holding_the_transaction(label, barrier, failures, chains_used):
    """Append events in one transaction held open until every thread has appended, so that no two
    threads can share a chain: with waiting forbidden (lock_timeout 50 ms), an append that waited
    for another's lock would fail."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '50ms'")
            barrier.wait(timeout=20)
            events = [_record(n, thread=label) for n in range(EVENTS_PER_THREAD)]
            chains_used.append({event.chain for event in events})
            barrier.wait(timeout=20)
    except Exception as error:  # reported to the main thread below
        failures.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_eight_connections_appending_at_once_never_wait_and_leave_no_fork_and_no_gap():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row locks matter on PostgreSQL")
    audit._create_heads()  # the migration makes the pool; the emptied test database has none
    barrier, failures, chains_used = threading.Barrier(THREADS), [], []
    threads = [
        threading.Thread(
            target=_append_holding_the_transaction,
            args=(str(n), barrier, failures, chains_used),
        )
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    # Every thread had a chain of its own for its whole transaction.
    assert all(len(used) == 1 for used in chains_used)
    assert len(set().union(*chains_used)) == THREADS
    for chain in set().union(*chains_used):
        rows = list(
            AuditEvent.objects.filter(chain=chain)
            .order_by("sequence")
            .values_list("sequence", "previous_hash", "hash")
        )
        assert [sequence for sequence, _, _ in rows] == list(range(1, len(rows) + 1))
        links = [previous for _, previous, _ in rows]
        assert links == [GENESIS_HASH] + [hash_ for _, _, hash_ in rows[:-1]]  # no fork
    assert audit.find_first_break() == (THREADS * EVENTS_PER_THREAD, None)


def _append_many(label, barrier, failures):
    try:
        barrier.wait(timeout=20)
        for n in range(EVENTS_PER_THREAD):
            _record(n, thread=label)
    except Exception as error:  # reported to the main thread below
        failures.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_eight_connections_of_short_appends_leave_a_trail_that_verifies():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row locks matter on PostgreSQL")
    barrier, failures = threading.Barrier(THREADS), []
    threads = [
        threading.Thread(target=_append_many, args=(str(n), barrier, failures))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    assert AuditEvent.objects.count() == THREADS * EVENTS_PER_THREAD
    assert audit.find_first_break() == (THREADS * EVENTS_PER_THREAD, None)
    assert {e.detail["thread"] for e in AuditEvent.objects.all()} == {str(n) for n in range(8)}


@pytest.mark.django_db(transaction=True)
def test_when_every_chain_is_held_an_append_waits_no_longer_than_the_lock_timeout():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and lock_timeout are PostgreSQL's")
    _record(0)  # makes the pool if the database was emptied
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM audit_auditchainhead FOR UPDATE")
            assert len(cursor.fetchall()) == CHAIN_COUNT
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '100ms'")
            with pytest.raises(audit.AuditTrailBusy):
                _record(1)
    finally:
        holder.rollback()
        holder.close()
    assert AuditEvent.objects.count() == 1


def test_chains_written_in_turn_are_each_checked_in_their_own_order(db, on_chain):
    """Events lie in the table in the order written, the chains interleaved; the check reads
    them so and follows each chain on its own."""
    for n in range(6):
        on_chain(1 + n % 3)
        _record(n)
    assert sorted(AuditEvent.objects.values_list("chain", "sequence")) == [
        (chain, sequence) for chain in (1, 2, 3) for sequence in (1, 2)
    ]
    assert audit.find_first_break() == (6, None)

    # The second event of chain 2 altered: named in chain 2 after the events before it.
    second = AuditEvent.objects.get(chain=2, sequence=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'export' WHERE id = %s", [second.pk])
    assert audit.find_first_break() == (
        4,
        audit.ChainBreak(2, "its content was altered after it was written", chain=2),
    )
