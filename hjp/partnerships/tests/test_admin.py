"""The admin site: users, roles, organisations and partnerships, and never a person."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hjp.accounts.models import Membership, User
from hjp.audit.models import AuditEvent
from hjp.factories import TEST_PASSWORD, UserFactory, prove_second_factor


@pytest.fixture
def superuser_client(db, client):
    user = User.objects.create_superuser("root@example.nhs.uk", TEST_PASSWORD, full_name="Root")
    client.force_login(user)
    prove_second_factor(client, user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "accounts/user",
        "accounts/membership",
        "partnerships/organisation",
        "partnerships/partnership",
    ],
)
def test_changelist_pages_load_for_a_superuser(world, superuser_client, model):
    response = superuser_client.get(f"/admin/{model}/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "obj"),
    [
        ("accounts/user", lambda w: w.user("coordinator")),
        ("accounts/membership", lambda w: Membership.objects.first()),
        ("partnerships/organisation", lambda w: w.advice),
        ("partnerships/partnership", lambda w: w.partnership),
    ],
    ids=["user", "membership", "organisation", "partnership"],
)
def test_change_pages_load_for_a_superuser(world, superuser_client, model, obj):
    response = superuser_client.get(f"/admin/{model}/{obj(world).pk}/change/")
    assert response.status_code == 200


def test_the_user_page_shows_the_users_roles_inline(world, superuser_client):
    user = world.user("coordinator")
    response = superuser_client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert "North Advice Centre" in response.content.decode()


def add_user_data(password: str) -> dict:
    return {
        "email": "New.Adviser@Example.org",
        "full_name": "New Adviser",
        "job_title": "Welfare rights adviser",
        "usable_password": "true",
        "password1": password,
        "password2": password,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }


def test_a_weak_password_is_refused_when_adding_a_user(db, superuser_client):
    response = superuser_client.post("/admin/accounts/user/add/", add_user_data("short1"))
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email__iexact="new.adviser@example.org").exists()


def test_a_user_added_in_the_admin_has_a_lower_case_email_and_is_audited(db, superuser_client):
    response = superuser_client.post(
        "/admin/accounts/user/add/", add_user_data("a-long-and-unusual-passphrase")
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.adviser@example.org")
    assert user.check_password("a-long-and-unusual-passphrase")
    event = AuditEvent.objects.get(action="create", object_id=str(user.pk))
    assert {"email", "full_name"} <= set(event.detail["fields"])
    assert "a-long-and-unusual-passphrase" not in str(event.detail)
    assert "new.adviser" not in str(event.detail)


def test_an_email_address_already_in_use_is_refused(db, superuser_client):
    UserFactory(email="new.adviser@example.org")
    response = superuser_client.post(
        "/admin/accounts/user/add/", add_user_data("a-long-and-unusual-passphrase")
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="new.adviser@example.org").count() == 1


def test_changing_a_password_in_the_admin_checks_the_validators(world, superuser_client):
    user = world.user("adviser")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = superuser_client.post(
        url, {"usable_password": "true", "password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_password_changed_in_the_admin_is_audited_without_the_password(world, superuser_client):
    user = world.user("adviser")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new_password = "another-long-unusual-passphrase"
    data = {"usable_password": "true", "password1": new_password, "password2": new_password}
    assert superuser_client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="update", object_id=str(user.pk))
    assert event.detail == {"fields": ["password"]}


def test_no_person_level_model_is_registered_in_the_admin():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & {"people", "consent", "audit"}


def test_organisations_and_partnerships_cannot_be_deleted_only_switched_off(
    world, superuser_client
):
    response = superuser_client.get(
        f"/admin/partnerships/partnership/{world.partnership.pk}/delete/"
    )
    assert response.status_code == 403
