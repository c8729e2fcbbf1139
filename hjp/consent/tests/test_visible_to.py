"""Who sees which consent decisions: staff who may view people see the decisions their own
organisation recorded or is covered by, about people they see; nobody else sees any."""

import pytest

from hjp.accounts.actor import Actor
from hjp.consent.models import Consent, ConsentScope, CurrentConsent
from hjp.consent.services import record_consent, withdraw_consent
from hjp.factories import UserFactory, actor_for
from hjp.referrals.tests.factories import referral_for

NO_VIEW_RIGHTS = ["coordinator", "funder", "admin"]


@pytest.fixture
def decisions(world, other_world):
    """A referral's consent (recorded by the practice, covering the advice centre) and a
    feedback consent covering only the practice, about the same person; another partnership's."""
    referral = referral_for(world)
    practice_only = record_consent(
        referral.person,
        by=world.actor("referrer"),
        purpose="feedback",
        method="verbal",
        organisations=[world.practice],
    )
    referral_for(other_world)
    return referral.referral_consent, practice_only


def test_the_recording_organisation_sees_every_decision_it_recorded(world, decisions):
    assert set(Consent.objects.visible_to(world.actor("referrer"))) == set(decisions)


@pytest.mark.parametrize("role", ["adviser", "supervisor"])
def test_a_covered_organisation_sees_only_the_decisions_covering_it(world, decisions, role):
    covering_advice, _ = decisions

    assert list(Consent.objects.visible_to(world.actor(role))) == [covering_advice]


def test_a_decision_is_listed_once_however_many_organisations_it_covers(world):
    referral = referral_for(world)
    record_consent(
        referral.person,
        by=world.actor("referrer"),
        purpose="contact",
        method="verbal",
        organisations=[world.practice, world.advice],
    )

    assert Consent.objects.visible_to(world.actor("referrer")).count() == 2


def test_decisions_about_a_person_no_longer_seen_are_hidden(world, decisions):
    covering_advice, _ = decisions
    withdraw_consent(covering_advice, by=world.actor("referrer"), method="verbal")

    assert not Consent.objects.visible_to(world.actor("adviser")).exists()
    assert not ConsentScope.objects.visible_to(world.actor("adviser")).exists()
    assert not CurrentConsent.objects.visible_to(world.actor("adviser")).exists()


def test_the_other_partnership_sees_only_its_own_decisions(other_world, decisions):
    theirs = Consent.objects.visible_to(other_world.actor("referrer"))

    assert theirs.count() == 1
    assert not set(theirs) & set(decisions)


@pytest.mark.parametrize("model", [Consent, ConsentScope, CurrentConsent])
@pytest.mark.parametrize("role", NO_VIEW_RIGHTS)
def test_roles_without_view_rights_see_no_consent_row(world, decisions, model, role):
    assert not model.objects.visible_to(world.actor(role)).exists()


@pytest.mark.parametrize("model", [Consent, ConsentScope, CurrentConsent])
def test_actors_without_a_role_see_no_consent_row(world, decisions, model):
    for actor in [actor_for(UserFactory()), Actor.anonymous(), Actor.public(world.advice)]:
        assert not model.objects.visible_to(actor).exists(), actor


def test_scope_rows_are_visible_exactly_with_their_decisions(world, decisions):
    for role in ["referrer", "adviser"]:
        actor = world.actor(role)
        scopes = ConsentScope.objects.visible_to(actor)

        assert {scope.consent for scope in scopes} == set(Consent.objects.visible_to(actor))


def test_current_decisions_are_those_covering_the_actors_own_organisation(world, decisions):
    mine = CurrentConsent.objects.visible_to(world.actor("adviser"))

    assert [(row.organisation, row.purpose) for row in mine] == [(world.advice, "referral")]


def test_latest_covering_lists_a_persons_decisions_for_an_organisation_latest_first(
    world, decisions
):
    covering_advice, _ = decisions
    withdrawal = withdraw_consent(covering_advice, by=world.actor("referrer"), method="verbal")
    referral_for(world)  # someone else's decisions covering the same organisation

    latest = Consent.objects.latest_covering(
        person=covering_advice.person, purpose="referral", organisation_id=world.advice.pk
    )

    assert list(latest) == [withdrawal, covering_advice]
    assert not Consent.objects.latest_covering(
        person=covering_advice.person, purpose="referral", organisation_id=world.practice.pk
    ).exists()


def test_a_decision_reads_as_its_purpose_and_outcome(decisions):
    covering_advice, _ = decisions

    assert str(covering_advice) == "Share referral details with the advice organisation: Given"
    current = CurrentConsent.objects.get(consent=covering_advice)
    assert str(current) == "Share referral details with the advice organisation: Given"
