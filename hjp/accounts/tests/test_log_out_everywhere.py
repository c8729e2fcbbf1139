"""A user's sessions all end at once: when an admin logs them out everywhere, and (except the one
they use) when they change their password."""

from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.accounts.models import User
from hjp.accounts.tests.test_views import log_in
from hjp.audit.models import AuditEvent
from hjp.factories import TEST_PASSWORD

HOME = reverse("core:home")


def logged_out(client: Client) -> bool:
    response = client.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_an_admin_logs_a_user_out_everywhere(referrer, login):
    desk, phone = Client(), Client()
    log_in(desk, referrer.email)
    log_in(phone, referrer.email)
    admin = User.objects.create_superuser("root@example.nhs.uk", TEST_PASSWORD, full_name="Root")
    login(admin).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "log_out_everywhere", "_selected_action": [str(referrer.pk)]},
    )
    assert logged_out(desk) and logged_out(phone)
    event = AuditEvent.objects.get(action="logout", detail__ended="everywhere")
    assert event.actor == admin and event.object_id == str(referrer.pk)
    # They can log in again.
    assert log_in(Client(), referrer.email)["Location"] == HOME


def test_changing_the_password_ends_every_other_session(referrer):
    here, elsewhere = Client(), Client()
    log_in(here, referrer.email)
    log_in(elsewhere, referrer.email)
    new = "a-much-longer-passphrase-2026"
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert here.get(HOME).status_code == 200
    assert logged_out(elsewhere)
    assert AuditEvent.objects.filter(
        action="update", actor=referrer, detail__other_sessions="ended"
    ).exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_password_reset_does_the_same_work_for_known_and_unknown_addresses(referrer):
    """The email is made and sent by the background worker, so the request only queues it:
    the same statements and the same answer whether or not the address has an account."""
    from django_tasks import default_task_backend

    def ask(email: str):
        with CaptureQueriesContext(connection) as statements:
            response = Client().post(reverse("accounts:password_reset"), {"email": email})
        return response.status_code, response["Location"], len(statements)

    assert ask(referrer.email) == ask("nobody@example.org")
    assert mail.outbox == []
    assert [result.kwargs for result in default_task_backend.results] == [
        {"email": referrer.email},
        {"email": "nobody@example.org"},
    ]
    default_task_backend.clear()


def test_the_queued_reset_sends_one_link_to_a_known_address_and_nothing_otherwise(referrer):
    from hjp.accounts.tasks import send_password_reset

    assert send_password_reset.call(email="nobody@example.org") == 0
    assert mail.outbox == []
    assert send_password_reset.call(email=referrer.email.upper()) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [referrer.email]
    assert "http://127.0.0.1:8000/account/password/reset/" in mail.outbox[0].body
