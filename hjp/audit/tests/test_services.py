"""Appending to the audit trail: contiguous sequence numbers, linked hashes, no edits."""

import itertools

import pytest

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from hjp.core.models import AppendOnlyError
from hjp.factories import actor_for


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
