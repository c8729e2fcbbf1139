"""Appends from several connections at once still make one unbroken chain (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import AuditEvent

EVENTS_PER_THREAD = 50


def append_events(label: str, barrier: threading.Barrier, failures: list) -> None:
    try:
        barrier.wait(timeout=10)
        for n in range(EVENTS_PER_THREAD):
            audit.record(Actor.anonymous(), audit.Action.SEARCH, detail={"thread": label, "n": n})
    except Exception as error:  # reported to the main thread below
        failures.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_connections_appending_at_once_leave_a_chain_that_verifies():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    barrier, failures = threading.Barrier(2), []
    threads = [
        threading.Thread(target=append_events, args=(label, barrier, failures)) for label in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    for chain in set(AuditEvent.objects.values_list("chain", flat=True)):
        sequences = list(
            AuditEvent.objects.filter(chain=chain)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert sequences == list(range(1, len(sequences) + 1))
    assert audit.find_first_break() == (2 * EVENTS_PER_THREAD, None)
    threads_seen = {event.detail["thread"] for event in AuditEvent.objects.all()}
    assert threads_seen == {"a", "b"}
