"""Who sees which referrals, and the rows that belong to them: the sending organisation always,
the receiving one while consent holds and the referral stands; nobody else, and no role that may
not view people."""

import datetime

import pytest
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.consent.services import withdraw_consent
from hjp.factories import UserFactory, actor_for
from hjp.referrals import services
from hjp.referrals.models import ContactAttempt, Referral, ReferralDeadline, ReferralEvent
from hjp.referrals.status import Reason
from hjp.referrals.tests.factories import referral_for

NO_VIEW_RIGHTS = ["coordinator", "funder", "admin"]
SENDING = ["referrer"]
RECEIVING = ["adviser", "supervisor"]


@pytest.fixture
def referral(world):
    """The practice's referral to the advice centre, with a deadline and a contact attempt."""
    in_a_month = timezone.localdate() + datetime.timedelta(days=30)
    referral = referral_for(world, deadlines=[("tribunal", in_a_month)])
    services.accept_referral(referral, by=world.actor("adviser"))
    services.record_contact_attempt(
        referral,
        by=world.actor("adviser"),
        attempted_at=timezone.now() - datetime.timedelta(hours=1),
        channel="phone",
        outcome="no_answer",
    )
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def theirs(other_world):
    """The other partnership's referral, which must stay out of reach."""
    return referral_for(other_world)


def visible(actor) -> list:
    return list(Referral.objects.visible_to(actor))


@pytest.mark.parametrize("role", SENDING + RECEIVING)
def test_both_ends_of_a_referral_see_it_and_not_the_other_partnerships(
    world, referral, theirs, role
):
    assert visible(world.actor(role)) == [referral]


@pytest.mark.parametrize("role", SENDING + RECEIVING)
def test_the_other_partnership_sees_only_its_own_referral(other_world, referral, theirs, role):
    assert visible(other_world.actor(role)) == [theirs]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_a_coordinator_or_admin_at_either_end_of_a_referral_does_not_see_it(world, referral, role):
    organisation_id = world.actor(role).organisation_id
    assert organisation_id in (referral.from_organisation_id, referral.to_organisation_id)

    assert visible(world.actor(role)) == []


def test_a_funder_sees_no_referral(world, referral):
    assert visible(world.actor("funder")) == []


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda world: actor_for(UserFactory()),
        lambda world: Actor.anonymous(),
        lambda world: Actor.public(world.advice),
        lambda world: Actor.system(world.advice, job="reminders"),
    ],
    ids=["no membership", "anonymous", "public form", "job"],
)
def test_actors_without_a_role_see_no_referral(world, referral, theirs, make_actor):
    assert visible(make_actor(world)) == []


def test_the_receiving_organisation_loses_the_referral_when_consent_is_withdrawn(world, referral):
    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert visible(world.actor("adviser")) == []
    assert visible(world.actor("referrer")) == [referral]


def test_the_receiving_organisation_loses_a_cancelled_referral_and_the_sender_keeps_it(world):
    referral = referral_for(world)
    services.cancel_referral(referral, by=world.actor("referrer"), reason=Reason.DUPLICATE)

    assert visible(world.actor("adviser")) == []
    assert visible(world.actor("referrer")) == [referral]


def test_the_receiving_organisation_loses_a_referral_entered_in_error(world):
    referral = referral_for(world)
    services.mark_entered_in_error(referral, by=world.actor("referrer"))

    assert visible(world.actor("adviser")) == []
    assert visible(world.actor("referrer")) == [referral]


def test_the_receiving_organisation_keeps_a_referral_it_rejected(world):
    referral = referral_for(world)
    services.reject_referral(referral, by=world.actor("adviser"), reason=Reason.NOT_ELIGIBLE)

    assert visible(world.actor("adviser")) == [referral]


@pytest.mark.parametrize(
    ("model", "count"), [(ReferralEvent, 3), (ReferralDeadline, 1), (ContactAttempt, 1)]
)
@pytest.mark.parametrize("role", SENDING + RECEIVING)
def test_rows_of_a_referral_are_seen_by_both_ends_and_not_by_the_other_partnership(
    world, other_world, referral, theirs, model, count, role
):
    rows = model.objects.visible_to(world.actor(role))

    assert rows.count() == count
    assert {row.referral_id for row in rows} == {referral.pk}
    assert {row.referral_id for row in model.objects.visible_to(other_world.actor(role))} <= {
        theirs.pk
    }


@pytest.mark.parametrize("model", [ReferralEvent, ReferralDeadline, ContactAttempt])
@pytest.mark.parametrize("role", NO_VIEW_RIGHTS)
def test_rows_of_a_referral_are_hidden_from_roles_without_view_rights(world, referral, model, role):
    assert model.objects.filter(referral=referral).exists()

    assert not model.objects.visible_to(world.actor(role)).exists()


@pytest.mark.parametrize("model", [ReferralEvent, ReferralDeadline, ContactAttempt])
def test_rows_of_a_referral_are_hidden_from_actors_without_a_role(world, referral, model):
    for actor in [actor_for(UserFactory()), Actor.anonymous(), Actor.public(world.advice)]:
        assert not model.objects.visible_to(actor).exists(), actor


def test_events_of_a_referral_go_when_the_referral_goes(world, referral):
    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert not ReferralEvent.objects.visible_to(world.actor("adviser")).exists()
    assert ReferralEvent.objects.visible_to(world.actor("referrer")).count() == 3
