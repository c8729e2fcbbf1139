"""Headers every response carries: a request id and a strict content security policy."""

import base64
import hashlib
import logging
import re
import uuid
from importlib import resources

import pytest
from django.urls import reverse

from hjp.audit import context
from hjp.audit.middleware import RequestIdLogFilter
from hjp.audit.models import AuditEvent
from hjp.core.middleware import content_security_policy

CONTENT_SECURITY_POLICY = content_security_policy("")


@pytest.mark.parametrize("name", ["core:healthz", "core:privacy", "accounts:login"])
def test_every_response_has_a_request_id_and_a_content_security_policy(client, db, name):
    response = client.get(reverse(name))

    assert uuid.UUID(response["X-Request-ID"])
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_not_found_page_has_the_headers_too(client, db):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response["X-Request-ID"]
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_each_request_gets_its_own_id(client, db):
    first = client.get(reverse("core:healthz"))["X-Request-ID"]
    second = client.get(reverse("core:healthz"))["X-Request-ID"]

    assert first != second


def test_a_request_id_from_our_own_proxy_is_kept(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    supplied = str(uuid.uuid4())

    response = client.get(reverse("core:healthz"), headers={"X-Request-ID": supplied})

    assert response["X-Request-ID"] == supplied


def test_without_a_proxy_the_server_makes_the_request_id_whatever_the_client_sends(
    client, db, settings
):
    settings.SECURE_PROXY_SSL_HEADER = None
    supplied = str(uuid.uuid4())

    response = client.get(reverse("core:healthz"), headers={"X-Request-ID": supplied})

    assert response["X-Request-ID"] != supplied and uuid.UUID(response["X-Request-ID"])


def test_a_not_found_log_line_carries_the_request_id(client, db, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        response = client.get("/no-such-page/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert RequestIdLogFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]


def test_an_invalid_request_id_from_upstream_is_replaced(client, db):
    response = client.get(
        reverse("core:healthz"), headers={"X-Request-ID": "<script>alert(1)</script>"}
    )

    assert uuid.UUID(response["X-Request-ID"])
    assert "script" not in response["X-Request-ID"]


def test_the_policy_allows_no_inline_script_or_style_and_no_framing():
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "style-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_the_policy_hash_matches_the_inline_script_of_the_nhsuk_page_template():
    # Fails when an nhsuk-frontend-jinja upgrade changes the script: update the hash then.
    template = (
        resources.files("nhsuk_frontend_jinja")
        .joinpath("templates/nhsuk/template.jinja")
        .read_text(encoding="utf-8")
    )
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", template, flags=re.DOTALL)
    inline = [body for body in scripts if body.strip()]
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()

    assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


def test_pages_with_personal_data_are_not_cached(client, db):
    response = client.get(reverse("accounts:login"))

    assert response["Cache-Control"] == "no-store"


def test_the_audit_event_of_a_request_carries_its_request_id_and_client_address(
    world, login, privacy_officer
):
    response = login(privacy_officer).get(
        reverse("audit:search"),
        REMOTE_ADDR="192.0.2.10",
        headers={"X-Forwarded-For": "198.51.100.7"},
    )

    event = AuditEvent.objects.newest_first().first()
    assert event.request_id == response["X-Request-ID"]
    # Not behind a trusted proxy, so a forwarded-for header is the client's own claim and ignored.
    assert event.client_address == "192.0.2.10"


def test_log_records_carry_the_request_id_only_while_a_request_is_served():
    log_filter = RequestIdLogFilter()
    outside = logging.LogRecord("hjp", logging.INFO, __file__, 1, "message", None, None)
    inside = logging.LogRecord("hjp", logging.INFO, __file__, 1, "message", None, None)

    log_filter.filter(outside)
    token = context.activate(context.RequestContext(request_id="abc", client_address=None))
    try:
        log_filter.filter(inside)
    finally:
        context.deactivate(token)

    assert (outside.request_id, inside.request_id) == ("-", "abc")


def test_by_default_pages_load_nothing_from_another_site(client, db):
    page = client.get(reverse("accounts:login"))
    assert "font-src 'self';" in page["Content-Security-Policy"]
    assert reverse("core:fonts") not in page.content.decode()
    assert client.get(reverse("core:fonts")).status_code == 404


def test_the_compiled_stylesheet_names_no_other_host():
    from pathlib import Path

    css = (
        Path(__file__).resolve().parents[3] / "build" / "static" / "css" / "main.css"
    ).read_text()
    assert "http://" not in css and "https://" not in css
    assert 'font-family:"Frutiger W01",arial,sans-serif' in css


def test_a_font_host_may_be_set_and_is_then_allowed_and_linked(client, db, settings):
    settings.HJP_FONT_HOST = "https://fonts.example.nhs.uk/frutiger/"
    page = client.get(reverse("accounts:login"))
    assert "font-src 'self' https://fonts.example.nhs.uk;" in page["Content-Security-Policy"]
    assert f'<link rel="stylesheet" href="{reverse("core:fonts")}">' in page.content.decode()
    css = client.get(reverse("core:fonts"))
    assert css["Content-Type"] == "text/css"
    body = css.content.decode()
    assert 'url("https://fonts.example.nhs.uk/frutiger/FrutigerLTW01-55Roman.woff2")' in body
    assert "font-weight:600" in body
