"""A log-in lasts at most 8 hours from logging in however busy the user, and ends after 30
minutes without a request; each ending is audited and explained."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse

from hjp.accounts.tests.test_views import log_in
from hjp.audit.models import AuditEvent

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def home(client: Client):
    return client.get(reverse("core:home"))


def test_a_session_ends_after_thirty_minutes_without_a_request(referrer):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, referrer.email)
        clock.move_to(START + datetime.timedelta(minutes=29))
        assert home(client).status_code == 200
        clock.move_to(START + datetime.timedelta(minutes=29 + 31))
        response = home(client)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    page = client.get(response["Location"]).content.decode()
    assert "logged out after a time without activity" in page
    ended = AuditEvent.objects.filter(action="logout").get()
    assert ended.detail == {"ended": "idle"}


def test_activity_never_makes_a_session_last_past_eight_hours(referrer):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, referrer.email)
        for minutes in range(20, 8 * 60, 20):
            clock.move_to(START + datetime.timedelta(minutes=minutes))
            assert home(client).status_code == 200
        clock.move_to(START + datetime.timedelta(hours=8, minutes=1))
        response = home(client)
    assert response.status_code == 302
    assert "lasted its longest allowed time" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(action="logout").get().detail == {"ended": "absolute"}
