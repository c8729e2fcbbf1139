"""require_consent, the one gate, and withdrawal taking effect at once."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hjp.consent.services import (
    CONSENT_SCOPE_REQUIRED,
    CONSENT_VALID_UNTIL_PAST,
    NOT_GIVEN_TO_WITHDRAW,
    ConsentRequired,
    InvalidConsent,
    record_consent,
    require_consent,
    withdraw_consent,
)
from hjp.factories import actor_for, record_person
from hjp.people.models import PersonShare
from hjp.people.services import share_person

NOON = datetime.time(12, tzinfo=datetime.UTC)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, NOON), tick=False)


@pytest.fixture
def person(world):
    return record_person(world, given_name="Maryam", family_name="Okafor")


def give(person, world, *, purpose="referral", organisations=None, **details):
    return record_consent(
        person,
        by=world.actor("referrer"),
        purpose=purpose,
        method="verbal",
        organisations=organisations or [world.advice],
        **details,
    )


def test_require_consent_refuses_when_nothing_was_recorded(world, person):
    with pytest.raises(ConsentRequired) as refused:
        require_consent(person, "referral", world.advice)
    assert "Maryam" not in str(refused.value)
    assert "Okafor" not in str(refused.value)


def test_require_consent_returns_the_consent_in_force(world, person):
    consent = give(person, world)
    assert require_consent(person, "referral", world.advice) == consent


def test_require_consent_is_per_purpose(world, person):
    give(person, world, purpose="referral")
    with pytest.raises(ConsentRequired):
        require_consent(person, "health_information", world.advice)


def test_require_consent_refuses_an_organisation_outside_the_scope(world, person):
    give(person, world, organisations=[world.advice])
    with pytest.raises(ConsentRequired):
        require_consent(person, "referral", world.practice)


def test_require_consent_refuses_once_the_latest_decision_is_a_withdrawal(world, person):
    consent = give(person, world)
    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    with pytest.raises(ConsentRequired):
        require_consent(person, "referral", world.advice)


def test_require_consent_refuses_after_the_valid_until_date(world, person):
    with at(datetime.date(2026, 1, 10)):
        consent = give(person, world, valid_until=datetime.date(2026, 2, 1))
    with at(datetime.date(2026, 2, 1)):
        assert require_consent(person, "referral", world.advice) == consent
    with at(datetime.date(2026, 2, 2)), pytest.raises(ConsentRequired):
        require_consent(person, "referral", world.advice)


def test_a_later_consent_after_a_withdrawal_restores_it(world, person):
    withdraw_consent(give(person, world), by=world.actor("referrer"), method="verbal")
    renewed = give(person, world)
    assert require_consent(person, "referral", world.advice) == renewed


def test_a_consent_needs_at_least_one_organisation_and_a_date_not_in_the_past(world, person):
    referrer = world.user("referrer")
    with pytest.raises(InvalidConsent, match=CONSENT_SCOPE_REQUIRED):
        record_consent(
            person, by=actor_for(referrer), purpose="referral", method="verbal", organisations=[]
        )
    with pytest.raises(InvalidConsent, match=CONSENT_VALID_UNTIL_PAST):
        give(person, world, valid_until=datetime.date(2000, 1, 1))
    assert person.consents.count() == 0


def test_a_withdrawn_consent_cannot_be_withdrawn_again(world, person):
    consent = give(person, world)
    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    with pytest.raises(InvalidConsent, match=NOT_GIVEN_TO_WITHDRAW):
        withdraw_consent(consent, by=world.actor("referrer"), method="verbal")


def shared_for_referral(world, person):
    share_person(
        person,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    return give(person, world)


def test_withdrawal_takes_effect_for_the_adviser_at_once(world, adviser, login, person):
    consent = shared_for_referral(world, person)
    client = login(adviser)
    assert client.get(person.get_absolute_url()).status_code == 200

    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")

    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(reverse("consent:record", args=[person.pk])).status_code == 404


def test_an_adviser_sees_nobody_until_the_referral_consent_is_recorded(
    world, adviser, login, person
):
    share_person(
        person,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    client = login(adviser)
    assert client.get(person.get_absolute_url()).status_code == 404
    give(person, world)
    assert client.get(person.get_absolute_url()).status_code == 200


def test_an_expired_referral_consent_hides_the_person_from_the_adviser(
    world, adviser, login, person
):
    with at(datetime.date(2026, 1, 10)):
        share_person(
            person,
            by=world.actor("referrer"),
            organisation=world.advice,
            reason=PersonShare.Reason.REFERRAL,
            consent_purpose="referral",
        )
        give(person, world, valid_until=datetime.date(2026, 2, 1))
    client = login(adviser)
    with at(datetime.date(2026, 2, 1)):
        assert client.get(person.get_absolute_url()).status_code == 200
    with at(datetime.date(2026, 2, 2)):
        assert client.get(person.get_absolute_url()).status_code == 404


def test_consent_required_names_the_purpose_and_organisation_but_not_the_person(world, person):
    with pytest.raises(ConsentRequired) as refused:
        require_consent(person, "health_information", world.advice)

    assert str(refused.value) == (
        "The person has not given consent to release medical evidence or records to the adviser "
        "with North Advice Centre"
    )
    assert (refused.value.person_id, refused.value.purpose, refused.value.organisation_id) == (
        person.pk,
        "health_information",
        world.advice.pk,
    )


def test_a_recorded_decision_keeps_who_recorded_it_how_when_and_with_what_evidence(world, person):
    moment = datetime.datetime(2026, 12, 7, 10, 15, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        consent = record_consent(
            person,
            by=world.actor("referrer"),
            purpose="referral",
            method="written",
            organisations=[world.advice],
            valid_until=datetime.date(2027, 12, 7),
            evidence_reference="DOC-1234",
            notes="Signed at the surgery",
        )

    consent.refresh_from_db()
    assert (consent.purpose, consent.decision, consent.method) == ("referral", "given", "written")
    assert (consent.recorded_at, consent.recorded_by, consent.recorded_by_organisation) == (
        moment,
        world.user("referrer"),
        world.practice,
    )
    assert (consent.valid_until, consent.evidence_reference, consent.notes) == (
        datetime.date(2027, 12, 7),
        "DOC-1234",
        "Signed at the surgery",
    )
    assert consent.supersedes is None


def test_a_withdrawal_keeps_who_withdrew_it_and_how_and_supersedes_the_consent(world, person):
    consent = give(person, world, organisations=[world.advice, world.practice])

    withdrawal = withdraw_consent(
        consent, by=world.actor("adviser"), method="written", notes="Letter received"
    )

    withdrawal.refresh_from_db()
    assert (withdrawal.decision, withdrawal.method, withdrawal.notes) == (
        "withdrawn",
        "written",
        "Letter received",
    )
    assert (withdrawal.recorded_by, withdrawal.recorded_by_organisation) == (
        world.user("adviser"),
        world.advice,
    )
    assert (withdrawal.supersedes, withdrawal.valid_until, withdrawal.evidence_reference) == (
        consent,
        None,
        "",
    )
    assert set(withdrawal.scope.values_list("organisation_id", flat=True)) == {
        world.advice.pk,
        world.practice.pk,
    }
