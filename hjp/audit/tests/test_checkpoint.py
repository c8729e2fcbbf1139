"""`verify_audit --incremental`: from the newest signed checkpoint, checking only what came since,
and refusing a checkpoint whose signature does not hold."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db


def _record(n: int) -> AuditEvent:
    return audit.record(Actor.anonymous(), audit.Action.SEARCH, detail={"n": n})


def _verify(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _failure(*args) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", *args)
    return str(failure.value)


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def checked_trail():
    """Ten events, checked in full: the check leaves a signed checkpoint at #10."""
    events = [_record(n) for n in range(10)]
    assert "Audit trail intact: 10 events verified." in _verify()
    return events


def test_a_full_check_leaves_a_signed_checkpoint_of_every_chain(checked_trail):
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.events == 10
    assert checkpoint.heads["1"] == [10, checked_trail[-1].hash]
    assert checkpoint.heads["2"][0] == 0
    assert checkpoint.signature


def test_an_incremental_check_checks_only_the_events_since(
    checked_trail, django_assert_max_num_queries
):
    for n in range(5):
        _record(n)

    result = audit.verify(incremental=True)

    assert result.broken is None and result.checked == 15
    assert "5 events since checkpoint" in _verify("--incremental")
    assert AuditCheckpoint.objects.count() == 2


def test_an_incremental_check_without_a_checkpoint_checks_everything(db):
    for n in range(3):
        _record(n)
    assert "Audit trail intact: 3 events verified." in _verify("--incremental")


def test_a_change_after_the_checkpoint_is_caught(checked_trail):
    new = [_record(n) for n in range(3)]
    _execute("UPDATE audit_auditevent SET action = 'export' WHERE id = %s", [new[1].pk])

    assert "broken at event #12 of chain 1: its content was altered" in _failure("--incremental")


def test_the_newest_event_removed_after_the_checkpoint_is_caught(checked_trail):
    new = [_record(n) for n in range(2)]
    _execute("DELETE FROM audit_auditevent WHERE id = %s", [new[-1].pk])

    assert "the chain ends at #11 but #12 was written" in _failure("--incremental")


def test_the_signed_event_itself_altered_or_removed_is_caught(checked_trail):
    _execute(
        "UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["c" * 64, checked_trail[-1].pk]
    )

    message = _failure("--incremental")
    assert "broken at event #10 of chain 1" in message
    assert "not the event checkpoint" in message


def test_a_checkpoint_altered_in_the_database_is_refused(checked_trail):
    checkpoint = AuditCheckpoint.objects.get()
    heads = {**checkpoint.heads, "1": [3, checked_trail[2].hash]}
    _execute(
        "UPDATE audit_auditcheckpoint SET heads = %s WHERE id = %s",
        [__import__("json").dumps(heads), checkpoint.pk],
    )

    message = _failure("--incremental")
    assert f"broken at checkpoint {checkpoint.pk}" in message
    assert "signature does not match" in message


def test_a_checkpoint_signed_with_another_key_is_refused(checked_trail, settings):
    settings.HJP_AUDIT_CHECKPOINT_KEY = "another key entirely"
    assert "signature does not match" in _failure("--incremental")


def test_a_change_before_the_checkpoint_is_left_to_the_full_check(checked_trail):
    _execute("UPDATE audit_auditevent SET action = 'export' WHERE id = %s", [checked_trail[3].pk])

    assert "Audit trail intact" in _verify("--incremental")
    assert "broken at event #4 of chain 1" in _failure()


def test_a_broken_trail_leaves_no_checkpoint(db):
    events = [_record(n) for n in range(3)]
    _execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    _failure()
    assert not AuditCheckpoint.objects.exists()


def test_an_incremental_check_reads_a_fixed_number_of_statements_whatever_the_trail(
    checked_trail, django_assert_max_num_queries
):
    for n in range(30):
        _record(n)
    # One per chain of the pool for the events since, plus the checkpoint, heads and anchors.
    with django_assert_max_num_queries(2 * 32 + 10):
        assert audit.verify(incremental=True).broken is None
