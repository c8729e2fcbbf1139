"""Scoped querysets: a user reaches only the partnerships their organisation takes part in now."""

from django.utils import timezone

from hjp.accounts.actor import resolve_actor
from hjp.factories import AdviceOrganisationFactory, UserFactory, actor_for
from hjp.partnerships.models import Organisation, Partnership, PartnershipMember, Site


def test_a_user_sees_only_the_partnerships_of_their_current_organisation(world, other_world):
    for role in world.users:
        assert list(Partnership.objects.visible_to(world.actor(role))) == [world.partnership]


def test_a_user_without_a_role_sees_no_partnership(world):
    assert not Partnership.objects.visible_to(resolve_actor(UserFactory(), None)).exists()


def test_a_member_that_has_left_no_longer_sees_the_partnership(world):
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on=timezone.localdate())
    assert not Partnership.objects.visible_to(world.actor("funder")).exists()


def test_sites_and_members_are_reached_only_through_a_visible_partnership(world, other_world):
    coordinator = world.user("coordinator")
    assert list(Site.objects.visible_to(actor_for(coordinator))) == [world.site]
    members = PartnershipMember.objects.visible_to(actor_for(coordinator))
    assert {m.partnership_id for m in members} == {world.partnership.pk}


def test_organisations_of_the_users_partnerships_are_visible_and_others_are_not(world, other_world):
    visible = set(Organisation.objects.visible_to(world.actor("funder")))
    assert visible == {world.practice, world.advice, world.funder}
    assert AdviceOrganisationFactory() not in Organisation.objects.visible_to(world.actor("funder"))


def test_counts_are_of_current_member_organisations_and_sites_in_use(world):
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on=timezone.localdate())
    Site.objects.create(
        partnership=world.partnership,
        organisation=world.advice,
        name="Closed office",
        kind=Site.Kind.ADVICE_OFFICE,
        is_active=False,
    )
    partnership = Partnership.objects.with_counts().get(pk=world.partnership.pk)
    assert (partnership.member_count, partnership.site_count) == (2, 1)
