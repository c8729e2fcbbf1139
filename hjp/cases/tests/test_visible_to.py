"""Who sees which advice cases and their events: the organisation holding the case, while it may
still see the person; nobody else."""

import re

import pytest

from hjp.accounts.actor import Actor
from hjp.cases.models import Case, CaseEvent
from hjp.cases.services import close_case
from hjp.consent.services import withdraw_consent
from hjp.factories import UserFactory, actor_for
from hjp.referrals import services
from hjp.referrals.tests.factories import referral_for


@pytest.fixture
def case(world, other_world):
    """The advice centre's case from an accepted referral; the other partnership has one too."""
    referral = referral_for(world)
    services.accept_referral(referral, by=world.actor("adviser"))
    theirs = referral_for(other_world)
    services.accept_referral(theirs, by=other_world.actor("adviser"))
    return Case.objects.get(referral=referral)


@pytest.mark.parametrize("role", ["adviser", "supervisor"])
def test_the_organisation_holding_a_case_sees_it_and_its_events(world, case, role):
    actor = world.actor(role)

    assert list(Case.objects.visible_to(actor)) == [case]
    assert {event.case for event in CaseEvent.objects.visible_to(actor)} == {case}


def test_the_referring_organisation_does_not_see_the_advice_case(world, case):
    assert not Case.objects.visible_to(world.actor("referrer")).exists()
    assert not CaseEvent.objects.visible_to(world.actor("referrer")).exists()


@pytest.mark.parametrize("role", ["coordinator", "funder", "admin"])
def test_roles_without_view_rights_see_no_case_even_at_the_organisation_holding_it(
    world, case, role
):
    assert not Case.objects.visible_to(world.actor(role)).exists()
    assert not CaseEvent.objects.visible_to(world.actor(role)).exists()


def test_actors_without_a_role_see_no_case(world, case):
    for actor in [actor_for(UserFactory()), Actor.anonymous(), Actor.public(world.advice)]:
        assert not Case.objects.visible_to(actor).exists(), actor
        assert not CaseEvent.objects.visible_to(actor).exists(), actor


def test_the_other_partnership_sees_only_its_own_case(other_world, case):
    theirs = Case.objects.visible_to(other_world.actor("adviser"))

    assert theirs.count() == 1
    assert case not in theirs


def test_a_case_is_hidden_once_the_person_may_no_longer_be_seen(world, case):
    withdraw_consent(case.referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert not Case.objects.visible_to(world.actor("adviser")).exists()
    assert not CaseEvent.objects.visible_to(world.actor("adviser")).exists()


def test_open_cases_leave_out_closed_ones(world, case):
    assert Case.objects.open().count() == 2

    close_case(case, by=world.actor("adviser"))

    assert list(Case.objects.open()) == list(Case.objects.exclude(pk=case.pk))
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert (kinds[0], kinds[-1]) == ("opened", "closed")
    assert set(kinds[1:-1]) == {"issue_added"}


def test_a_case_reads_as_its_reference_and_links_to_its_page(case):
    assert re.fullmatch(r"C-[2-9A-Z]{4}-[2-9A-Z]{4}", case.reference)
    assert str(case) == f"Case {case.reference}"
    assert case.get_absolute_url() == f"/cases/{case.pk}/"
