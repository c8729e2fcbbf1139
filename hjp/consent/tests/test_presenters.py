"""Consent status tags: in force, withdrawn, expired or replaced."""

import datetime

import pytest
import time_machine

from hjp.consent.presenters import (
    EXPIRED,
    IN_FORCE,
    REPLACED,
    WITHDRAWN,
    ConsentPresenter,
    present_ledger,
)
from hjp.consent.services import record_consent, withdraw_consent
from hjp.factories import record_person

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today():
    noon = datetime.datetime.combine(TODAY, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def person(world):
    return record_person(world)


def give(person, world, organisations=None, **details):
    return record_consent(
        person,
        by=world.actor("referrer"),
        method="verbal",
        purpose=details.pop("purpose", "referral"),
        organisations=organisations or [world.advice],
        **details,
    )


def status(consent, today=TODAY):
    ledger = consent.person.consents.all()
    return ConsentPresenter(consent, today, later=ledger).status_tag


def test_a_given_consent_with_nothing_after_it_is_in_force(world, person):
    consent = give(person, world)
    assert status(consent) == {"text": "In force", "classes": "nhsuk-tag--green"}


def test_a_withdrawn_consent_and_its_withdrawal_both_show_withdrawn(world, person):
    consent = give(person, world)
    withdrawal = withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    assert status(consent) == WITHDRAWN
    assert status(withdrawal) == WITHDRAWN
    assert WITHDRAWN["classes"] == "nhsuk-tag--red"


def test_a_consent_past_its_end_date_is_expired(world, person):
    consent = give(person, world, valid_until=TODAY)
    assert status(consent, TODAY) == IN_FORCE
    assert status(consent, TODAY + datetime.timedelta(days=1)) == EXPIRED


def test_a_consent_followed_by_a_new_one_for_the_same_organisations_is_replaced(world, person):
    old = give(person, world)
    new = give(person, world)
    assert status(old) == REPLACED
    assert status(new) == IN_FORCE


def test_a_consent_still_covering_one_organisation_stays_in_force(world, person):
    both = give(person, world, organisations=[world.advice, world.practice])
    give(person, world, organisations=[world.advice])
    assert status(both) == IN_FORCE


def test_decisions_about_another_purpose_do_not_count(world, person):
    referral = give(person, world, purpose="referral")
    withdraw_consent(
        give(person, world, purpose="contact"), by=world.actor("referrer"), method="verbal"
    )
    assert status(referral) == IN_FORCE


def test_the_ledger_presenter_judges_visible_rows_against_the_whole_ledger(world, person):
    consent = give(person, world)
    withdraw_consent(consent, by=world.actor("referrer"), method="verbal")
    # Only the original is passed in as visible; the withdrawal is still taken into account.
    [presented] = present_ledger([consent], ledger=person.consents.all(), today=TODAY)
    assert presented.status_tag == WITHDRAWN
    assert not presented.is_in_force


def test_the_renewal_tag_counts_the_days_left(world, person):
    consent = give(person, world, valid_until=TODAY + datetime.timedelta(days=10))
    assert ConsentPresenter(consent, TODAY).renewal_tag["text"] == "Expires in 10 days"
    tomorrow = TODAY + datetime.timedelta(days=9)
    assert ConsentPresenter(consent, tomorrow).renewal_tag["text"] == "Expires in 1 day"
    on_the_day = TODAY + datetime.timedelta(days=10)
    assert ConsentPresenter(consent, on_the_day).renewal_tag["text"] == "Expires today"
    after = TODAY + datetime.timedelta(days=11)
    assert ConsentPresenter(consent, after).renewal_tag == EXPIRED


def test_labels_are_plain_english(world, person):
    consent = give(person, world, valid_until=TODAY + datetime.timedelta(days=30))
    presenter = ConsentPresenter(consent, TODAY)
    assert presenter.purpose == "Share referral details with the advice organisation"
    assert presenter.method == "Verbal"
    assert presenter.organisations == [world.advice.name]
    assert presenter.valid_until == "22 December 2026"
    assert presenter.recorded.endswith(
        f"by {world.user('referrer').full_name}, {world.practice.name}"
    )
