"""Access control generated from the URL resolver × roles × two partnerships.

Every page denies anonymous users; roles that may use a page get it for their own partnership's
objects and a 404 for another partnership's; roles that may not use a page get 403 whatever the
object; every access to a person-level page writes exactly one audit event.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hjp.accounts.models import Role
from hjp.accounts.rules import has_permission
from hjp.audit.models import AuditEvent
from hjp.cases.review_checklist import CHECKLIST
from hjp.cases.services.appointments import book_appointment
from hjp.cases.services.deadlines import add_deadline
from hjp.cases.services.documents import upload_document
from hjp.cases.services.notes import add_note
from hjp.cases.services.reviews import record_file_review
from hjp.clinics.tests.factories import clinic_objects
from hjp.consent.services import record_consent
from hjp.consultations.services import ConsultationAsk, ask_consultation
from hjp.evidence.services import EvidenceAsk, request_evidence
from hjp.factories import actor_for, build_partnership_world, prove_second_factor, record_person
from hjp.outcomes.services.financial import record_financial_outcome
from hjp.partnerships.models import PartnershipMember
from hjp.partnerships.services import add_funding_stream, set_goal
from hjp.people.models import PersonShare
from hjp.people.services import share_person
from hjp.referrals.services import accept_referral
from hjp.referrals.tests.factories import advice_service, referral_for
from hjp.reporting.build import Audience
from hjp.reporting.scope import ReportScope
from hjp.reporting.services import freeze_report

# Pages anyone may open, logged in or not.
PUBLIC = {
    "core:healthz",
    "core:privacy",
    "core:accessibility",
    "core:fonts",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "self_referral:start",
    "self_referral:done",
    "self_referral_short",
}
# The second step of logging in: open to a session that has given its password, and tested with
# the log-in in hjp/accounts/tests/test_second_factor.py.
LOG_IN_STEPS = {"accounts:second_factor", "accounts:second_factor_setup"}
# Posted only, from the confirmation, by the referrer in the browser that sent the referral;
# its access (other tenants 404) is tested in hjp/referrals/tests/test_two_screens.py.
POSTED_ONLY = {"referrals:correct"}
# Django's admin sends people to the service's log-in; it is tested in the accounts and
# partnerships apps.
SKIPPED_NAMESPACES = {"admin"}
# URL keyword arguments the matrix knows how to fill; a new one fails the matrix until added.
# Pages only the referring organisation may open: the receiving side gets 404 even in its
# own partnership.
SENDER_ONLY = {"referrals:confirmation"}
PERSON_LEVEL_KWARGS = {
    "person_pk",
    "session_pk",
    "booking_pk",
    "consent_pk",
    "referral_pk",
    "case_pk",
    "review_pk",
    "action_pk",
    "note_pk",
    "task_pk",
    "document_pk",
    "issue_pk",
    "appointment_pk",
    "outcome_pk",
    "evidence_pk",
    "consultation_pk",
}


@dataclass
class Route:
    name: str
    kwargs: tuple[str, ...]
    callback: object


def all_routes(resolver: URLResolver | None = None, namespace: str = "") -> list[Route]:
    routes = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            routes.extend(all_routes(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            kwargs = tuple(pattern.pattern.converters)
            routes.append(Route(f"{namespace}{pattern.name}", kwargs, pattern.callback))
    return routes


PROTECTED = [r for r in all_routes() if r.name not in PUBLIC | LOG_IN_STEPS | POSTED_ONLY]


def objects_of(world) -> dict:
    """One object of each kind a URL can name, all belonging to `world`'s partnership."""
    person = record_person(world)
    share_person(
        person,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    consent = record_consent(
        person,
        by=world.actor("referrer"),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )
    consultation = ask_consultation(
        ConsultationAsk("ask_adviser", world.advice, "debt", "Arrears", "Can they?", person),
        by=world.actor("referrer"),
    )
    service = advice_service(world, accepts_self_referrals=True)
    referral = referral_for(world, person=person, service=service, feedback_consent=True)
    accepted = accept_referral(
        referral_for(world, person=person, service=service), by=world.actor("adviser")
    )
    note = add_note(
        accepted.case,
        by=world.actor("adviser"),
        note_type="file_note",
        subject="Checked entitlement",
        body="Entitled to the standard rate.",
        activity_date=timezone.localdate(),
    )
    task = add_deadline(
        accepted.case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Tribunal hearing",
        due_date=timezone.localdate(),
    )
    document = upload_document(
        accepted.case,
        by=world.actor("adviser"),
        uploaded_file=SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision"),
        document_type="decision_letter",
        title="Decision",
        document_date=timezone.localdate(),
        source="dwp",
    )
    appointment = book_appointment(
        accepted.case,
        by=world.actor("adviser"),
        starts_at=timezone.now(),
        duration_minutes=30,
        mode="phone",
        adviser=world.user("adviser"),
    )
    # The adviser holds the case and the supervisor reviews it, raising one action.
    review = record_file_review(
        accepted.case,
        by=world.actor("supervisor"),
        ratings={item.code: "not_applicable" for item in CHECKLIST},
        overall="with_actions",
        comments="",
        actions=["Confirm the advice to the client in writing"],
    )
    outcome = record_financial_outcome(
        accepted.case.issues.first(),
        by=world.actor("adviser"),
        kind="recurring_income",
        source="attendance_allowance",
        amount_pence=11040,
        frequency="weekly",
        status="estimated",
    )
    # A funder's pack, which the partnership's coordinator and its funder may both open.
    today = timezone.localdate()
    snapshot = freeze_report(
        ReportScope(world.partnership, today.replace(month=1, day=1), today),
        by=world.actor("coordinator"),
        audience=Audience.FUNDER,
    )
    goal = set_goal(
        world.partnership,
        by=world.actor("coordinator"),
        title="Reach more patients",
        measure="reach.referrals",
        target=Decimal(900),
        unit="count",
        stated_on=today,
    )
    stream = add_funding_stream(
        world.partnership,
        by=world.actor("coordinator"),
        funder=world.funder,
        name="Core grant",
        amount_pence=7_800_000,
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(month=12, day=31),
        reporting_duties="Quarterly",
    )
    record_consent(
        person,
        by=world.actor("adviser"),
        purpose="health_information",
        method="written",
        organisations=[world.advice, world.practice],
    )
    evidence = request_evidence(
        accepted.case.issues.first(),
        by=world.actor("adviser"),
        ask=EvidenceAsk(
            to_organisation=world.practice,
            kind="supporting_letter",
            purpose="Mandatory reconsideration",
            questions=["How does the condition affect daily life?"],
            due_on=today + timedelta(days=30),
            attachments=[document],
        ),
    )
    return {
        "evidence_pk": evidence.pk,
        "consultation_pk": consultation.pk,
        "stream_pk": stream.pk,
        "goal_pk": goal.pk,
        "outcome_pk": outcome.pk,
        "snapshot_pk": snapshot.pk,
        "fmt": "csv",
        "referral_pk": referral.pk,
        "case_pk": accepted.case.pk,
        "review_pk": review.pk,
        "action_pk": review.actions.get().pk,
        "note_pk": note.pk,
        "appointment_pk": appointment.pk,
        "issue_pk": accepted.case.issues.first().pk,
        "task_pk": task.pk,
        "document_pk": document.pk,
        "service_pk": service.pk,
        "person_pk": person.pk,
        "consent_pk": consent.pk,
        "partnership_pk": world.partnership.pk,
        "site_pk": world.site.pk,
        "member_pk": PartnershipMember.objects.filter(partnership=world.partnership).first().pk,
        "organisation_pk": world.advice.pk,
        **clinic_objects(world, service=service, referral=referral),
    }


def is_sender(user, world) -> bool:
    """Whether the user works for the organisation that sent `objects_of(world)`'s referral."""
    return user.memberships.filter(organisation=world.practice).exists()


def required_permission(route: Route):
    return getattr(route.callback, "permission", None)


def url_for(route: Route, objects: dict) -> str:
    unknown = set(route.kwargs) - set(objects)
    assert not unknown, f"{route.name}: teach the access matrix about {sorted(unknown)}"
    return reverse(route.name, kwargs={k: objects[k] for k in route.kwargs})


def get(client: Client, url: str, route: Route):
    method = getattr(route.callback, "matrix_method", "get")
    return getattr(client, method)(url)


@pytest.fixture
def tenants(db):
    north, south = build_partnership_world("North"), build_partnership_world("South")
    return north, objects_of(north), south, objects_of(south)


def test_the_matrix_covers_the_pages_of_every_app():
    namespaces = {route.name.split(":")[0] for route in PROTECTED}
    assert {"core", "accounts", "partnerships", "people", "consent", "audit"} <= namespaces


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: r.name)
def test_anonymous_users_are_sent_to_log_in(route, tenants):
    _, own, _, _ = tenants
    response = get(Client(), url_for(route, own), route)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: r.name)
def test_each_role_reaches_only_its_own_partnerships_objects(route, tenants):
    north, own, _, foreign = tenants
    failures = []
    for role in Role:
        user = north.user(role.value)
        client = Client()
        client.force_login(user)
        prove_second_factor(client, user)
        permission = required_permission(route)
        allowed = permission is None or has_permission(actor_for(user), permission)
        own_status = get(client, url_for(route, own), route).status_code
        expected_own = 200 if allowed else 403
        if allowed and route.name in SENDER_ONLY and not is_sender(user, north):
            expected_own = 404
        if own_status != expected_own:
            failures.append(f"{role}: own object {own_status}, expected {expected_own}")
        if route.kwargs:
            foreign_status = get(client, url_for(route, foreign), route).status_code
            expected_foreign = 404 if allowed else 403
            if foreign_status != expected_foreign:
                failures.append(
                    f"{role}: other partnership {foreign_status}, expected {expected_foreign}"
                )
    assert failures == []


PERSON_ROUTES = [r for r in PROTECTED if PERSON_LEVEL_KWARGS & set(r.kwargs)]


@pytest.mark.parametrize("route", PERSON_ROUTES, ids=lambda r: r.name)
def test_a_funder_never_reaches_a_person_page(route, tenants):
    north, own, _, _ = tenants
    client = Client()
    client.force_login(north.user("funder"))
    prove_second_factor(client, north.user("funder"))
    assert get(client, url_for(route, own), route).status_code == 403


@pytest.mark.parametrize("route", PERSON_ROUTES, ids=lambda r: r.name)
def test_every_person_level_access_writes_exactly_one_audit_event(route, tenants):
    north, own, _, foreign = tenants
    person_id = own["person_pk"]
    for role in Role:
        user = north.user(role.value)
        permission = required_permission(route)
        if permission is not None and not has_permission(actor_for(user), permission):
            continue
        if route.name in SENDER_ONLY and not is_sender(user, north):
            continue
        client = Client()
        client.force_login(user)
        prove_second_factor(client, user)
        before = AuditEvent.objects.count()
        assert get(client, url_for(route, own), route).status_code == 200
        about_person = AuditEvent.objects.about_person(person_id).filter(sequence__gt=before)
        assert about_person.count() == 1, (
            role,
            list(about_person.values_list("action", flat=True)),
        )
        assert about_person.get().actor_id == user.pk

        before = AuditEvent.objects.count()
        assert get(client, url_for(route, foreign), route).status_code == 404
        denied = AuditEvent.objects.filter(sequence__gt=before, action=AuditEvent.Action.DENIED)
        assert denied.count() == 1
        assert (
            AuditEvent.objects.about_person(foreign["person_pk"])
            .filter(sequence__gt=before)
            .count()
            == 0
        )
