"""A read that cannot be audited is not served: the audit trail fails closed."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from hjp.audit import services as audit
from hjp.audit.models import AuditChainHead, AuditEvent
from hjp.factories import prove_second_factor, record_person


@pytest.fixture
def person(world):
    return record_person(
        world, given_name="Morgan", family_name="Fairweather", nhs_number="9990000026"
    )


from hjp.audit.models import AuditEventQuerySet  # noqa: E402


@pytest.fixture
def audit_trail_down(monkeypatch):
    """Make every append to the audit trail fail as if the database refused the write."""

    def refuse(*args, **kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(audit.AuditEvent, "save", refuse)
    monkeypatch.setattr(AuditEventQuerySet, "bulk_create", refuse)


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    prove_second_factor(client, user)
    return client


def assert_trail_untouched(events_before: int, head_before: tuple) -> None:
    head = AuditChainHead.objects.get(pk=1)
    assert AuditEvent.objects.count() == events_before
    assert (head.sequence, head.hash) == head_before
    assert audit.find_first_break() == (events_before, None)


def current_head() -> tuple:
    head = AuditChainHead.objects.get(pk=1)
    return head.sequence, head.hash


def test_who_accessed_a_person_is_not_shown_when_the_view_cannot_be_audited(
    world, person, privacy_officer, audit_trail_down
):
    events_before, head_before = AuditEvent.objects.count(), current_head()

    response = client_for(privacy_officer).get(
        reverse("audit:person", kwargs={"person_pk": person.pk})
    )

    assert response.status_code == 500
    assert "Fairweather" not in response.content.decode()
    assert "999 000 0026" not in response.content.decode()
    assert_trail_untouched(events_before, head_before)


def test_a_person_page_is_not_shown_when_the_view_cannot_be_audited(
    world, person, referrer, audit_trail_down
):
    # Depends on the person detail page (people:detail, GET /people/<person_pk>/).
    events_before, head_before = AuditEvent.objects.count(), current_head()

    response = client_for(referrer).get(reverse("people:detail", kwargs={"person_pk": person.pk}))

    assert response.status_code != 200
    assert "Fairweather" not in response.content.decode()
    assert "999 000 0026" not in response.content.decode()
    assert "9990000026" not in response.content.decode()
    assert_trail_untouched(events_before, head_before)


def test_a_list_page_is_not_shown_when_its_rows_cannot_be_named_in_the_trail(
    world, person, referrer, monkeypatch
):
    """The page's event and its lookup rows are written together: if the rows fail, so does the
    event, and the page is not served."""
    from hjp.audit.models import AuditSubject

    def refuse(*args, **kwargs):
        raise DatabaseError("audit subject table unavailable")

    monkeypatch.setattr(type(AuditSubject.objects.all()), "bulk_create", refuse)
    events_before, head_before = AuditEvent.objects.count(), current_head()

    response = client_for(referrer).get(reverse("people:list"))

    assert response.status_code == 500
    assert "Fairweather" not in response.content.decode()
    assert_trail_untouched(events_before, head_before)
