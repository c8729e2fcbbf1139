"""The demo partnership: realistic, loaded through the services, repeatable, never in production.

Loading ~300 people and a year of referrals through the services takes several seconds, so the
demo is loaded once for this module inside a transaction that is rolled back at the end; each
test runs in a savepoint within it, as pytest-django's `db` fixture nests its own atomic block.
"""

import datetime
import re
import stat
from io import StringIO

import nhs_number
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from hjp.accounts.models import Membership, Role, User
from hjp.audit.services import find_first_break
from hjp.cases.models import (
    Appointment,
    Case,
    CaseDocument,
    CaseNote,
    CaseTask,
    FileReview,
    Level,
    NoteType,
    ReviewAction,
)
from hjp.consent.models import Consent, Decision, Purpose
from hjp.consent.services import consent_in_force
from hjp.core.working_days import is_working_day, working_days_between
from hjp.demo import loader as demo
from hjp.directory.models import Service
from hjp.factories import actor_for
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import ContactAttempt, Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.status import Reason, Status

# The demo refuses to run while notifications would be sent (see hjp/demo/__init__.py).
NO_TASKS = {
    "HJP_TASK_BACKEND": "none",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
}


def load_demo() -> str:
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of `load_demo` and the credentials file it wrote, for the whole module."""
    path = tmp_path_factory.mktemp("var") / "demo-logins.txt"
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, HJP_DEMO_CREDENTIALS_FILE=path, **NO_TASKS):
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
        Service,
        Referral,
        ReferralEvent,
        ReferralDeadline,
        ContactAttempt,
        Case,
    ]
    return {model.__name__: model.objects.count() for model in models}


def self_referrals():
    return Referral.objects.filter(channel=Referral.Channel.SELF_REFERRAL)


def kirkgate_adviser() -> User:
    return User.objects.get(email="imran.siddiqui@kirkgateadvice.example")


def test_loading_the_demo_twice_leaves_the_same_rows(output, settings, tmp_path):
    settings.DEBUG = True
    settings.HJP_DEMO_CREDENTIALS_FILE = tmp_path / "demo-logins.txt"
    settings.HJP_TASK_BACKEND, settings.TASKS = NO_TASKS["HJP_TASK_BACKEND"], NO_TASKS["TASKS"]
    first = row_counts()

    second_output = load_demo()

    assert row_counts() == first
    assert demo.PEOPLE_COUNT == 300
    assert first["Person"] == demo.PEOPLE_COUNT + self_referrals().count()
    assert first["Organisation"] == 10
    assert first["Partnership"] == 1
    assert first["User"] == 14
    assert first["Service"] == 7
    assert first["Consent"] > first["Person"]
    assert 350 <= first["Referral"] <= 450
    assert "(0 people and 0 referrals added this run)" in second_output


def test_the_demo_is_refused_when_debug_is_off(output, settings, tmp_path):
    settings.DEBUG = False
    settings.HJP_DEMO_CREDENTIALS_FILE = tmp_path / "demo-logins.txt"
    settings.HJP_TASK_BACKEND, settings.TASKS = NO_TASKS["HJP_TASK_BACKEND"], NO_TASKS["TASKS"]
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
    for user in User.objects.all():
        assert user.check_password(password), user.email
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

    assert Person.objects.visible_to(actor_for(adviser)).count() > 100
    assert Person.objects.visible_to(actor_for(council_adviser)).exists()
    assert not Person.objects.visible_to(actor_for(funder)).exists()
    assert not Person.objects.visible_to(actor_for(adviser)).filter(consents__in=withdrawn).exists()


def test_the_audit_trail_is_intact_after_loading_the_demo(output):

    checked, broken = find_first_break()

    assert broken is None
    assert checked > demo.PEOPLE_COUNT * 2


def test_the_demo_prints_how_many_referrals_are_in_each_status(output):
    lines = re.findall(r"^\s+(\d+)\s+.+ \(([a-z-]+)\)$", output, re.MULTILINE)
    printed = {status: int(number) for number, status in lines}

    assert set(printed) == set(Status) - {Status.DRAFT}
    for status, number in printed.items():
        assert Referral.objects.filter(status=status).count() == number, status


def test_demo_services_include_advice_and_health_services_keyed_by_organisation_and_name(output):
    kirkgate = Organisation.objects.get(name="Kirkgate Advice Centre")
    advice = Service.objects.get(organisation=kirkgate, name="Welfare benefits and debt advice")
    casework = Service.objects.get(organisation=kirkgate, name="Housing and immigration casework")

    assert advice.capacity == Service.Capacity.ACCEPTING and advice.accepts_self_referrals
    assert {"welfare_benefits", "debt", "housing"} <= set(advice.advice_areas)
    assert casework.capacity == Service.Capacity.WAITLIST and casework.waiting_weeks == 3
    teams = set(Service.objects.health().values_list("health_team", flat=True))
    assert teams == set(Service.HealthTeam.values)


def test_demo_referrals_reach_every_status_with_the_usual_reasons(output):
    reasons = set(Referral.objects.values_list("status", "status_reason"))

    for status in set(Status) - {Status.DRAFT}:
        assert Referral.objects.filter(status=status).exists(), status
    assert (Status.FAILED, Reason.UNABLE_TO_CONTACT) in reasons
    assert (Status.FAILED, Reason.DECLINED) in reasons
    assert (Status.REJECTED, Reason.NOT_ELIGIBLE) in reasons
    assert (Status.REJECTED, Reason.NO_CAPACITY) in reasons


def test_demo_referrals_span_the_past_year_and_nothing_happens_in_the_future(output):
    sent = Referral.objects.values_list("sent_at", flat=True)
    now = timezone.now()

    assert max(sent) - min(sent) > datetime.timedelta(days=300)
    assert max(sent) <= now
    assert not ReferralEvent.objects.filter(occurred_at__gt=now).exists()
    assert not ContactAttempt.objects.filter(attempted_at__gt=now).exists()


def test_staff_send_referrals_on_working_days_in_working_hours(output):
    sent = Referral.objects.filter(channel=Referral.Channel.STAFF).values_list("sent_at", flat=True)
    local = [timezone.localtime(moment) for moment in sent]

    assert all(is_working_day(moment.date()) for moment in local)
    assert all(9 <= moment.hour < 17 for moment in local)


def test_most_people_are_first_contacted_within_two_working_days_and_some_later(output):
    contacted = Referral.objects.exclude(first_contact_at=None)
    days = [working_days_between(r.sent_at, r.first_contact_at) for r in contacted]
    unable = Referral.objects.filter(status_reason=Reason.UNABLE_TO_CONTACT)

    assert sum(day <= 2 for day in days) > 0.75 * len(days)
    assert sum(day > 2 for day in days) > 0.08 * len(days)
    for referral in unable:
        assert referral.first_contact_at is None
        assert referral.attempts.count() >= 3


def test_the_advice_centre_inbox_today_is_lively(output):
    kirkgate = Organisation.objects.get(name="Kirkgate Advice Centre")
    inbox = (
        Referral.objects.visible_to(actor_for(kirkgate_adviser())).received_by(kirkgate.pk).open()
    )
    today = timezone.localdate()

    assert 25 <= inbox.count() <= 70
    assert inbox.overdue_first_contact().exists()
    assert inbox.filter(urgency=Referral.Urgency.URGENT).exists()
    upcoming = inbox.filter(earliest_deadline__range=(today, today + datetime.timedelta(weeks=6)))
    assert upcoming.exists()


def test_demo_referrals_come_through_every_direction_and_channel(output):
    referrals = Referral.objects.all()
    total = referrals.count()
    phone = referrals.filter(channel=Referral.Channel.PHONE_LINE)
    to_health = referrals.filter(direction=Referral.Direction.ADVICE_TO_HEALTH)

    assert 0.05 * total <= self_referrals().count() <= 0.12 * total
    assert 0.02 * total <= phone.count() <= 0.08 * total
    assert not phone.exclude(from_organisation=None).exists()
    assert not phone.filter(direction__in=[Referral.Direction.HEALTH_TO_ADVICE]).exists()
    assert to_health.count() > 20
    assert to_health.filter(service__health_team=Service.HealthTeam.GP_REVIEW).exists()
    assert to_health.filter(service__health_team=Service.HealthTeam.MENTAL_HEALTH).exists()


def test_every_referral_was_sent_with_consent_covering_the_receiving_organisation(output):
    for referral in Referral.objects.select_related("referral_consent"):
        consent = referral.referral_consent
        assert consent.decision == Decision.GIVEN
        assert consent.purpose == Purpose.REFERRAL
        assert consent.scope.filter(organisation_id=referral.to_organisation_id).exists()
        assert consent.recorded_at <= referral.sent_at


def test_most_referrers_get_feedback_on_their_referrals(output):
    health_to_advice = Referral.objects.filter(direction=Referral.Direction.HEALTH_TO_ADVICE)
    with_feedback = [
        referral
        for referral in health_to_advice.select_related("person", "from_organisation")
        if consent_in_force(referral.person, Purpose.FEEDBACK, referral.from_organisation)
    ]

    assert len(with_feedback) > 0.6 * health_to_advice.count()


def test_completed_referrals_have_outcomes_that_name_nobody(output):
    completed = Referral.objects.filter(status=Status.COMPLETED).select_related("person")

    assert completed.count() > 150
    for referral in completed:
        summary, person = referral.outcome_summary, referral.person
        assert summary
        for name in (person.given_name, person.family_name, person.nhs_number, person.postcode):
            assert not name or not re.search(rf"\b{re.escape(name)}\b", summary), summary


def test_each_referral_timeline_starts_when_it_was_sent_and_runs_forwards(output):
    for referral in Referral.objects.prefetch_related("events"):
        events = sorted(referral.events.all(), key=lambda event: event.sequence)
        moments = [event.occurred_at for event in events]
        assert events[0].kind == ReferralEvent.Kind.SUBMITTED
        assert moments[0] == referral.sent_at
        assert moments == sorted(moments)
        assert events[-1].to_status in ("", referral.status)
        if referral.is_closed:
            assert referral.closed_at == max(
                event.occurred_at for event in events if event.to_status
            )


def test_accepted_referrals_are_held_by_an_adviser_of_the_receiving_organisation(output):
    accepted = Referral.objects.exclude(accepted_at=None).select_related("case")

    assert accepted.exists()
    for referral in accepted:
        assert referral.case.organisation_id == referral.to_organisation_id
        assert Membership.objects.filter(
            user=referral.assigned_to, organisation_id=referral.to_organisation_id
        ).exists()


def test_people_turning_advice_down_withdrew_their_referral_consent_afterwards(output):
    withdrawals = Consent.objects.filter(purpose=Purpose.REFERRAL, decision=Decision.WITHDRAWN)
    declined = Referral.objects.filter(status_reason=Reason.DECLINED)

    assert withdrawals.exists()
    for withdrawal in withdrawals:
        referral = declined.filter(person_id=withdrawal.person_id).first()
        assert referral is not None and referral.closed_at <= withdrawal.recorded_at


def test_the_demo_is_refused_while_its_history_would_be_emailed(output, settings, tmp_path):
    settings.DEBUG = True
    settings.HJP_DEMO_CREDENTIALS_FILE = tmp_path / "demo-logins.txt"
    settings.HJP_TASK_BACKEND = "immediate"
    before = row_counts()

    with pytest.raises(CommandError, match="HJP_TASK_BACKEND=none"):
        load_demo()

    assert row_counts() == before


def test_the_demo_has_a_year_of_casework_of_every_kind(output):
    levels = set(Case.objects.values_list("issues__level", flat=True))
    assert set(Level.values) <= levels
    assert set(CaseNote.objects.values_list("note_type", flat=True)) == set(NoteType.values)
    assert CaseNote.objects.filter(shared_summary=True).exists()
    statuses = dict(
        CaseTask.objects.filter(kind="deadline").values_list("status").annotate(n=Count("id"))
    )
    assert {"met", "missed", "open"} <= set(statuses)
    assert CaseDocument.objects.filter(document_type="decision_letter").exists()
    attendance = set(Appointment.objects.values_list("attendance", flat=True))
    assert {"attended", "did_not_attend"} <= attendance
    assert (
        FileReview.objects.exists()
        and ReviewAction.objects.filter(confirmed_at__isnull=False).exists()
    )
    assert (
        Case.objects.filter(status="closed").exists()
        and Case.objects.filter(reopened_count__gt=0).exists()
    )
    assert Case.objects.exclude(opened_via="referral").exists()


def test_the_demo_has_evidence_requests_in_every_state_with_fees_an_sr1_and_a_decline(output):
    from hjp.evidence.models import EvidenceAnswer, EvidenceRequest
    from hjp.evidence.status import Status

    statuses = set(EvidenceRequest.objects.values_list("status", flat=True))
    assert set(Status.values) <= statuses, set(Status.values) - statuses
    assert EvidenceRequest.objects.filter(fee_paid_pence__gt=0).exists()
    assert EvidenceRequest.objects.filter(fee_payer="not_applicable").exists()
    sr1 = EvidenceRequest.objects.filter(kind="sr1", prognosis_not_disclosed=True).get()
    assert sr1.issue.special_rules
    assert EvidenceRequest.objects.filter(decline_reason="fee_not_agreed").exists()
    assert EvidenceAnswer.objects.filter(document__isnull=False).exists()
    # Every step happened in the past, on a working day.
    latest = EvidenceRequest.objects.order_by("-updated_at").first().updated_at
    assert latest <= timezone.now()
