"""Scoped querysets: a user reaches only the partnerships their organisation takes part in now;
and the queries the partnership pages are built from."""

from django.utils import timezone

from hjp.accounts.actor import Actor, resolve_actor
from hjp.factories import AdviceOrganisationFactory, UserFactory, actor_for
from hjp.partnerships.models import (
    AdviceArea,
    Organisation,
    Partnership,
    PartnershipMember,
    Site,
)


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


def test_with_part_finds_the_partnerships_where_an_organisation_currently_holds_that_part(
    world, other_world
):
    assert list(Partnership.objects.with_part(world.advice, "advice_provider")) == [
        world.partnership
    ]
    assert list(Partnership.objects.with_part(world.advice.pk, "advice_provider")) == [
        world.partnership
    ]
    assert not Partnership.objects.with_part(world.advice, "funder").exists()
    PartnershipMember.objects.filter(organisation=world.advice).update(left_on="2020-01-01")
    assert not Partnership.objects.with_part(world.advice, "advice_provider").exists()


def test_current_members_and_organisations_not_holding_a_part(world, other_world):
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on="2020-01-01")

    members = Organisation.objects.current_members_of(world.partnership)
    assert set(members) == {world.practice, world.advice}
    not_advising = Organisation.objects.filter(
        pk__in=[world.practice.pk, world.advice.pk, world.funder.pk]
    ).not_holding(world.partnership, "advice_provider")
    assert set(not_advising) == {world.practice, world.funder}


def test_in_partnership_lists_each_organisation_once_including_those_that_left(world):
    PartnershipMember.objects.filter(organisation=world.funder).update(left_on="2020-01-01")

    organisations = list(Organisation.objects.in_partnership(world.partnership))

    assert sorted(organisations, key=str) == sorted(
        [world.practice, world.advice, world.funder], key=str
    )
    assert PartnershipMember.objects.ended().get().organisation == world.funder
    assert PartnershipMember.objects.current().count() == 3


def test_active_leaves_out_organisations_and_sites_switched_off(world):
    world.funder.is_active = False
    world.funder.save()
    closed = Site.objects.create(
        partnership=world.partnership,
        organisation=world.practice,
        name="Closed branch",
        kind=Site.Kind.GP_PRACTICE,
        is_active=False,
    )

    assert set(Organisation.objects.active()) == {world.practice, world.advice}
    assert list(Site.objects.active()) == [world.site]
    assert closed not in Site.objects.active()


def test_has_member_is_true_only_for_a_current_member(world, other_world):
    assert world.partnership.has_member(world.advice.pk)
    assert not world.partnership.has_member(other_world.advice.pk)
    PartnershipMember.objects.filter(organisation=world.advice).update(left_on="2020-01-01")
    assert not world.partnership.has_member(world.advice.pk)


def test_labels_name_each_chosen_setting_and_keep_an_unknown_value_as_it_is(world):
    world.partnership.advice_areas = ["debt", "housing", "retired_area"]

    assert world.partnership.labels("advice_areas", AdviceArea) == [
        "Debt",
        "Housing",
        "retired_area",
    ]


def test_partnerships_and_organisations_link_to_their_pages(world):
    assert world.partnership.get_absolute_url() == f"/partnerships/{world.partnership.pk}/"
    assert world.advice.get_absolute_url() == f"/partnerships/organisations/{world.advice.pk}/"
    assert str(world.partnership) == world.partnership.name
    assert str(world.site) == world.site.name


def test_organisations_partnerships_sites_and_members_are_hidden_from_an_actor_without_a_role(
    world,
):
    for actor in [
        resolve_actor(UserFactory(), None),
        Actor.anonymous(),
        Actor.public(world.advice),
    ]:
        assert not Organisation.objects.visible_to(actor).exists(), actor
        assert not Partnership.objects.visible_to(actor).exists(), actor
        assert not Site.objects.visible_to(actor).exists(), actor
        assert not PartnershipMember.objects.visible_to(actor).exists(), actor


def test_site_counts_leave_out_sites_no_longer_in_use(world):
    for name, in_use in [("Branch surgery", True), ("Old branch", False)]:
        Site.objects.create(
            partnership=world.partnership,
            organisation=world.practice,
            name=name,
            kind=Site.Kind.GP_PRACTICE,
            is_active=in_use,
        )

    assert Partnership.objects.with_counts().get(pk=world.partnership.pk).site_count == 2


def test_not_holding_looks_only_at_the_partnership_named(world, other_world):
    advice_centres = Organisation.objects.filter(pk__in=[world.advice.pk, other_world.advice.pk])

    not_advising_here = advice_centres.not_holding(world.partnership, "advice_provider")

    assert list(not_advising_here) == [other_world.advice]
