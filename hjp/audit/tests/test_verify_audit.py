"""`manage.py verify_audit` passes an intact trail and names the first event an attacker touched."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.factories import actor_for


@pytest.fixture
def trail(world, referrer):
    """Five events in order."""
    return [
        audit.record(actor_for(referrer), audit.Action.SEARCH, detail={"n": n}) for n in range(1, 6)
    ]


def run_verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_audit_reports_an_intact_trail_with_its_length(trail):
    assert "Audit trail intact: 5 events verified." in run_verify_audit()


def test_verify_audit_passes_an_empty_trail(db):
    assert "Audit trail intact: 0 events verified." in run_verify_audit()


def test_verify_audit_names_an_event_whose_content_was_altered_with_raw_sql(trail):
    execute(
        "UPDATE audit_auditevent SET detail = %s WHERE sequence = %s", [json.dumps({"n": 99}), 3]
    )

    with pytest.raises(CommandError) as failure:
        run_verify_audit()

    assert "broken at event #3" in str(failure.value)
    assert "altered" in str(failure.value)
    assert "2 events before it are intact" in str(failure.value)


def test_verify_audit_names_an_event_whose_actor_was_swapped(trail, adviser):
    execute("UPDATE audit_auditevent SET actor_id = %s WHERE sequence = %s", [adviser.pk.hex, 2])

    with pytest.raises(CommandError, match="broken at event #2"):
        run_verify_audit()


def test_verify_audit_names_the_sequence_number_of_a_deleted_middle_event(trail):
    execute("DELETE FROM audit_auditevent WHERE sequence = %s", [3])

    with pytest.raises(CommandError) as failure:
        run_verify_audit()

    assert "broken at event #3" in str(failure.value)
    assert "event #3 is missing (next is #4)" in str(failure.value)


def test_verify_audit_detects_the_last_event_being_deleted(trail):
    execute("DELETE FROM audit_auditevent WHERE sequence = %s", [5])

    with pytest.raises(CommandError) as failure:
        run_verify_audit()

    assert "broken at event #5" in str(failure.value)
    assert "the chain ends at #4 but #5 was written" in str(failure.value)


def test_verify_audit_detects_a_rewritten_event_whose_own_hash_was_recomputed(trail):
    forged = AuditEvent.objects.get(sequence=3)
    forged.detail = {"n": 99}
    forged.hash = forged.compute_hash()
    execute(
        "UPDATE audit_auditevent SET detail = %s, hash = %s WHERE sequence = %s",
        [json.dumps(forged.detail), forged.hash, 3],
    )

    with pytest.raises(CommandError) as failure:
        run_verify_audit()

    # Event #3 now checks out on its own; the link from #4 no longer does.
    assert "broken at event #4" in str(failure.value)
    assert "does not follow the event before it" in str(failure.value)


def test_verify_audit_detects_two_events_swapped_in_order(trail):
    execute("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", [100, 2])
    execute("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", [2, 3])
    execute("UPDATE audit_auditevent SET sequence = %s WHERE sequence = %s", [3, 100])

    with pytest.raises(CommandError, match="broken at event #2"):
        run_verify_audit()
