"""Which audit events a user may read, and the queries the audit pages search with."""

import datetime

import time_machine

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import AuditEvent
from hjp.factories import AdviceOrganisationFactory, MembershipFactory, PersonFactory, actor_for


def test_a_privacy_officer_sees_events_of_every_organisation_in_their_partnerships(
    world, referrer, adviser, funder, privacy_officer
):
    ours = [
        audit.record(actor_for(user), audit.Action.SEARCH) for user in (referrer, adviser, funder)
    ]

    assert set(AuditEvent.objects.visible_to(actor_for(privacy_officer))) == set(ours)


def test_a_privacy_officer_never_sees_another_partnerships_events(
    world, other_world, privacy_officer
):
    audit.record(other_world.actor("referrer"), audit.Action.SEARCH)

    assert not AuditEvent.objects.visible_to(actor_for(privacy_officer)).exists()


def test_a_privacy_officer_does_not_see_events_of_an_organisation_outside_any_partnership(
    world, privacy_officer
):
    outsider = MembershipFactory(organisation=AdviceOrganisationFactory(), role="adviser").user
    audit.record(actor_for(outsider), audit.Action.SEARCH)

    assert not AuditEvent.objects.visible_to(actor_for(privacy_officer)).exists()


def test_a_privacy_officer_does_not_see_events_of_an_organisation_that_left_the_partnership(
    world, privacy_officer, adviser
):
    world.partnership.members.filter(organisation=world.advice).update(left_on="2020-01-01")
    audit.record(actor_for(adviser), audit.Action.SEARCH)

    assert not AuditEvent.objects.visible_to(actor_for(privacy_officer)).exists()


def test_failed_log_ins_name_no_organisation_and_every_privacy_officer_sees_them(
    world, other_world, privacy_officer
):
    failed = audit.record(
        Actor.anonymous(), audit.Action.LOGIN_FAILED, outcome=audit.Outcome.DENIED
    )
    paused = audit.record(
        Actor.anonymous(), audit.Action.LOGIN_PAUSED, outcome=audit.Outcome.DENIED
    )
    for officer in (privacy_officer, other_world.user("privacy_officer")):
        assert set(AuditEvent.objects.visible_to(actor_for(officer))) == {failed, paused}
    assert not AuditEvent.objects.visible_to(actor_for(world.user("referrer"))).exists()


def test_an_event_without_an_organisation_is_seen_in_the_partnerships_of_whoever_did_it(
    world, other_world, privacy_officer, adviser
):
    # A log-in before the user has chosen which of their organisations to work for.
    before_choosing = Actor(user_id=adviser.pk, organisation_id=None, role=None)
    event = audit.record(before_choosing, audit.Action.LOGIN, adviser)
    other = audit.record(
        Actor(user_id=other_world.user("adviser").pk, organisation_id=None, role=None),
        audit.Action.LOGIN,
    )

    assert list(AuditEvent.objects.visible_to(actor_for(privacy_officer))) == [event]
    theirs = AuditEvent.objects.visible_to(actor_for(other_world.user("privacy_officer")))
    assert list(theirs) == [other]


def test_a_self_referral_is_seen_by_the_receiving_partnerships_privacy_officers(
    world, other_world, privacy_officer
):
    event = audit.record(Actor.public(world.advice), audit.Action.CREATE)

    assert list(AuditEvent.objects.visible_to(actor_for(privacy_officer))) == [event]
    assert not AuditEvent.objects.visible_to(
        actor_for(other_world.user("privacy_officer"))
    ).exists()


def test_nobody_but_a_privacy_officer_sees_any_event(world, referrer):
    audit.record(actor_for(referrer), audit.Action.SEARCH)

    for role in ("referrer", "adviser", "supervisor", "coordinator", "funder", "admin"):
        assert not AuditEvent.objects.visible_to(world.actor(role)).exists(), role


def test_matching_ignores_empty_filters_and_combines_the_rest(world, referrer, adviser):
    audit.record(actor_for(referrer), audit.Action.SEARCH)
    denied = audit.record(actor_for(adviser), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    assert AuditEvent.objects.matching(action="", outcome="").count() == 2
    assert list(AuditEvent.objects.matching(outcome="denied", actor_id=adviser.pk)) == [denied]
    assert not AuditEvent.objects.matching(outcome="denied", actor_id=referrer.pk).exists()


def test_the_search_helpers_narrow_by_person_outcome_and_day(world, referrer, adviser):
    # 23:30 UTC on 1 July is 00:30 on 2 July in London, the day the audit pages show.
    person = PersonFactory()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)):
        about = audit.record(actor_for(referrer), audit.Action.VIEW, person)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)):
        denied = audit.record(actor_for(adviser), audit.Action.DENIED, outcome=audit.Outcome.DENIED)

    assert list(AuditEvent.objects.about_person(person.pk)) == [about]
    assert list(AuditEvent.objects.denied()) == [denied]
    assert list(AuditEvent.objects.on(datetime.date(2026, 7, 1))) == [about]
    assert list(AuditEvent.objects.on(datetime.date(2026, 7, 2))) == [denied]
    assert list(AuditEvent.objects.newest_first()) == [denied, about]
    assert list(AuditEvent.objects.matching(date_from=datetime.date(2026, 7, 2))) == [denied]
    assert list(AuditEvent.objects.matching(date_to=datetime.date(2026, 7, 1))) == [about]
    assert list(AuditEvent.objects.matching(person_id=person.pk)) == [about]


def test_events_are_fetched_with_their_actor_and_organisation_in_one_query(
    world, referrer, django_assert_num_queries
):
    audit.record(actor_for(referrer), audit.Action.SEARCH)

    with django_assert_num_queries(1):
        event = AuditEvent.objects.with_actors().get()
        assert (event.actor, event.organisation) == (referrer, world.practice)
    assert str(event) == "#1.1 search "


def test_a_privacy_officer_outside_any_partnership_sees_their_own_organisations_events(db):
    membership = MembershipFactory(role="privacy_officer")
    colleague = MembershipFactory(organisation=membership.organisation, role="referrer").user
    event = audit.record(actor_for(colleague), audit.Action.SEARCH)

    assert list(AuditEvent.objects.visible_to(actor_for(membership.user))) == [event]


def test_matching_narrows_by_action(world, referrer):
    audit.record(actor_for(referrer), audit.Action.SEARCH)
    export = audit.record(actor_for(referrer), audit.Action.EXPORT)

    assert list(AuditEvent.objects.matching(action="export")) == [export]
