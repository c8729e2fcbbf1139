"""The check reads the trail as plain values (PostgreSQL: as text straight from the database);
every moment and every kind of value must hash as it did when the event was written."""

import datetime

import pytest

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MOMENTS = [
    datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC),  # clocks go forward
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),  # no microseconds
    datetime.datetime(2026, 12, 5, 9, 0, 0, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 5, 9, 0, 0, 100000, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.isoformat())
def test_every_moment_reads_back_as_it_was_hashed(moment, monkeypatch):
    monkeypatch.setattr(audit.timezone, "now", lambda: moment)
    audit.record(
        Actor.anonymous(),
        audit.Action.SEARCH,
        detail={"z": [1, "ü", None], "a": {"nested": True}, "text": 'quote " and \\ slash'},
    )
    assert AuditEvent.objects.get().occurred_at == moment
    assert audit.find_first_break() == (1, None)
