"""Recording and withdrawing consent need `consent.record`: any other actor is refused before
anything is written, and every decision recorded leaves its audit event."""

import pytest
from django.core.exceptions import PermissionDenied

from hjp.accounts.actor import Actor
from hjp.audit.models import AuditEvent
from hjp.audit.services import find_first_break
from hjp.consent.models import Consent, ConsentScope, CurrentConsent
from hjp.consent.services import consent_in_force, record_consent, withdraw_consent
from hjp.factories import UserFactory, actor_for, record_person

WITHOUT_RECORD_CONSENT = ["coordinator", "funder", "privacy_officer", "admin"]


@pytest.fixture
def person(world):
    return record_person(world)


def counts() -> tuple[int, int, int, int]:
    return (
        Consent.objects.count(),
        ConsentScope.objects.count(),
        CurrentConsent.objects.count(),
        AuditEvent.objects.count(),
    )


def give(person, world, by):
    return record_consent(
        person, by=by, purpose="referral", method="verbal", organisations=[world.advice]
    )


def refused_actors(world) -> dict:
    actors = {role: world.actor(role) for role in WITHOUT_RECORD_CONSENT}
    actors["no membership"] = actor_for(UserFactory())
    actors["anonymous"] = Actor.anonymous()
    actors["job"] = Actor.system(world.practice, job="import")
    return actors


@pytest.mark.parametrize("who", [*WITHOUT_RECORD_CONSENT, "no membership", "anonymous", "job"])
def test_recording_consent_is_refused_without_the_permission_and_writes_nothing(world, person, who):
    before = counts()

    with pytest.raises(PermissionDenied):
        give(person, world, refused_actors(world)[who])

    assert counts() == before


@pytest.mark.parametrize("who", [*WITHOUT_RECORD_CONSENT, "no membership", "anonymous", "job"])
def test_withdrawing_consent_is_refused_without_the_permission_and_writes_nothing(
    world, person, who
):
    consent = give(person, world, world.actor("referrer"))
    before = counts()

    with pytest.raises(PermissionDenied):
        withdraw_consent(consent, by=refused_actors(world)[who], method="verbal")

    assert counts() == before
    assert consent_in_force(person, "referral", world.advice) == consent


def test_the_public_form_may_record_a_persons_own_consent_but_not_withdraw_one(world, person):
    public = Actor.public(world.advice)

    consent = give(person, world, public)

    assert (consent.recorded_by, consent.recorded_by_organisation) == (None, world.advice)
    with pytest.raises(PermissionDenied):
        withdraw_consent(consent, by=public, method="digital")
    assert consent_in_force(person, "referral", world.advice) == consent


@pytest.mark.parametrize("role", ["referrer", "adviser", "supervisor"])
def test_care_staff_may_record_and_withdraw_consent(world, person, role):
    actor = world.actor(role)

    withdrawal = withdraw_consent(give(person, world, actor), by=actor, method="verbal")

    assert withdrawal.decision == "withdrawn"
    assert consent_in_force(person, "referral", world.advice) is None


def test_recording_consent_writes_its_audit_event(world, person):
    consent = give(person, world, world.actor("referrer"))

    event = AuditEvent.objects.get(object_id=str(consent.pk))
    assert (event.action, event.object_type, event.person_id) == (
        "create",
        "consent.consent",
        person.pk,
    )
    assert event.detail == {"purpose": "referral", "decision": "given"}


def test_a_withdrawal_writes_its_audit_event_naming_who_withdrew_and_for_whom(world, person):
    consent = give(person, world, world.actor("referrer"))
    before = AuditEvent.objects.count()

    withdrawal = withdraw_consent(consent, by=world.actor("adviser"), method="written")

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(object_id=str(withdrawal.pk))
    assert (event.action, event.object_type, event.person_id) == (
        "create",
        "consent.consent",
        person.pk,
    )
    assert (event.actor, event.actor_role, event.organisation) == (
        world.user("adviser"),
        "adviser",
        world.advice,
    )
    assert event.detail == {"purpose": "referral", "decision": "withdrawn"}
    assert find_first_break()[1] is None
