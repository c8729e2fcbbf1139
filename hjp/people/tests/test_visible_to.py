"""Who sees which people and sharing records: staff who may view people see those shared with
their own organisation; every other role, and every actor without a role, sees nobody."""

import datetime

import pytest
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.consent.models import CurrentConsent, Purpose
from hjp.consent.services import withdraw_consent
from hjp.factories import UserFactory, actor_for, record_person
from hjp.people.models import Person, PersonShare
from hjp.people.services import end_share, share_person
from hjp.referrals.tests.factories import referral_for

CARE_STAFF = ["referrer", "adviser", "supervisor"]
NO_VIEW_RIGHTS = ["coordinator", "funder", "admin"]


@pytest.fixture
def referred(world):
    """A person the practice recorded and referred to the advice centre, with consent."""
    return referral_for(world).person


@pytest.fixture
def everyone_has_someone(world, other_world, referred):
    """Every organisation of both partnerships holds a sharing record for somebody."""
    share_person(
        referred, by=world.actor("referrer"), organisation=world.funder, reason="consultation"
    )
    referral_for(other_world)
    return referred


def visible_people(actor) -> set:
    return set(Person.objects.visible_to(actor))


@pytest.mark.parametrize("role", CARE_STAFF)
def test_care_staff_see_exactly_the_people_shared_with_their_organisation(
    world, everyone_has_someone, role
):
    assert visible_people(world.actor(role)) == {everyone_has_someone}


def test_a_privacy_officer_sees_the_people_shared_with_their_organisation(
    world, everyone_has_someone
):
    assert visible_people(world.actor("privacy_officer")) == {everyone_has_someone}


@pytest.mark.parametrize("role", NO_VIEW_RIGHTS)
def test_roles_without_view_rights_see_nobody_although_their_organisation_shares_people(
    world, everyone_has_someone, role
):
    organisation_id = world.actor(role).organisation_id
    assert PersonShare.objects.filter(organisation_id=organisation_id).exists()

    assert visible_people(world.actor(role)) == set()


def test_staff_of_another_partnership_see_only_their_own_people(
    world, other_world, everyone_has_someone
):
    theirs = visible_people(other_world.actor("adviser"))

    assert len(theirs) == 1
    assert everyone_has_someone not in theirs


def test_a_user_without_a_membership_sees_nobody(world, everyone_has_someone):
    assert visible_people(actor_for(UserFactory())) == set()


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda world: Actor.anonymous(),
        lambda world: Actor.public(world.practice),
        lambda world: Actor.system(world.practice, job="nightly-report"),
    ],
    ids=["anonymous", "public form", "job"],
)
def test_actors_without_a_role_see_nobody(world, everyone_has_someone, make_actor):
    assert visible_people(make_actor(world)) == set()


def test_an_ended_share_stops_showing_the_person(world):
    person = record_person(world)
    share = PersonShare.objects.get(person=person, organisation=world.practice)

    end_share(share, by=world.actor("referrer"), reason="Moved away")

    assert visible_people(world.actor("referrer")) == set()


def test_a_share_that_depends_on_consent_lapses_with_the_consent(world):
    referral = referral_for(world)
    assert visible_people(world.actor("adviser")) == {referral.person}

    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert visible_people(world.actor("adviser")) == set()
    assert visible_people(world.actor("referrer")) == {referral.person}


def test_a_share_without_a_consent_condition_holds_without_consent(world):
    person = record_person(world)

    assert person.consents.count() == 0
    assert visible_people(world.actor("referrer")) == {person}


@pytest.mark.parametrize("role", CARE_STAFF)
def test_care_staff_see_only_their_own_organisations_sharing_records(
    world, everyone_has_someone, role
):
    actor = world.actor(role)
    shares = PersonShare.objects.visible_to(actor)

    assert shares.exists()
    assert {share.organisation_id for share in shares} == {actor.organisation_id}
    assert {share.person for share in shares} == {everyone_has_someone}


@pytest.mark.parametrize("role", NO_VIEW_RIGHTS)
def test_roles_without_view_rights_see_no_sharing_record(world, everyone_has_someone, role):
    assert not PersonShare.objects.visible_to(world.actor(role)).exists()


def test_actors_without_a_membership_or_a_role_see_no_sharing_record(world, everyone_has_someone):
    for actor in [actor_for(UserFactory()), Actor.anonymous(), Actor.public(world.advice)]:
        assert not PersonShare.objects.visible_to(actor).exists(), actor


def test_sharing_records_of_a_person_the_organisation_no_longer_sees_are_hidden(world):
    referral = referral_for(world)
    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert not PersonShare.objects.visible_to(world.actor("adviser")).exists()


def test_in_force_for_keeps_active_shares_of_that_organisation_only(world):
    person = record_person(world)
    referral_for(world, person=person)
    ended = share_person(
        person, by=world.actor("referrer"), organisation=world.funder, reason="case"
    )
    end_share(ended, by=world.actor("referrer"), reason="Closed")

    in_force = PersonShare.objects.in_force_for(world.practice.pk)

    assert [share.organisation_id for share in in_force] == [world.practice.pk]
    assert not PersonShare.objects.in_force_for(world.funder.pk).exists()
    assert not PersonShare.objects.active().filter(organisation=world.funder).exists()


def test_each_persons_share_depends_on_that_persons_own_consent(world):
    kept, withdrawn = referral_for(world), referral_for(world)

    withdraw_consent(withdrawn.referral_consent, by=world.actor("referrer"), method="verbal")

    assert visible_people(world.actor("adviser")) == {kept.person}


def test_a_share_without_a_condition_keeps_the_person_visible_when_another_lapses(world):
    referral = referral_for(world)
    share_person(
        referral.person, by=world.actor("adviser"), organisation=world.advice, reason="case"
    )

    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert visible_people(world.actor("adviser")) == {referral.person}
    assert [share.reason for share in PersonShare.objects.in_force_for(world.advice.pk)] == ["case"]


def test_a_consent_past_its_end_date_no_longer_holds_the_share(world):
    referral = referral_for(world)
    current = CurrentConsent.objects.get(person=referral.person, organisation=world.advice)

    current.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    current.save(update_fields=["valid_until"])
    assert visible_people(world.actor("adviser")) == set()

    current.valid_until = timezone.localdate()
    current.save(update_fields=["valid_until"])
    assert visible_people(world.actor("adviser")) == {referral.person}


def test_consent_for_another_purpose_or_organisation_does_not_hold_the_share(world):
    referral = referral_for(world)
    current = CurrentConsent.objects.get(person=referral.person, organisation=world.advice)

    current.purpose = Purpose.FEEDBACK
    current.save(update_fields=["purpose"])
    assert visible_people(world.actor("adviser")) == set()

    current.purpose, current.organisation = Purpose.REFERRAL, world.practice
    current.save(update_fields=["purpose", "organisation"])
    assert visible_people(world.actor("adviser")) == set()
