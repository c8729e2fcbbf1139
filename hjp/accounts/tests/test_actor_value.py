"""The Actor: who acts, for which organisation, in which role. Formed only from a membership the
user holds; nobody without a role holds a permission; the session copy is dropped when stale."""

import pytest

from hjp.accounts.actor import (
    NO_MEMBERSHIP_THERE,
    NO_ORGANISATION_NAMED,
    SEVERAL_ROLES_THERE,
    Actor,
    ActorError,
    Channel,
    memberships_of,
    resolve_actor,
)
from hjp.accounts.models import Membership, Role
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission
from hjp.factories import AdviceOrganisationFactory, MembershipFactory, UserFactory


@pytest.fixture
def two_jobs(world):
    """The world's adviser also works as a referrer at a second organisation."""
    adviser = world.user("adviser")
    elsewhere = AdviceOrganisationFactory(name="Aardvark Advice")
    MembershipFactory(user=adviser, organisation=elsewhere, role=Role.REFERRER)
    return adviser, elsewhere


def test_an_actor_for_a_membership_carries_its_user_organisation_and_role(world):
    membership = Membership.objects.get(user=world.user("adviser"))

    actor = Actor.for_membership(membership, membership_count=3)

    assert (actor.user_id, actor.user, actor.membership_id) == (
        world.user("adviser").pk,
        world.user("adviser"),
        membership.pk,
    )
    assert (actor.organisation_id, actor.organisation_name, actor.organisation_kind) == (
        world.advice.pk,
        world.advice.name,
        "advice",
    )
    assert (actor.role, actor.channel, actor.job, actor.membership_count) == (
        "adviser",
        Channel.WEB,
        "",
        3,
    )
    assert Actor.for_membership(membership).membership_count == 1


def test_an_actor_for_a_user_at_a_named_organisation_uses_their_role_there(world, two_jobs):
    adviser, elsewhere = two_jobs

    actor = Actor.for_user(adviser, organisation=elsewhere)

    assert (actor.organisation_id, actor.role, actor.user) == (elsewhere.pk, "referrer", adviser)
    assert actor.membership_count == 2
    assert Actor.for_user(adviser, organisation=world.advice).role == "adviser"


def test_an_actor_for_a_user_may_name_the_role_among_several_at_one_organisation(world):
    supervisor = world.user("supervisor")
    MembershipFactory(user=supervisor, organisation=world.advice, role=Role.COORDINATOR)

    with pytest.raises(ActorError) as several:
        Actor.for_user(supervisor, organisation=world.advice)

    assert str(several.value) == SEVERAL_ROLES_THERE.format(
        user=supervisor, organisation=world.advice
    )
    chosen = Actor.for_user(supervisor, organisation=world.advice, role="coordinator")
    assert (chosen.role, chosen.membership_count) == ("coordinator", 2)


def test_an_actor_cannot_be_formed_for_an_organisation_or_role_the_user_does_not_hold(world):
    adviser = world.user("adviser")
    expected = NO_MEMBERSHIP_THERE.format(user=adviser, organisation=world.practice)

    with pytest.raises(ActorError, match=expected):
        Actor.for_user(adviser, organisation=world.practice)
    with pytest.raises(ActorError):
        Actor.for_user(adviser, organisation=world.advice, role="supervisor")


def test_an_inactive_membership_forms_no_actor_and_is_not_counted(world, two_jobs):
    adviser, elsewhere = two_jobs
    Membership.objects.filter(user=adviser, organisation=elsewhere).update(is_active=False)

    with pytest.raises(ActorError):
        Actor.for_user(adviser, organisation=elsewhere)
    assert Actor.for_user(adviser, organisation=world.advice).membership_count == 1


def test_the_public_form_acts_for_the_receiving_organisation_without_a_user_or_role(world):
    actor = Actor.public(world.advice)

    assert (actor.user_id, actor.role, actor.membership_id) == (None, None, None)
    assert (actor.organisation_id, actor.organisation_name, actor.organisation_kind) == (
        world.advice.pk,
        world.advice.name,
        "advice",
    )
    assert (actor.channel, actor.job) == (Channel.PUBLIC, "self-referral")
    assert Actor.public(world.advice, channel="phone-line").job == "phone-line"
    assert not actor.is_authenticated and not actor.has_membership


def test_a_job_acts_for_the_organisation_it_names_under_its_own_name(world):
    actor = Actor.system(world.practice, job="reminders")

    assert (actor.user_id, actor.role, actor.membership_id) == (None, None, None)
    assert (actor.organisation_id, actor.organisation_name, actor.organisation_kind) == (
        world.practice.pk,
        world.practice.name,
        "health",
    )
    assert (actor.channel, actor.job) == (Channel.JOB, "reminders")


def test_a_job_that_names_no_organisation_is_refused():
    with pytest.raises(ActorError) as refused:
        Actor.system(None, job="reminders")

    assert str(refused.value) == NO_ORGANISATION_NAMED.format(job="reminders")


def test_an_anonymous_actor_is_nobody():
    actor = Actor.anonymous()

    assert (actor.user_id, actor.organisation_id, actor.role) == (None, None, None)
    assert actor.channel == Channel.WEB


@pytest.mark.parametrize("permission", list(Permission))
def test_actors_without_a_role_hold_no_permission(world, permission):
    for actor in [
        Actor.anonymous(),
        Actor.public(world.advice),
        Actor.system(world.advice, job="reminders"),
    ]:
        assert not actor.can(permission), actor


@pytest.mark.parametrize("permission", list(Permission))
def test_an_actor_holds_exactly_what_its_role_holds(world, permission):
    for role in Role:
        assert world.actor(role.value).can(permission) == (role in ROLE_PERMISSIONS[permission])
        assert world.actor(role.value).can(permission.value) == world.actor(role.value).can(
            permission
        )


def test_an_actor_kept_in_the_session_comes_back_the_same(world):
    adviser = world.user("adviser")
    actor = world.actor("adviser")

    data = actor.session_data(adviser.access_version)

    assert data == {
        "user": str(adviser.pk),
        "membership": str(actor.membership_id),
        "organisation": str(world.advice.pk),
        "name": world.advice.name,
        "kind": "advice",
        "role": "adviser",
        "count": 1,
        "version": adviser.access_version,
    }
    back = Actor.from_session_data(adviser, data)
    assert back == actor
    assert back.user == adviser  # not compared by ==


def test_an_actor_without_a_membership_is_kept_in_the_session_as_one(db):
    user = UserFactory()
    actor = resolve_actor(user, None)

    data = actor.session_data(user.access_version)

    assert (data["membership"], data["organisation"], data["role"], data["count"]) == (
        "",
        "",
        "",
        0,
    )
    back = Actor.from_session_data(user, data)
    assert back == actor
    assert (back.organisation_id, back.role, back.user) == (None, None, user)


def test_a_session_actor_of_another_user_or_an_older_access_version_is_dropped(world):
    adviser, referrer = world.user("adviser"), world.user("referrer")
    data = world.actor("adviser").session_data(adviser.access_version)

    assert Actor.from_session_data(referrer, data) is None
    assert Actor.from_session_data(adviser, {**data, "version": adviser.access_version + 1}) is None
    assert Actor.from_session_data(adviser, None) is None
    assert Actor.from_session_data(adviser, "not a dict") is None


def test_a_user_with_one_membership_acts_under_it(world):
    assert resolve_actor(world.user("adviser"), None) == world.actor("adviser")


def test_a_user_with_several_memberships_acts_for_nobody_until_they_choose(world, two_jobs):
    adviser, elsewhere = two_jobs

    unchosen = resolve_actor(adviser, None)

    assert (unchosen.organisation_id, unchosen.role, unchosen.membership_count) == (None, None, 2)
    assert unchosen.user == adviser
    assert not unchosen.can(Permission.VIEW_PEOPLE)
    chosen = Membership.objects.get(user=adviser, organisation=elsewhere)
    actor = resolve_actor(adviser, str(chosen.pk))
    assert (actor.organisation_id, actor.role, actor.membership_count) == (
        elsewhere.pk,
        "referrer",
        2,
    )


def test_a_choice_that_is_not_one_of_the_users_memberships_chooses_nothing(world, two_jobs):
    adviser, _ = two_jobs
    someone_elses = Membership.objects.get(user=world.user("referrer"))

    assert resolve_actor(adviser, str(someone_elses.pk)).organisation_id is None
    assert resolve_actor(world.user("referrer"), "not-a-membership") == world.actor("referrer")


def test_memberships_are_listed_active_only_in_organisation_name_order(world, two_jobs):
    adviser, elsewhere = two_jobs

    assert [m.organisation for m in memberships_of(adviser)] == [elsewhere, world.advice]
    Membership.objects.filter(user=adviser, organisation=elsewhere).update(is_active=False)
    assert [m.organisation for m in memberships_of(adviser)] == [world.advice]


def test_forming_an_actor_for_a_user_reads_their_memberships_in_two_queries(
    world, two_jobs, django_assert_num_queries
):
    adviser, elsewhere = two_jobs

    with django_assert_num_queries(2):
        actor = Actor.for_user(adviser, organisation=elsewhere)
        assert (actor.organisation_name, actor.user.full_name) == (
            elsewhere.name,
            adviser.full_name,
        )


def test_a_user_who_has_not_chosen_is_kept_in_the_session_with_how_many_they_may_choose_from(
    world, two_jobs
):
    adviser, _ = two_jobs
    data = resolve_actor(adviser, None).session_data(adviser.access_version)

    back = Actor.from_session_data(adviser, data)

    assert (back.organisation_id, back.membership_count, back.user) == (None, 2, adviser)
    del data["count"]
    assert Actor.from_session_data(adviser, data).membership_count == 0


def test_memberships_are_listed_with_their_organisation_and_user_in_one_query(
    world, two_jobs, django_assert_num_queries
):
    adviser, _ = two_jobs

    with django_assert_num_queries(1):
        names = [(m.organisation.name, m.user.full_name) for m in memberships_of(adviser)]

    assert names == [("Aardvark Advice", adviser.full_name), (world.advice.name, adviser.full_name)]
