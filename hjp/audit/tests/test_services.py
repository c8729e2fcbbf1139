"""Appending to the audit trail: contiguous sequence numbers, linked hashes, no edits."""

import itertools

import pytest
from django.db import connection

from hjp.accounts.actor import Actor
from hjp.audit import context
from hjp.audit import services as audit
from hjp.audit.models import CHAIN_COUNT, GENESIS_HASH, AuditChainHead, AuditEvent
from hjp.consent.services import record_consent
from hjp.core.models import AppendOnlyError
from hjp.factories import actor_for, record_person


def test_record_appends_contiguous_sequence_numbers_each_linked_to_the_previous_hash(
    world, referrer
):
    events = [audit.record(actor_for(referrer), audit.Action.SEARCH) for _ in range(5)]

    assert [event.sequence for event in events] == [1, 2, 3, 4, 5]
    assert events[0].previous_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    assert all(event.hash == event.compute_hash() for event in events)


def test_the_chain_head_follows_the_last_event(world, referrer):
    last = [audit.record(actor_for(referrer), audit.Action.SEARCH) for _ in range(3)][-1]

    head = AuditChainHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (3, last.hash)


def test_record_notes_the_actors_role_and_organisation_at_the_time(world, referrer):
    event = audit.record(actor_for(referrer), audit.Action.SEARCH)

    assert event.actor == referrer
    assert event.actor_role == "referrer"
    assert event.organisation == world.practice


def test_record_of_an_anonymous_attempt_has_no_actor(world):
    event = audit.record(Actor.anonymous(), audit.Action.LOGIN_FAILED, outcome=audit.Outcome.DENIED)

    assert (event.actor, event.actor_role, event.organisation) == (None, "", None)


def test_an_audit_event_cannot_be_saved_again(world, referrer):
    event = audit.record(actor_for(referrer), audit.Action.SEARCH)
    event.detail = {"tampered": True}

    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_audit_event_cannot_be_deleted(world, referrer):
    event = audit.record(actor_for(referrer), audit.Action.SEARCH)

    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_updated_or_deleted_in_bulk(world, referrer):
    audit.record(actor_for(referrer), audit.Action.SEARCH)

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(detail={"tampered": True})
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["detail"])
    assert AuditEvent.objects.get().detail == {}


def test_record_takes_the_request_id_and_client_address_from_the_request(world, referrer):
    token = context.activate(
        context.RequestContext(
            request_id="3f1c2a9e-0000-4000-8000-000000000001", client_address="192.0.2.7"
        )
    )
    try:
        event = audit.record(actor_for(referrer), audit.Action.SEARCH)
    finally:
        context.deactivate(token)

    assert (event.request_id, event.client_address) == (
        "3f1c2a9e-0000-4000-8000-000000000001",
        "192.0.2.7",
    )


def test_an_event_outside_a_request_gets_its_own_request_id_and_no_address(world, referrer):
    first = audit.record(actor_for(referrer), audit.Action.SEARCH)
    second = audit.record(actor_for(referrer), audit.Action.SEARCH)

    assert first.client_address is None
    assert len(first.request_id) == 36 and first.request_id != second.request_id


def test_an_event_names_the_record_and_the_person_it_is_about(world, referrer):
    person = record_person(world)
    consent = record_consent(
        person,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )

    about_person = audit.record(actor_for(referrer), audit.Action.VIEW, person)
    about_consent = audit.record(actor_for(referrer), audit.Action.VIEW, consent)

    assert (about_person.object_type, about_person.object_id, about_person.person_id) == (
        "people.person",
        str(person.pk),
        person.pk,
    )
    assert (about_consent.object_type, about_consent.object_id, about_consent.person_id) == (
        "consent.consent",
        str(consent.pk),
        person.pk,
    )


def test_an_event_about_no_record_names_none(world, referrer):
    event = audit.record(actor_for(referrer), audit.Action.SEARCH, detail={"results": 0})

    assert (event.object_type, event.object_id, event.person_id) == ("", "", None)
    assert event.detail == {"results": 0}


def test_the_caller_may_name_the_object_and_person_itself(world, referrer):
    person = record_person(world)
    asked_for = "5b3c1f7e-0000-4000-8000-000000000002"

    event = audit.record(
        actor_for(referrer),
        audit.Action.DENIED,
        person=person,
        outcome=audit.Outcome.DENIED,
        object_type="referrals.referral",
        object_id=asked_for,
    )

    assert (event.object_type, event.object_id, event.person_id, event.outcome) == (
        "referrals.referral",
        asked_for,
        person.pk,
        "denied",
    )


def test_a_job_or_the_public_form_is_named_in_the_events_detail(world):
    job = audit.record(Actor.system(world.practice, job="reminders"), audit.Action.EXPORT)
    public = audit.record(Actor.public(world.advice), audit.Action.CREATE, detail={"step": 1})
    named = audit.record(
        Actor.system(world.practice, job="reminders"),
        audit.Action.EXPORT,
        detail={"acting_as": "reminders for March"},
    )

    assert job.detail == {"acting_as": "reminders"}
    assert (job.actor, job.actor_role, job.organisation) == (None, "", world.practice)
    assert public.detail == {"step": 1, "acting_as": "self-referral"}
    assert named.detail == {"acting_as": "reminders for March"}


def test_a_staff_member_is_not_named_as_acting_for_a_job(world, referrer):
    assert audit.record(actor_for(referrer), audit.Action.SEARCH).detail == {}


def test_record_refuses_a_user_in_place_of_an_actor(world, referrer):
    with pytest.raises(TypeError) as refused:
        audit.record(referrer, audit.Action.SEARCH)

    assert str(refused.value) == "audit.record needs an Actor, got User"
    assert not AuditEvent.objects.exists()


def test_recording_one_event_locks_reads_and_moves_the_head_row_in_a_fixed_number_of_queries(
    world, referrer, django_assert_num_queries
):
    audit.record(actor_for(referrer), audit.Action.SEARCH)
    actor = actor_for(referrer)

    # Savepoint, lock and read the head, write the event, move the head, release.
    with django_assert_num_queries(5):
        audit.record(actor, audit.Action.SEARCH)


def test_the_first_event_creates_the_pool_of_chains_if_it_is_missing(world, referrer):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditchainhead")

    audit.record(actor_for(referrer), audit.Action.SEARCH)

    heads = list(AuditChainHead.objects.order_by("pk").values_list("pk", "sequence"))
    assert heads == [(1, 1)] + [(chain, 0) for chain in range(2, CHAIN_COUNT + 1)]


def test_an_event_about_nothing_records_no_object(db):
    event = audit.record(Actor.anonymous(), audit.Action.LOGIN_FAILED, outcome=audit.Outcome.DENIED)
    assert (event.object_type, event.object_id, event.person_id) == ("", "", None)
