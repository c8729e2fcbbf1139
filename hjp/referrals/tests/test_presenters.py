"""The referral presenters and the inbox tab rules, tested directly rather than through pages."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from hjp.factories import record_person
from hjp.referrals import services
from hjp.referrals.models import InboxTab, Referral
from hjp.referrals.presenters import (
    allowed_moves,
    caller_hint,
    move_done_message,
    move_label,
    move_links,
    move_refusal,
    status_page_moves,
    tab_links,
    unable_to_contact_url,
)
from hjp.referrals.status import ILLEGAL_TRANSITION, Side, Status
from hjp.referrals.tests.factories import referral_for

TODAY = datetime.date(2026, 11, 18)


def test_the_receiver_is_offered_accept_and_reject_first_and_the_referrer_only_cancel():
    assert allowed_moves(Status.REQUESTED, Side.RECEIVER) == [
        Status.ACCEPTED,
        Status.REJECTED,
        Status.CANCELLED,
        Status.ENTERED_IN_ERROR,
    ]
    assert allowed_moves(Status.REQUESTED, Side.REQUESTER) == [
        Status.CANCELLED,
        Status.ENTERED_IN_ERROR,
    ]
    assert allowed_moves(Status.REQUESTED, None) == []


@pytest.mark.parametrize(
    ("status", "label", "done"),
    [
        (Status.ACCEPTED, "Start work", "Work started"),
        (Status.ON_HOLD, "Resume work", "Work resumed"),
    ],
)
def test_moving_to_in_progress_is_starting_or_resuming_work(status, label, done):
    assert move_label(status, Status.IN_PROGRESS) == label
    assert move_done_message(status, Status.IN_PROGRESS) == done


def test_a_move_the_workflow_refuses_says_why_and_a_permitted_one_says_nothing(world):
    referral = referral_for(world)

    assert move_refusal(referral, Side.RECEIVER, Status.ACCEPTED) is None
    assert move_refusal(referral, Side.RECEIVER, Status.COMPLETED) == ILLEGAL_TRANSITION.format(
        current="sent", target="completed"
    )


def test_the_status_page_offers_its_own_moves_with_their_labels(world):
    referral = referral_for(world)
    services.accept_referral(referral, by=world.actor("adviser"))
    referral.refresh_from_db()

    assert status_page_moves(referral, Side.RECEIVER) == [
        (Status.IN_PROGRESS, "Start work"),
        (Status.ON_HOLD, "Put on hold"),
        (Status.COMPLETED, "Close with an outcome"),
        (Status.FAILED, "Close without completing"),
        (Status.CANCELLED, "Cancel the referral"),
        (Status.ENTERED_IN_ERROR, "Mark as entered in error"),
    ]


def test_move_buttons_lead_to_the_page_that_makes_each_move(world):
    referral = referral_for(world)

    links = {link["text"]: link["href"] for link in move_links(referral, Side.RECEIVER)}

    assert links["Accept the referral"] == f"/referrals/{referral.pk}/accept"
    assert links["Do not accept"] == f"/referrals/{referral.pk}/reject"
    assert links["Cancel the referral"] == f"/referrals/{referral.pk}/status?to=cancelled"


def test_closing_as_unable_to_contact_declines_a_new_referral_and_fails_an_accepted_one(world):
    referral = referral_for(world)
    declined = unable_to_contact_url(referral)
    services.accept_referral(referral, by=world.actor("adviser"))
    referral.refresh_from_db()

    assert declined == f"/referrals/{referral.pk}/reject?reason=unable_to_contact"
    assert unable_to_contact_url(referral) == (
        f"/referrals/{referral.pk}/status?to=failed&reason=unable_to_contact"
    )


def test_the_caller_hint_tells_people_with_the_same_name_apart(world):
    person = record_person(world, date_of_birth=datetime.date(1948, 10, 9), nhs_number="9434765919")

    assert caller_hint(person) == "Born 9 October 1948, NHS number 943 476 5919"


def test_tab_links_keep_the_filters_drop_the_page_and_show_each_count():
    query = QueryDict("area=debt&page=3&tab=new")
    counts = {"new": 2, "overdue": 1, "open": 0, "closed": 5}

    links = tab_links(query, InboxTab.CLOSED, counts)

    assert [link["text"] for link in links] == [
        "New (2)",
        "Overdue first contact (1)",
        "Open (0)",
        "Closed (5)",
    ]
    assert links[3] == {"text": "Closed (5)", "href": "?area=debt&tab=closed", "current": True}


def test_each_tab_holds_and_counts_its_own_referrals(world):
    new, overdue, accepted, rejected = (referral_for(world) for _ in range(4))
    Referral.objects.filter(pk=overdue.pk).update(first_contact_due=TODAY - datetime.timedelta(1))
    services.accept_referral(accepted, by=world.actor("adviser"))
    services.reject_referral(rejected, by=world.actor("adviser"), reason="no_capacity")
    received = Referral.objects.in_inbox_of(world.advice.pk)

    held = {tab: set(received.in_tab(tab, TODAY)) for tab in InboxTab.values}

    # An overdue referral is still new until someone accepts or answers it.
    assert held == {
        "new": {new, overdue},
        "overdue": {overdue},
        "open": {accepted},
        "closed": {rejected},
    }
    assert received.tab_counts(TODAY) == {"new": 2, "overdue": 1, "open": 1, "closed": 1}


def test_the_closed_tab_lists_the_latest_closed_first(world):
    first, second = referral_for(world), referral_for(world)
    for referral in (second, first):
        services.reject_referral(referral, by=world.actor("adviser"), reason="no_capacity")
    Referral.objects.filter(pk=second.pk).update(closed_at=timezone.now() - datetime.timedelta(1))

    closed = Referral.objects.in_inbox_of(world.advice.pk).in_tab(InboxTab.CLOSED, TODAY)

    assert list(closed) == [first, second]


def test_inbox_filters_narrow_to_an_area_and_to_unassigned_referrals(world):
    debt = referral_for(world, advice_areas=["debt"])
    housing = referral_for(world, advice_areas=["housing"])
    services.accept_referral(housing, by=world.actor("adviser"))
    received = Referral.objects.in_inbox_of(world.advice.pk)

    assert set(received.matching_inbox_filters(area="debt")) == {debt}
    assert set(received.matching_inbox_filters(adviser="unassigned")) == {debt}
    assert set(received.matching_inbox_filters(adviser=str(world.user("adviser").pk))) == {housing}
