"""CurrentConsent is always the latest ledger decision per person, purpose and organisation."""

import contextlib
import datetime
import importlib
from dataclasses import dataclass

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from hjp.consent.models import Consent, CurrentConsent, keep_where_consent_in_force
from hjp.consent.services import (
    InvalidConsent,
    consent_in_force,
    record_consent,
    withdraw_consent,
)
from hjp.factories import PersonFactory, actor_for, record_person
from hjp.people.models import Person, PersonShare
from hjp.referrals.models import Referral

backfill = importlib.import_module("hjp.consent.migrations.0003_backfill_current_consent")

PURPOSES = ["referral", "feedback"]
NOON = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.UTC)


@dataclass
class Cast:
    """Two people, three organisations (two partnerships) and a member of staff at each."""

    people: list
    organisations: list
    viewers: list
    recorder: object


def current_rows() -> dict:
    return {
        (row.person_id, row.purpose, row.organisation_id): (
            row.consent_id,
            row.decision,
            row.valid_until,
        )
        for row in CurrentConsent.objects.all()
    }


def replay_ledger(people) -> dict:
    """Pure Python: walk each person's ledger in order; a later decision replaces an earlier one."""
    latest = {}
    ledger = Consent.objects.filter(person__in=people).prefetch_related("scope")
    for consent in sorted(ledger, key=lambda consent: (consent.person_id, consent.sequence)):
        for scope in consent.scope.all():
            latest[(consent.person_id, consent.purpose, scope.organisation_id)] = consent
    return latest


def in_force(consent: Consent | None) -> bool:
    return (
        consent is not None
        and consent.decision == "given"
        and (consent.valid_until is None or consent.valid_until >= timezone.localdate())
    )


def share_purpose(person_index: int, organisation_index: int) -> str:
    """Each person's share with each organisation depends on one purpose, alternating."""
    return PURPOSES[(person_index + organisation_index) % 2]


@pytest.fixture
def cast(world, other_world) -> Cast:
    people = [PersonFactory(), PersonFactory()]
    organisations = [world.practice, world.advice, other_world.advice]
    for i, person in enumerate(people):
        for j, organisation in enumerate(organisations):
            PersonShare.objects.create(
                person=person,
                organisation=organisation,
                reason=PersonShare.Reason.REFERRAL,
                consent_purpose=share_purpose(i, j),
            )
    viewers = [world.user("referrer"), world.user("adviser"), other_world.user("adviser")]
    return Cast(people, organisations, viewers, recorder=world.user("referrer"))


class ConsentLedgerMachine(RuleBasedStateMachine):
    """Random decisions and days passing; every check compares the database with a replay."""

    cast: Cast
    consents = Bundle("consents")

    def __init__(self):
        super().__init__()
        # Each run starts from the same people and shares and leaves nothing behind.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.traveller = time_machine.travel(NOON, tick=False)
        self.clock = self.traveller.start()

    def teardown(self):
        self.traveller.stop()
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    @rule(
        target=consents,
        person=st.integers(0, 1),
        purpose=st.sampled_from(PURPOSES),
        organisations=st.sets(st.integers(0, 2), min_size=1),
        lasts_days=st.none() | st.integers(0, 4),
    )
    def record(self, person, purpose, organisations, lasts_days):
        return record_consent(
            self.cast.people[person],
            by=actor_for(self.cast.recorder),
            purpose=purpose,
            method="verbal",
            organisations=[self.cast.organisations[i] for i in sorted(organisations)],
            valid_until=None
            if lasts_days is None
            else timezone.localdate() + datetime.timedelta(days=lasts_days),
        )

    @rule(consent=consents)
    def withdraw(self, consent):
        # Refused when nothing it covers is still in force; the invariants then check nothing moved.
        with contextlib.suppress(InvalidConsent):
            withdraw_consent(consent, by=actor_for(self.cast.recorder), method="written")

    @rule(days=st.integers(1, 3))
    def days_pass(self, days):
        self.clock.shift(datetime.timedelta(days=days))

    @invariant()
    def current_consent_is_the_latest_decision_in_the_ledger(self):
        expected = {
            key: (consent.pk, consent.decision, consent.valid_until)
            for key, consent in replay_ledger(self.cast.people).items()
        }
        assert current_rows() == expected

    @rule()
    def rebuild_from_the_ledger(self):
        """The backfill migration's function, run at random points; the invariants then check it."""
        before = current_rows()
        backfill.rebuild_current_consent(apps, None)
        assert current_rows() == before

    @invariant()
    def scoped_queries_and_the_gate_agree_with_the_replay(self):
        latest = replay_ledger(self.cast.people)
        people, organisations = self.cast.people, self.cast.organisations
        for j, organisation in enumerate(organisations):
            expected_visible = {
                person.pk
                for i, person in enumerate(people)
                if in_force(latest.get((person.pk, share_purpose(i, j), organisation.pk)))
            }
            visible = Person.objects.visible_to(actor_for(self.cast.viewers[j]))
            assert set(visible.values_list("pk", flat=True)) == expected_visible
            for purpose in PURPOSES:
                expected = {
                    person.pk
                    for person in people
                    if in_force(latest.get((person.pk, purpose, organisation.pk)))
                }
                kept = keep_where_consent_in_force(
                    Person.objects.filter(pk__in=[person.pk for person in people]),
                    person="pk",
                    purpose=Value(purpose),
                    organisation_id=organisation.pk,
                )
                assert set(kept.values_list("pk", flat=True)) == expected
                for person in people:
                    gate = consent_in_force(person, purpose, organisation)
                    assert (gate is not None) == (person.pk in expected)
                    if gate is not None:
                        assert gate == latest[(person.pk, purpose, organisation.pk)]


def test_current_consent_and_visibility_follow_any_sequence_of_decisions(cast):
    class Machine(ConsentLedgerMachine):
        pass

    Machine.cast = cast
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_withdrawing_overwrites_the_current_row_for_each_organisation_it_covers(world, referrer):
    person = record_person(world)
    given = record_consent(
        person,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice, world.practice],
    )
    withdrawal = withdraw_consent(given, by=actor_for(referrer), method="written")
    rows = CurrentConsent.objects.filter(person=person, purpose="referral")
    assert sorted(rows.values_list("organisation_id", "consent_id", "decision")) == sorted(
        [
            (world.advice.pk, withdrawal.pk, "withdrawn"),
            (world.practice.pk, withdrawal.pk, "withdrawn"),
        ]
    )


def test_a_consent_past_its_end_date_is_not_in_force_the_next_day_without_any_write(
    world, referrer, adviser
):
    with time_machine.travel(NOON, tick=False) as clock:
        person = PersonFactory()
        PersonShare.objects.create(
            person=person,
            organisation=world.advice,
            reason=PersonShare.Reason.REFERRAL,
            consent_purpose="referral",
        )
        record_consent(
            person,
            by=actor_for(referrer),
            purpose="referral",
            method="verbal",
            organisations=[world.advice],
            valid_until=NOON.date(),
        )
        assert list(Person.objects.visible_to(actor_for(adviser))) == [person]
        rows = list(CurrentConsent.objects.values())
        clock.shift(datetime.timedelta(days=1))
        assert list(Person.objects.visible_to(actor_for(adviser))) == []
        assert consent_in_force(person, "referral", world.advice) is None
        assert list(CurrentConsent.objects.values()) == rows


def test_the_backfill_migration_builds_the_rows_the_services_keep(world, other_world, referrer):
    first, second = record_person(world), record_person(world)
    everyone = [world.practice, world.advice, other_world.advice]
    given = record_consent(
        first, by=actor_for(referrer), purpose="referral", method="verbal", organisations=everyone
    )
    record_consent(
        first,
        by=actor_for(referrer),
        purpose="referral",
        method="written",
        organisations=[world.advice],
        valid_until=timezone.localdate(),
    )
    withdraw_consent(given, by=actor_for(referrer), method="written")
    record_consent(
        second,
        by=actor_for(referrer),
        purpose="feedback",
        method="verbal",
        organisations=[world.practice],
    )
    kept_live = current_rows()
    CurrentConsent.objects.all().delete()

    backfill.rebuild_current_consent(apps, None)

    assert len(kept_live) == 4
    assert current_rows() == kept_live


def test_reversing_the_backfill_removes_every_current_row(world, referrer):
    record_consent(
        record_person(world),
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.advice],
    )
    backfill.remove_current_consent(apps, None)
    assert not CurrentConsent.objects.exists()
    assert Consent.objects.exists()


def test_scoped_counts_look_up_current_consent_instead_of_searching_the_ledger(world, adviser):
    for queryset in [
        Referral.objects.visible_to(actor_for(adviser)),
        Person.objects.visible_to(actor_for(adviser)),
    ]:
        sql = str(queryset.query)
        assert "consent_currentconsent" in sql
        assert "consent_consentscope" not in sql
        assert '"consent_consent"' not in sql
        assert queryset.count() == 0


def test_staff_see_only_the_current_decisions_covering_their_own_organisation(
    world, other_world, referrer, adviser
):
    person = record_person(world)
    record_consent(
        person,
        by=actor_for(referrer),
        purpose="referral",
        method="verbal",
        organisations=[world.practice, world.advice],
    )
    mine = CurrentConsent.objects.visible_to(actor_for(referrer))
    assert list(mine.values_list("organisation_id", flat=True)) == [world.practice.pk]
    assert not CurrentConsent.objects.visible_to(
        actor_for(adviser)
    ).exists()  # no share with the person
    assert not CurrentConsent.objects.visible_to(other_world.actor("referrer")).exists()
