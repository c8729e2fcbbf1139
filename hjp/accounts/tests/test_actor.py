"""Who acts: one explicit actor per request, job and command, never a user's "first" membership."""

import dataclasses

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import (
    NO_MEMBERSHIP_THERE,
    NO_ORGANISATION_NAMED,
    SEVERAL_ROLES_THERE,
    Actor,
    ActorError,
    Channel,
)
from hjp.accounts.middleware import CHOSEN_MEMBERSHIP_KEY
from hjp.accounts.models import Membership, Role, User
from hjp.accounts.tests.test_views import log_in
from hjp.audit.models import AuditEvent
from hjp.factories import (
    TEST_PASSWORD,
    AdviceOrganisationFactory,
    actor_for,
    build_partnership_world,
    prove_second_factor,
    record_person,
)
from hjp.partnerships.models import PartnershipMember
from hjp.referrals import services
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service, referral_for
from hjp.referrals.tests.test_submit_phone import call

HOME = reverse("core:home")
HEALTHZ = reverse("core:healthz")


@pytest.fixture
def second_advice(world):
    """Another advice organisation in the same partnership, with a service of its own."""
    organisation = AdviceOrganisationFactory(name="Second Advice Centre")
    PartnershipMember.objects.create(
        partnership=world.partnership,
        organisation=organisation,
        part=PartnershipMember.Part.ADVICE_PROVIDER,
        joined_on=timezone.localdate(),
    )
    return organisation


@pytest.fixture
def two_hats(world, second_advice):
    """The world's adviser, who also advises for the second advice organisation."""
    adviser = world.user("adviser")
    second = Membership.objects.create(user=adviser, organisation=second_advice, role=Role.ADVISER)
    return adviser, second


def superuser() -> Client:
    client = Client()
    root = User.objects.create_superuser("root@example.nhs.uk", TEST_PASSWORD, full_name="Root")
    client.force_login(root)
    prove_second_factor(client, root)
    return client


def choose(client: Client, membership: Membership) -> None:
    response = client.post(reverse("accounts:switch"), {"membership": str(membership.pk)})
    assert response.status_code == 302


def test_an_actor_is_frozen(world):
    actor = world.actor("adviser")
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.organisation_id = world.practice.pk


def test_a_job_or_command_that_names_no_organisation_is_refused():
    with pytest.raises(ActorError) as refused:
        Actor.system(None, job="send_reminders")
    assert str(refused.value) == NO_ORGANISATION_NAMED.format(job="send_reminders")


def test_a_job_acts_for_the_organisation_it_names_and_holds_no_role(world):
    actor = Actor.system(world.advice, job="send_reminders")
    assert (actor.organisation_id, actor.role, actor.user_id) == (world.advice.pk, None, None)
    assert actor.channel == Channel.JOB
    assert not actor.can("people.view")


def test_acting_as_a_user_needs_a_role_at_the_organisation_named(world, other_world):
    adviser = world.user("adviser")
    with pytest.raises(ActorError) as refused:
        Actor.for_user(adviser, organisation=other_world.advice)
    assert str(refused.value) == NO_MEMBERSHIP_THERE.format(
        user=adviser, organisation=other_world.advice
    )


def test_a_user_with_two_roles_at_one_organisation_must_name_the_role(world):
    adviser = world.user("adviser")
    Membership.objects.create(user=adviser, organisation=world.advice, role=Role.SUPERVISOR)
    with pytest.raises(ActorError) as refused:
        Actor.for_user(adviser, organisation=world.advice)
    assert str(refused.value) == SEVERAL_ROLES_THERE.format(user=adviser, organisation=world.advice)
    chosen = Actor.for_user(adviser, organisation=world.advice, role=Role.SUPERVISOR)
    assert chosen.role == Role.SUPERVISOR


def test_services_refuse_anything_but_an_actor(world):
    referral = referral_for(world)
    with pytest.raises(TypeError):
        services.accept_referral(referral, by=world.user("adviser"))


def test_a_logged_in_request_makes_no_membership_query(world, login):
    client = login(world.user("adviser"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HEALTHZ).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert not any("accounts_membership" in sql for sql in statements), statements
    # The session, the user and the health check's own SELECT 1.
    assert len(statements) == 3, statements


def test_ending_a_membership_in_the_admin_takes_effect_on_the_next_request(world, login):
    adviser = world.user("adviser")
    client = login(adviser)
    assert client.get(reverse("referrals:inbox")).status_code == 200
    membership = Membership.objects.get(user=adviser)
    admin = superuser()
    # Untick "active": the membership ends.
    response = admin.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {"user": str(adviser.pk), "organisation": str(world.advice.pk), "role": Role.ADVISER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(reverse("referrals:inbox")).status_code == 403
    assert "You do not have a role yet" in client.get(HOME).content.decode()


def test_switching_an_organisation_off_in_the_admin_takes_effect_on_the_next_request(world, login):
    client = login(world.user("referrer"))
    assert client.get(reverse("people:list")).status_code == 200
    admin = superuser()
    practice = world.practice
    # Untick "active": the organisation is switched off.
    response = admin.post(
        reverse("admin:partnerships_organisation_change", args=[practice.pk]),
        {
            "name": practice.name,
            "kind": practice.kind,
            "ods_code": practice.ods_code,
            "charity_number": "",
            "company_number": "",
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.get(reverse("people:list")).status_code == 403


def test_a_user_with_two_roles_chooses_before_anything_is_shown(world, two_hats):
    adviser, _ = two_hats
    client = Client()
    response = log_in(client, adviser.email)
    assert response["Location"].startswith(reverse("accounts:switch"))
    html = client.get(HOME).content.decode()
    assert "Choose the organisation you are working for" in html
    inbox = reverse("referrals:inbox")
    sent_to_choose = client.get(inbox)
    assert sent_to_choose["Location"] == f"{reverse('accounts:switch')}?next=%2Freferrals%2Finbox"
    chosen = client.post(
        sent_to_choose["Location"],
        {"membership": str(two_hats[1].pk), "next": inbox},
    )
    assert chosen["Location"] == inbox
    assert client.get(inbox).status_code == 200


def test_a_page_acts_for_the_organisation_chosen(world, two_hats, login):
    adviser, second = two_hats
    ours = referral_for(world, service=advice_service(world, name="Ours"))
    client = login(adviser)
    choose(client, second)
    assert client.session[CHOSEN_MEMBERSHIP_KEY] == str(second.pk)
    assert client.get(ours.get_absolute_url()).status_code == 404
    choose(client, Membership.objects.get(user=adviser, organisation=world.advice))
    assert client.get(ours.get_absolute_url()).status_code == 200


def test_the_phone_line_acts_for_the_organisation_chosen(world, two_hats, second_advice, login):
    adviser, second = two_hats
    ours = advice_service(world, name="First line")
    theirs = advice_service(world, name="Second line")
    theirs.organisation = second_advice
    theirs.save()
    client = login(adviser)
    choose(client, second)
    refused = client.post(reverse("referrals:phone"), call(ours))
    assert refused.status_code == 200 and not Referral.objects.exists()
    response = client.post(reverse("referrals:phone"), call(theirs))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.to_organisation == second_advice
    created = AuditEvent.objects.filter(object_type="referrals.referral", action="create").get()
    assert created.organisation_id == second_advice.pk


def test_a_job_acts_for_the_organisation_the_user_chose_when_they_acted(
    world, two_hats, mailoutbox
):
    adviser, _ = two_hats
    referral = referral_for(world)
    acting_for_first = actor_for(adviser, organisation=world.advice)
    services.accept_referral(referral, by=acting_for_first)
    (emailed,) = AuditEvent.objects.filter(detail__acting_as="notify_referrer")
    assert emailed.organisation_id == world.advice.pk
    assert emailed.actor_id is None
    assert mailoutbox and referral.reference in mailoutbox[0].subject


def test_an_actor_from_another_partnership_sees_nothing_of_this_one(world):
    other = build_partnership_world("East")
    person = record_person(world)
    assert not type(person).objects.visible_to(other.actor("referrer")).filter(pk=person.pk)
