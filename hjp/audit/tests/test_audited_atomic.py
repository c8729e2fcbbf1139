import contextlib

import pytest
from django.db import connection
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from hjp.audit import services as audit
from hjp.audit.models import AuditChainHead, AuditEvent
from hjp.audit.services import audited_atomic, find_first_break
from hjp.factories import actor_for


def test_a_services_events_are_chained_together_at_its_end(world):
    user = world.user("referrer")
    seen_inside = []

    @audited_atomic
    def service():
        audit.record(actor_for(user), audit.Action.VIEW, user)
        audit.record_many(actor_for(user), audit.Action.SEARCH, [user, user])
        seen_inside.append(AuditEvent.objects.count())
        return "done"

    before = AuditEvent.objects.count()
    assert service() == "done"
    assert seen_inside == [before]  # nothing written, no lock taken, until the end
    # The view, and one event for the list of two.
    assert AuditEvent.objects.count() == before + 2
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, before + 3))
    assert AuditChainHead.objects.get(pk=1).sequence == before + 2
    assert find_first_break()[1] is None


def test_a_failing_service_leaves_no_audit_events_behind(world):
    user = world.user("referrer")

    @audited_atomic
    def service():
        audit.record(actor_for(user), audit.Action.UPDATE, user)
        raise ValueError("refused")

    before = AuditEvent.objects.count()
    with pytest.raises(ValueError):
        service()
    assert AuditEvent.objects.count() == before
    # The next event still follows on without a gap.
    audit.record(actor_for(user), audit.Action.VIEW, user)
    assert find_first_break()[1] is None


def test_nested_services_chain_once_at_the_outermost_end(world):
    user = world.user("referrer")

    @audited_atomic
    def inner():
        audit.record(actor_for(user), audit.Action.CREATE, user)

    @audited_atomic
    def outer():
        inner()
        inner()
        return AuditEvent.objects.count()

    before = AuditEvent.objects.count()
    assert outer() == before
    assert AuditEvent.objects.count() == before + 2
    assert find_first_break()[1] is None


def test_a_nested_service_that_fails_fails_the_outer_one_even_if_caught(world):
    """No savepoint per nested service: the whole transaction fails closed, nothing is written."""
    user = world.user("referrer")

    @audited_atomic
    def inner():
        audit.record(actor_for(user), audit.Action.UPDATE, user)
        raise ValueError("refused")

    @audited_atomic
    def outer():
        audit.record(actor_for(user), audit.Action.VIEW, user)
        with contextlib.suppress(ValueError):
            inner()

    before = AuditEvent.objects.count()
    with pytest.raises(TransactionManagementError):
        outer()
    assert AuditEvent.objects.count() == before
    audit.record(actor_for(user), audit.Action.VIEW, user)
    assert find_first_break()[1] is None


def test_nested_services_open_no_savepoints(world):
    user = world.user("referrer")

    @audited_atomic
    def inner():
        audit.record(actor_for(user), audit.Action.CREATE, user)

    @audited_atomic
    def outer():
        inner()
        inner()

    audit.record(actor_for(user), audit.Action.VIEW, user)  # the trail's head row exists
    with CaptureQueriesContext(connection) as queries:
        outer()
    savepoints = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" in q["sql"]]
    # The outer service's own savepoint (the test runs inside a transaction) and its release.
    assert len(savepoints) == 2, savepoints
