"""After too many failed log-ins for an account or from an address, logging in is paused for a
cooling-off period, even with the right password; every failure and refusal is audited."""

import datetime

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hjp.accounts.lockout import paused_message
from hjp.accounts.models import User
from hjp.accounts.tests.test_views import log_in
from hjp.audit.models import AuditEvent
from hjp.factories import TEST_PASSWORD, UserFactory

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
HOME = reverse("core:home")


def attempt(client: Client, email: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(referrer):
    client = Client()
    with time_machine.travel(START, tick=False):
        for _ in range(50):
            attempt(client, referrer.email, "not-the-password")
        response = attempt(client, referrer.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert paused_message() in response.content.decode()
    assert client.get(HOME).status_code == 302
    limit = settings.AXES_FAILURE_LIMIT
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    paused = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_PAUSED)
    assert failed.count() == limit - 1
    # The attempt that reached the limit, the forty after it, and the right password.
    assert paused.count() == 51 - (limit - 1)
    assert {e.object_id for e in [*failed, *paused]} == {str(referrer.pk)}
    assert all(e.outcome == "denied" and e.client_address == "192.0.2.10" for e in paused)


def test_the_pause_ends_after_the_cooling_off_period(referrer):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, referrer.email, "not-the-password")
        assert attempt(client, referrer.email, TEST_PASSWORD).status_code == 429
        clock.move_to(START + settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
        assert attempt(client, referrer.email, TEST_PASSWORD).status_code == 429
        clock.move_to(START + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        response = log_in(client, referrer.email)
        assert response["Location"] == HOME


def test_an_account_is_paused_from_every_address(referrer):
    with time_machine.travel(START, tick=False):
        for number in range(settings.AXES_FAILURE_LIMIT):
            attempt(Client(), referrer.email, "wrong", address=f"198.51.100.{number + 1}")
        response = attempt(Client(), referrer.email, TEST_PASSWORD, address="203.0.113.9")
    assert response.status_code == 429


def test_an_address_is_paused_for_every_account(referrer):
    others = [UserFactory() for _ in range(settings.AXES_FAILURE_LIMIT)]
    with time_machine.travel(START, tick=False):
        for other in others:
            attempt(Client(), other.email, "wrong", address="192.0.2.77")
        assert attempt(Client(), referrer.email, TEST_PASSWORD, "192.0.2.77").status_code == 429
        # The same account from another address is not paused.
        assert attempt(Client(), referrer.email, TEST_PASSWORD, "192.0.2.78").status_code == 302


def test_the_email_counts_the_same_in_any_case(referrer):
    with time_machine.travel(START, tick=False):
        for number in range(settings.AXES_FAILURE_LIMIT):
            email = referrer.email.upper() if number % 2 else referrer.email
            attempt(Client(), email, "wrong", address=f"198.51.100.{number + 1}")
        assert attempt(Client(), referrer.email, TEST_PASSWORD, "203.0.113.9").status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(referrer):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(Client(), referrer.email, "wrong")
        assert attempt(Client(), referrer.email, TEST_PASSWORD).status_code == 302
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(Client(), referrer.email, "wrong")
        assert attempt(Client(), referrer.email, TEST_PASSWORD).status_code == 302


def test_an_unknown_account_is_audited_without_the_address_typed(db):
    attempt(Client(), "nobody@example.org", "wrong")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.object_id == "" and event.actor is None
    assert "nobody" not in str(event.detail)


def test_an_admin_lifts_a_pause_and_it_is_audited(referrer, login):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(Client(), referrer.email, "wrong")
        admin = User.objects.create_superuser(
            "root@example.nhs.uk", TEST_PASSWORD, full_name="Root"
        )
        client = login(admin)
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "lift_pause", "_selected_action": [str(referrer.pk)]},
        )
        assert attempt(Client(), referrer.email, TEST_PASSWORD, "192.0.2.99").status_code == 302
    assert AuditEvent.objects.filter(detail__log_in_pause="lifted", actor=admin).exists()
