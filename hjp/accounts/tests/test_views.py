from django.core import mail
from django.test import Client
from django.urls import reverse

from hjp.accounts.forms import LOGIN_INVALID, SELECT_ORGANISATION
from hjp.accounts.middleware import CHOSEN_MEMBERSHIP_KEY
from hjp.accounts.models import Membership, Role, User
from hjp.audit.models import AuditEvent
from hjp.factories import TEST_PASSWORD, authenticator_code, authenticator_for, prove_second_factor


def log_in(client: Client, email: str, password: str = TEST_PASSWORD, **extra):
    """Log in through the pages as a user who has set up their authenticator app: the password,
    then the app's code."""
    device = authenticator_for(User.objects.get(email=email))
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password, **extra}
    )
    if response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:second_factor")
    ):
        response = client.post(response["Location"], {"code": authenticator_code(device)})
    return response


def test_a_user_logs_in_with_email_and_password_and_it_is_audited(referrer):
    client = Client()
    response = log_in(client, referrer.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    password, code = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN)
    assert password.actor == code.actor == referrer
    assert password.actor_role == Role.REFERRER
    assert password.detail == {"second_factor": "to prove"}
    assert code.detail == {"second_factor": "authenticator app"}


def test_a_wrong_password_shows_the_error_summary_and_is_audited_without_the_email(referrer):
    response = log_in(Client(), referrer.email, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert LOGIN_INVALID in html
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert referrer.email not in str(event.detail)


def test_log_in_returns_to_the_page_asked_for_but_never_to_another_site(referrer):
    response = log_in(Client(), referrer.email, next="/account/password")
    assert response["Location"] == "/account/password"
    response = log_in(Client(), referrer.email, next="https://evil.example/")
    assert response["Location"] == reverse("core:home")


def test_log_out_needs_a_post_and_ends_the_session(referrer, login):
    client = login(referrer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor=referrer).exists()


def test_a_new_password_must_have_at_least_twelve_characters(referrer, login):
    client = login(referrer)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Short-pw-1",
            "new_password2": "Short-pw-1",
        },
    )
    assert "at least 12 characters" in response.content.decode()
    referrer.refresh_from_db()
    assert referrer.check_password(TEST_PASSWORD)


def test_a_user_changes_their_password(referrer, login):
    client = login(referrer)
    new = "a-much-longer-passphrase-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    referrer.refresh_from_db()
    assert referrer.check_password(new)


def test_password_reset_sends_a_link_with_no_personal_data_in_the_subject(referrer):
    response = Client().post(reverse("accounts:password_reset"), {"email": referrer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Health Justice Partnership password"
    assert "/account/password/reset/" in message.body
    assert referrer.full_name not in message.subject


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(db):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_user_with_two_roles_switches_organisation(world, referrer, login):
    second = Membership.objects.create(user=referrer, organisation=world.advice, role=Role.ADVISER)
    client = login(referrer)
    page = client.get(reverse("accounts:switch")).content.decode()
    assert world.practice.name in page and world.advice.name in page
    response = client.post(reverse("accounts:switch"), {"membership": str(second.pk)})
    assert response.status_code == 302
    assert client.session[CHOSEN_MEMBERSHIP_KEY] == str(second.pk)
    assert "Adviser" in client.get(reverse("core:home")).content.decode()


def test_switching_to_a_membership_that_is_not_yours_is_refused(
    world, other_world, referrer, login
):
    foreign = Membership.objects.get(user=other_world.user("referrer"))
    client = login(referrer)
    response = client.post(reverse("accounts:switch"), {"membership": str(foreign.pk)})
    assert response.status_code == 200
    assert SELECT_ORGANISATION in response.content.decode()
    assert client.session.get(CHOSEN_MEMBERSHIP_KEY) != str(foreign.pk)


def test_a_user_without_a_role_sees_no_data_and_is_told_why(db):
    from hjp.factories import UserFactory

    client, user = Client(), UserFactory()
    client.force_login(user)
    prove_second_factor(client, user)
    html = client.get(reverse("core:home")).content.decode()
    assert "You do not have a role yet" in html
