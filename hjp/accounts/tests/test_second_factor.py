"""Logging in needs a second factor: a code from an authenticator app, or a single-use recovery
code. A user without an app sets one up at their first log-in; the admin site needs the same."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjp.accounts import second_factor
from hjp.accounts.actor import Actor
from hjp.accounts.models import User
from hjp.accounts.tests.test_views import log_in
from hjp.audit.models import AuditEvent
from hjp.factories import TEST_PASSWORD, authenticator_code, authenticator_for

HOME = reverse("core:home")
CODE_PAGE = reverse("accounts:second_factor")
SET_UP_PAGE = reverse("accounts:second_factor_setup")


def password_only(client: Client, user: User, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD, **extra}
    )


def secret_on(page: str) -> bytes:
    import base64

    key = re.search(r'class="hjp-secret-key"><code>([A-Z2-7 ]+)</code>', page).group(1)
    text = key.replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def test_the_password_alone_reaches_nothing_but_the_code_page(referrer):
    authenticator_for(referrer)
    client = Client()
    response = password_only(client, referrer)
    assert response["Location"] == CODE_PAGE
    # Every other page sends the half-logged-in session back to the code page.
    for page in (HOME, reverse("people:list"), reverse("accounts:security"), "/admin/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(CODE_PAGE), page
    assert client.post(reverse("people:list"), {"q": "x"})["Location"] == CODE_PAGE


def test_the_right_code_completes_the_log_in_with_a_new_session_key(referrer):
    device = authenticator_for(referrer)
    client = Client()
    password_only(client, referrer)
    before = client.session.session_key
    response = client.post(CODE_PAGE, {"code": authenticator_code(device)})
    assert response["Location"] == HOME
    assert client.session.session_key != before
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_is_refused_audited_and_throttled(referrer):
    device = authenticator_for(referrer)
    client = Client()
    password_only(client, referrer)
    right = authenticator_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = client.post(CODE_PAGE, {"code": wrong})
    assert page.status_code == 200
    assert second_factor.CODE_WRONG in page.content.decode()
    assert client.get(HOME).status_code == 302
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.object_id == str(referrer.pk)
    assert failed.detail == {"second_factor": "wrong code"}
    # After a failure the app's device makes the next try wait, even with the right code.
    page = client.post(CODE_PAGE, {"code": right})
    assert second_factor.CODE_PAUSED in page.content.decode()
    assert client.get(HOME).status_code == 302


def test_each_code_works_once(referrer):
    device = authenticator_for(referrer)
    code = authenticator_code(device)
    first, second = Client(), Client()
    password_only(first, referrer)
    password_only(second, referrer)
    assert first.post(CODE_PAGE, {"code": code})["Location"] == HOME
    assert second.post(CODE_PAGE, {"code": code}).status_code == 200


def test_a_recovery_code_logs_in_once_and_says_how_many_are_left(referrer):
    authenticator_for(referrer)
    codes = second_factor.new_recovery_codes(referrer, by=Actor.anonymous())
    assert len(codes) == 10 and len(set(codes)) == 10
    client = Client()
    password_only(client, referrer)
    response = client.post(CODE_PAGE, {"code": codes[0].upper()}, follow=True)
    assert "You have 9 left" in response.content.decode()
    assert AuditEvent.objects.filter(action="login", detail__second_factor="recovery code").exists()
    again = Client()
    password_only(again, referrer)
    assert again.post(CODE_PAGE, {"code": codes[0]}).status_code == 200
    assert again.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=referrer).count() == 9


def test_a_new_user_sets_up_their_app_at_first_log_in_and_sees_recovery_codes_once(referrer):
    client = Client()
    response = password_only(client, referrer, next="/people/")
    assert response["Location"] == f"{SET_UP_PAGE}?next=%2Fpeople%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'alt="QR code to add this service to an authenticator app"' in page
    # Reloading keeps the same key, so an app already given it still works.
    assert secret_on(page) == secret_on(client.get(SET_UP_PAGE).content.decode())
    app = TOTP(secret_on(page))
    wrong = client.post(SET_UP_PAGE, {"code": f"{(app.token() + 1) % 1_000_000:06d}"})
    assert second_factor.CODE_WRONG in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=referrer, confirmed=True).exists()
    # A wrong code makes the next one wait a moment.
    TOTPDevice.objects.filter(user=referrer).update(throttling_failure_timestamp=None)
    done = client.post(f"{SET_UP_PAGE}?next=%2Fpeople%2F", {"code": f"{app.token():06d}"})
    html = done.content.decode()
    assert "Your recovery codes" in html
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(shown) == 10
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=referrer).values_list("token", flat=True)
    )
    assert 'href="/people/"' in html
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(action="update", detail__second_factor="enrolled").exists()
    # Set up once: the set-up page no longer offers a new key.
    assert client.get(SET_UP_PAGE)["Location"] == HOME


def test_a_user_with_an_app_cannot_swap_it_for_a_new_one_with_only_a_password(referrer):
    authenticator_for(referrer)
    client = Client()
    password_only(client, referrer)
    assert client.get(SET_UP_PAGE)["Location"].startswith(CODE_PAGE)
    assert TOTPDevice.objects.filter(user=referrer).count() == 1


def test_new_recovery_codes_replace_the_old_ones(referrer, login):
    old = second_factor.new_recovery_codes(referrer, by=Actor.anonymous())
    client = login(referrer)
    page = client.post(reverse("accounts:security")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    tokens = set(StaticToken.objects.filter(device__user=referrer).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)


def test_an_admin_resets_a_users_log_in_security_and_it_is_audited(world, referrer, login):
    device = authenticator_for(referrer)
    theirs = Client()
    log_in(theirs, referrer.email)
    admin = User.objects.create_superuser("root@example.nhs.uk", TEST_PASSWORD, full_name="Root")
    client = login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(referrer.pk)]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    # Logged out everywhere, and asked to set up an app again at the next log-in.
    assert theirs.get(HOME)["Location"].startswith(reverse("accounts:login"))
    assert password_only(Client(), referrer)["Location"] == SET_UP_PAGE
    event = AuditEvent.objects.get(detail__second_factor="reset by an admin")
    assert event.actor == admin and event.object_id == str(referrer.pk)


def test_the_admin_site_has_no_log_in_of_its_own(referrer):
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fadmin%2F"
    posted = Client().post("/admin/login/", {"username": referrer.email, "password": TEST_PASSWORD})
    assert posted.status_code == 302
    assert not AuditEvent.objects.filter(action="login").exists()


def test_the_admin_site_needs_the_second_factor(db):
    admin = User.objects.create_superuser("root@example.nhs.uk", TEST_PASSWORD, full_name="Root")
    device = authenticator_for(admin)
    client = Client()
    password_only(client, admin, next="/admin/")
    assert client.get("/admin/")["Location"].startswith(CODE_PAGE)
    response = client.post(f"{CODE_PAGE}?next=%2Fadmin%2F", {"code": authenticator_code(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_logged_in_user_who_may_not_use_the_admin_is_refused_not_looped(referrer, login):
    response = login(referrer).get("/admin/login/?next=/admin/")
    assert response.status_code == 403


@override_settings(HJP_MFA_REQUIRED=False)
def test_a_demo_may_switch_the_second_factor_off(referrer):
    response = password_only(Client(), referrer)
    assert response["Location"] == HOME


@pytest.mark.parametrize(("debug", "warned"), [(False, True), (True, False)])
def test_check_warns_when_the_second_factor_is_off_outside_debug(debug, warned, capsys):
    from hjp.accounts.checks import MFA_OFF, second_factor_required

    with override_settings(HJP_MFA_REQUIRED=False, DEBUG=debug):
        assert (second_factor_required(None) == [MFA_OFF]) is warned
    with override_settings(HJP_MFA_REQUIRED=True, DEBUG=False):
        assert second_factor_required(None) == []


def test_check_deploy_names_the_setting(db, capsys):
    from django.core.management.base import SystemCheckError

    with override_settings(HJP_MFA_REQUIRED=False, DEBUG=False):
        try:
            call_command("check", "--deploy", "--fail-level", "WARNING")
        except SystemCheckError as error:
            assert "hjp.W001" in str(error)
        else:
            pytest.fail("check --deploy did not warn")


def test_a_session_proved_hours_ago_still_ends_at_the_absolute_limit(referrer):
    start = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    client = Client()
    with time_machine.travel(start, tick=False) as clock:
        log_in(client, referrer.email)
        for minutes in range(20, 8 * 60, 20):
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            assert client.get(HOME).status_code == 200
        clock.move_to(start + datetime.timedelta(hours=8, minutes=1))
        assert client.get(HOME)["Location"].startswith(reverse("accounts:login"))


def test_the_security_page_says_how_the_user_logs_in(referrer, login):
    second_factor.new_recovery_codes(referrer, by=Actor.anonymous())
    page = login(referrer).get(reverse("accounts:security")).content.decode()
    assert "Your log-in security" in page
    assert "10 of 10" in page
    assert 'href="/account/security"' in page  # the header links the user's name here
