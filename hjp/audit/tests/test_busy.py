"""A stuck holder of the audit trail's lock gives other requests a fast, plain 503 and an error in
the log, not a hung site; what those requests tried to do is not kept."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test import RequestFactory
from django.urls import reverse

from hjp.audit import services as audit
from hjp.audit.busy import BusyMiddleware
from hjp.audit.models import CHAIN_COUNT, AuditChainHead, AuditEvent
from hjp.factories import record_person

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row lock timeouts are PostgreSQL's"
)


def answer(exception):
    request = RequestFactory().get("/people/")
    request.resolver_match = None
    return BusyMiddleware(lambda r: None).process_exception(request, exception)


def test_a_lock_not_obtained_in_time_is_answered_503_with_a_log_line(db, caplog):
    response = answer(audit.AuditTrailBusy())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is busy" in response.content.decode()
    [line] = [r for r in caplog.records if r.name == "hjp.busy"]
    assert line.levelname == "ERROR" and "audit trail's lock" in line.getMessage()


def test_other_database_errors_are_not_taken_for_a_busy_service(db):
    assert answer(OperationalError("no such table: people_person")) is None
    assert answer(ValueError("something else")) is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's whole-database lock")
def test_sqlite_database_is_locked_is_answered_503(db):
    assert answer(OperationalError("database is locked")).status_code == 503


@postgres_only
def test_every_connection_waits_for_a_lock_no_longer_than_the_setting(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == f"{settings.HJP_DATABASE_LOCK_TIMEOUT_MS}ms".replace(
            "000ms", "s"
        )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_stuck_audit_locks_give_a_fast_503_and_the_read_is_not_served(world, login, caplog):
    """Only when every chain of the pool is held by a stuck transaction does a request wait."""
    person = record_person(world, given_name="Amina", family_name="Yusuf")
    client = login(world.user("referrer"))
    assert AuditChainHead.objects.count() == CHAIN_COUNT
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                list(AuditChainHead.objects.select_for_update())
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        views_before = AuditEvent.objects.filter(action="view", person_id=person.pk).count()
        started = time.monotonic()
        response = client.get(reverse("people:detail", args=[person.pk]))
        took = time.monotonic() - started
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 503
    assert "Amina" not in response.content.decode()
    assert took < 3
    assert AuditEvent.objects.filter(action="view", person_id=person.pk).count() == views_before
    assert any(r.name == "hjp.busy" and r.levelname == "ERROR" for r in caplog.records)
    # Once the holder lets go, the page is served and its read audited.
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
