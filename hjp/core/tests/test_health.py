"""The health check that load balancers poll."""

import json

from django.db import OperationalError
from django.urls import reverse

from hjp.core import views


def test_health_check_reports_ok_when_the_database_answers(client, db):
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_health_check_reports_503_when_the_database_is_unreachable(client, db, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(views.connection, "cursor", unreachable)
        response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert "refused" not in response.content.decode()


def test_health_check_needs_no_log_in(client, db):
    assert client.get(reverse("core:healthz")).status_code == 200
