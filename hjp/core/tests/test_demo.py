"""The demo partnership: realistic, loaded through the services, repeatable, never in production.

Loading ~300 people through the services takes a few seconds, so the demo is loaded once for
this module inside a transaction that is rolled back at the end; each test runs in a savepoint
within it, as pytest-django's `db` fixture nests its own atomic block.
"""

import re
import stat
from io import StringIO

import nhs_number
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from hjp.accounts.models import Membership, Role, User
from hjp.audit.services import find_first_break
from hjp.consent.models import Consent, Decision, Purpose
from hjp.core import demo
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site
from hjp.people.models import Person, PersonShare


def load_demo() -> str:
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of `load_demo` and the credentials file it wrote, for the whole module."""
    path = tmp_path_factory.mktemp("var") / "demo-logins.txt"
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, HJP_DEMO_CREDENTIALS_FILE=path):
            output = load_demo()
        yield output, path
        transaction.set_rollback(True)


@pytest.fixture
def output(loaded, db) -> str:
    return loaded[0]


def printed_password(output: str) -> str:
    return re.search(rf"^{re.escape(demo.PASSWORD_LABEL)} (\S+)$", output, re.MULTILINE).group(1)


def printed_emails(output: str) -> list[str]:
    return re.findall(r"\S+@\S+\.example$", output, re.MULTILINE)


def row_counts() -> dict[str, int]:
    models = [
        Organisation,
        Partnership,
        PartnershipMember,
        Site,
        User,
        Membership,
        Person,
        PersonShare,
        Consent,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_the_demo_twice_leaves_the_same_rows(output, settings, tmp_path):
    settings.DEBUG = True
    settings.HJP_DEMO_CREDENTIALS_FILE = tmp_path / "demo-logins.txt"
    first = row_counts()

    second_output = load_demo()

    assert row_counts() == first
    assert first["Person"] == demo.PEOPLE_COUNT == 300
    assert first["Organisation"] == 10
    assert first["Partnership"] == 1
    assert first["User"] == 14
    assert first["Consent"] > first["Person"]
    assert "(0 people added this run)" in second_output


def test_the_demo_is_refused_when_debug_is_off(output, settings, tmp_path):
    settings.DEBUG = False
    settings.HJP_DEMO_CREDENTIALS_FILE = tmp_path / "demo-logins.txt"
    before = row_counts()
    password_hashes = set(User.objects.values_list("password", flat=True))

    with pytest.raises(CommandError, match=re.escape(demo.DEMO_REFUSED)):
        load_demo()

    assert row_counts() == before
    assert set(User.objects.values_list("password", flat=True)) == password_hashes
    assert not settings.HJP_DEMO_CREDENTIALS_FILE.exists()


def test_every_demo_user_can_log_in_with_the_printed_password(output):
    password, emails = printed_password(output), printed_emails(output)

    assert sorted(emails) == sorted(User.objects.values_list("email", flat=True))
    for email in emails:
        assert Client().login(email=email, password=password), email
    response = Client().post("/account/login", {"username": emails[0], "password": password})
    assert response.status_code == 302


def test_the_log_ins_file_holds_the_same_table_and_only_its_owner_can_read_it(loaded, db):
    output, path = loaded

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() in output
    assert printed_password(path.read_text()) == printed_password(output)


def test_every_role_has_a_demo_user_and_the_administrator_is_staff(output):

    for role in Role:
        assert Membership.objects.filter(role=role).exists(), role
    administrator = Membership.objects.get(role=Role.ADMIN).user
    assert administrator.is_staff and administrator.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(pk=administrator.pk).exists()


def test_the_demo_partnership_has_every_setting_filled_in(output):
    partnership = Partnership.objects.get(name=demo.PARTNERSHIP_NAME)

    assert len(partnership.advice_areas) == 7
    assert {"co_location_rotation", "direct_referral"} <= set(partnership.integration_models)
    assert {"gp_practice", "hospital", "hospice"} <= set(partnership.health_settings)
    assert partnership.delivery_modes
    assert partnership.first_contact_target_days == 2
    assert partnership.contact_attempts_before_closing == 3
    assert Site.objects.filter(partnership=partnership, kind=Site.Kind.GP_PRACTICE).count() == 5
    assert Site.objects.filter(partnership=partnership, kind=Site.Kind.HOSPITAL_WARD).exists()
    ods_codes = Organisation.objects.exclude(ods_code="").values_list("ods_code", flat=True)
    assert all(code.startswith("Y9") for code in ods_codes)


def test_demo_people_have_synthetic_nhs_numbers_and_varied_details(output):
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    people = Person.objects.all()

    assert numbers and all(n.startswith("999") and nhs_number.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert people.filter(nhs_number="").exists()
    assert people.filter(interpreter_needed=True).exists()
    assert people.exclude(safe_contact_instructions="").exists()
    assert people.exclude(ethnicity="").count() > people.count() / 2
    ages = [person.age() for person in people]
    assert min(ages) >= 18 and max(ages) <= 95


def test_demo_consents_include_withdrawals_and_renewals_due(output):

    assert Consent.objects.filter(purpose=Purpose.REFERRAL, decision=Decision.WITHDRAWN).exists()
    assert Consent.objects.filter(purpose=Purpose.HEALTH_INFORMATION).exists()
    assert Consent.objects.filter(purpose=Purpose.FEEDBACK).exists()
    assert Consent.objects.renewal_due(within_days=30).exists()


def test_advisers_see_the_people_referred_to_them_and_the_funder_sees_nobody(output):
    adviser = User.objects.get(email="imran.siddiqui@kirkgateadvice.example")
    council_adviser = User.objects.get(email="mark.ellison@leodiscouncil.example")
    funder = Membership.objects.get(role=Role.FUNDER).user
    withdrawn = Consent.objects.filter(purpose=Purpose.REFERRAL, decision=Decision.WITHDRAWN)

    assert Person.objects.visible_to(adviser).count() > 100
    assert Person.objects.visible_to(council_adviser).exists()
    assert not Person.objects.visible_to(funder).exists()
    assert not Person.objects.visible_to(adviser).filter(consents__in=withdrawn).exists()


def test_the_audit_trail_is_intact_after_loading_the_demo(output):

    checked, broken = find_first_break()

    assert broken is None
    assert checked > demo.PEOPLE_COUNT * 2
