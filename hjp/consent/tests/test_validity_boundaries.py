"""Consent's edges in time and order: a consent lasts to the end of its last day, renewals are due
on the day the window reaches, and a person's ledger is numbered from 1."""

import datetime

import pytest
import time_machine
from django.db.models import Value

from hjp.consent.models import Consent, keep_where_consent_in_force
from hjp.consent.services import (
    CONSENT_VALID_UNTIL_PAST,
    NOT_GIVEN_TO_WITHDRAW,
    ConsentRequired,
    InvalidConsent,
    consent_in_force,
    record_consent,
    require_consent,
    withdraw_consent,
)
from hjp.factories import PersonFactory
from hjp.people.models import Person

TODAY = datetime.date(2026, 12, 7)
ONE_DAY = datetime.timedelta(days=1)
NOON = datetime.time(12, tzinfo=datetime.UTC)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, NOON), tick=False)


@pytest.fixture
def person(db):
    return PersonFactory()


def give(person, world, *, purpose="referral", valid_until=None, organisations=None) -> Consent:
    return record_consent(
        person,
        by=world.actor("referrer"),
        purpose=purpose,
        method="verbal",
        organisations=organisations or [world.advice],
        valid_until=valid_until,
    )


def kept(person, world) -> bool:
    """Whether a query filtered on consent in force keeps the person."""
    return keep_where_consent_in_force(
        Person.objects.filter(pk=person.pk),
        person="pk",
        purpose=Value("referral"),
        organisation_id=world.advice.pk,
    ).exists()


def test_a_consent_valid_until_today_is_in_force_today(world, person):
    with on(TODAY):
        consent = give(person, world, valid_until=TODAY)

        assert consent_in_force(person, "referral", world.advice) == consent
        assert require_consent(person, "referral", world.advice) == consent
        assert kept(person, world)


def test_a_consent_valid_until_today_is_not_in_force_tomorrow(world, person):
    with on(TODAY):
        give(person, world, valid_until=TODAY)

    with on(TODAY + ONE_DAY):
        assert consent_in_force(person, "referral", world.advice) is None
        with pytest.raises(ConsentRequired):
            require_consent(person, "referral", world.advice)
        assert not kept(person, world)


def test_a_consent_without_an_end_date_stays_in_force(world, person):
    with on(TODAY):
        consent = give(person, world)

    with on(TODAY + datetime.timedelta(days=3650)):
        assert consent_in_force(person, "referral", world.advice) == consent
        assert kept(person, world)


def test_a_consent_may_be_recorded_to_last_until_today_but_not_until_yesterday(world, person):
    with on(TODAY):
        assert give(person, world, valid_until=TODAY).valid_until == TODAY
        with pytest.raises(InvalidConsent, match=CONSENT_VALID_UNTIL_PAST):
            give(person, world, valid_until=TODAY - ONE_DAY)

    assert person.consents.count() == 1


def test_a_consent_ending_today_can_be_withdrawn_today_but_not_tomorrow(world, person):
    with on(TODAY):
        consent = give(person, world, valid_until=TODAY)
    with on(TODAY + ONE_DAY), pytest.raises(InvalidConsent, match=NOT_GIVEN_TO_WITHDRAW):
        withdraw_consent(consent, by=world.actor("referrer"), method="verbal")

    with on(TODAY):
        withdrawal = withdraw_consent(consent, by=world.actor("referrer"), method="verbal")

    assert withdrawal.supersedes == consent


def test_only_the_organisations_still_in_force_are_withdrawn(world, person):
    with on(TODAY):
        consent = give(person, world, organisations=[world.advice, world.practice])
        give(person, world, valid_until=TODAY, organisations=[world.practice])
    with on(TODAY + ONE_DAY):
        withdrawal = withdraw_consent(consent, by=world.actor("referrer"), method="verbal")

    assert list(withdrawal.scope.values_list("organisation_id", flat=True)) == [world.advice.pk]


def test_the_first_decision_in_a_persons_ledger_is_number_one(world, person):
    first = give(person, world)
    second = give(person, world, purpose="feedback")
    withdrawal = withdraw_consent(first, by=world.actor("referrer"), method="verbal")

    assert [first.sequence, second.sequence, withdrawal.sequence] == [1, 2, 3]


def test_each_person_has_a_ledger_of_their_own_numbered_from_one(world, person):
    give(person, world)
    give(person, world)

    assert give(PersonFactory(), world).sequence == 1


def test_the_gate_reads_the_latest_decision_covering_the_organisation(world, person):
    give(person, world)
    latest = give(person, world, organisations=[world.advice, world.practice])
    give(person, world, organisations=[world.practice])

    assert consent_in_force(person, "referral", world.advice) == latest


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(0, True), (13, True), (14, True), (15, False)],
)
def test_renewal_is_due_once_the_end_date_is_within_the_window(world, person, days_left, due):
    with on(TODAY):
        consent = give(person, world, valid_until=TODAY + datetime.timedelta(days=days_left))

        assert (consent in Consent.objects.renewal_due(within_days=14)) is due


def test_a_consent_already_past_its_end_date_is_still_due_for_renewal(world, person):
    with on(TODAY):
        consent = give(person, world, valid_until=TODAY)

    with on(TODAY + ONE_DAY):
        assert list(Consent.objects.renewal_due(within_days=0)) == [consent]


def test_renewal_is_not_due_for_a_consent_without_an_end_date_superseded_or_withdrawn(
    world, person
):
    other, withdrawn_person = PersonFactory(), PersonFactory()
    with on(TODAY):
        give(person, world)
        superseded = give(other, world, valid_until=TODAY)
        renewed = give(other, world, valid_until=TODAY + datetime.timedelta(days=365))
        withdrawn = give(withdrawn_person, world, valid_until=TODAY)
        withdraw_consent(withdrawn, by=world.actor("referrer"), method="verbal")

        due = set(Consent.objects.renewal_due(within_days=400))

    assert due == {renewed}
    assert superseded not in due


def test_renewal_due_compares_each_consent_only_with_later_ones_of_its_person_and_purpose(
    world, person
):
    someone_else = PersonFactory()
    with on(TODAY):
        due = give(person, world, valid_until=TODAY)
        give(person, world, purpose="feedback")  # later, but for another purpose
        give(someone_else, world)
        give(someone_else, world)  # someone else's later decisions do not supersede it

        assert list(Consent.objects.renewal_due(within_days=0)) == [due]


def test_a_withdrawal_is_never_due_for_renewal_even_with_an_end_date(world, person):
    # The services never give a withdrawal an end date; the query does not rely on that.
    with on(TODAY):
        Consent.objects.create(
            person=person,
            sequence=1,
            purpose="referral",
            decision="withdrawn",
            method="verbal",
            recorded_by_organisation=world.practice,
            valid_until=TODAY,
        )

        assert not Consent.objects.renewal_due(within_days=0).exists()
