"""The inbox at any size: the receiver-only visibility matches `visible_to`, tab counts stop at
the cap, pages are walked by keyset links, and the number of statements is the same at every
size and depth."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.consent.services import withdraw_consent
from hjp.factories import UserFactory, actor_for, record_person
from hjp.referrals import services
from hjp.referrals.models import InboxTab, Referral
from hjp.referrals.status import Reason, Status
from hjp.referrals.tests.factories import advice_service, health_service, referral_for
from hjp.referrals.views import inbox as inbox_view

INBOX = reverse("referrals:inbox")
TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def references_in(response) -> list[str]:
    return re.findall(r">(HJP-[A-Z0-9]{4}-[A-Z0-9]{4})</a>", response.content.decode())


def link(response, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', response.content.decode())
    return unescape(found.group(1)) if found else None


@pytest.fixture
def service(world):
    return advice_service(world)


@pytest.fixture
def send(world, service):
    def make(**kwargs) -> Referral:
        return referral_for(world, person=record_person(world), service=service, **kwargs)

    return make


# Moves a referral into a tab by its columns alone, as a fixture, not as the services would.
INTO_TAB = {
    InboxTab.NEW: {"status": Status.REQUESTED},
    InboxTab.OVERDUE: {"status": Status.ACCEPTED, "first_contact_due": YESTERDAY},
    InboxTab.OPEN: {"status": Status.IN_PROGRESS},
    InboxTab.CLOSED: {"status": Status.COMPLETED},
}
# Somewhere else: in a tab other than the one under test (closed for the open tabs).
OUT_OF_TAB = {
    InboxTab.NEW: {"status": Status.COMPLETED},
    InboxTab.OVERDUE: {"status": Status.COMPLETED},
    InboxTab.OPEN: {"status": Status.COMPLETED},
    InboxTab.CLOSED: {"status": Status.REQUESTED, "closed_at": None},
}


def put_in_tab(referrals: list[Referral], tab: str) -> None:
    """Put the referrals in the tab, with distinct times closed (a mix of urgencies and
    deadlines is made by `varied`)."""
    for number, referral in enumerate(referrals):
        fields = dict(INTO_TAB[tab])
        if tab == InboxTab.CLOSED:
            fields["closed_at"] = timezone.now() - datetime.timedelta(hours=number % 7)
        Referral.objects.filter(pk=referral.pk).update(**fields)


def take_out_of_tab(referrals: list[Referral], tab: str) -> None:
    fields = dict(OUT_OF_TAB[tab])
    if tab != InboxTab.CLOSED:
        fields["closed_at"] = timezone.now()
    Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(**fields)


def varied(send, count: int) -> list[Referral]:
    """Referrals with every mix of the inbox order's keys: urgent or not, a deadline or none,
    and ties on the deadline and on the time sent."""
    made = [send() for _ in range(count)]
    sent = timezone.now() - datetime.timedelta(days=3)
    for number, referral in enumerate(made):
        Referral.objects.filter(pk=referral.pk).update(
            urgency=Referral.Urgency.URGENT if number % 4 == 0 else Referral.Urgency.ROUTINE,
            earliest_deadline=TODAY + datetime.timedelta(days=number % 3) if number % 2 else None,
            sent_at=sent + datetime.timedelta(minutes=number % 5),
        )
    return made


def in_order(actor: Actor, tab: str) -> list[str]:
    """The tab's references in its order, straight from the database."""
    referrals = Referral.objects.received_and_visible_to(actor).in_inbox_of(actor.organisation_id)
    return list(referrals.in_tab(tab, TODAY).values_list("reference", flat=True))


# Visibility on the receiving side alone


def both_ways(actor: Actor) -> tuple[set, set]:
    inbox = Referral.objects.visible_to(actor).in_inbox_of(actor.organisation_id)
    received = Referral.objects.received_and_visible_to(actor).in_inbox_of(actor.organisation_id)
    return set(inbox), set(received)


def test_the_receiving_side_alone_holds_exactly_what_visible_to_puts_in_the_inbox(
    world, other_world, send
):
    kept, rejected, cancelled, in_error, withdrawn = (send() for _ in range(5))
    services.reject_referral(rejected, by=world.actor("adviser"), reason=Reason.NOT_ELIGIBLE)
    services.cancel_referral(cancelled, by=world.actor("referrer"), reason=Reason.DUPLICATE)
    services.mark_entered_in_error(in_error, by=world.actor("referrer"))
    withdraw_consent(withdrawn.referral_consent, by=world.actor("referrer"), method="verbal")
    sent_back = referral_for(world, by=world.actor("adviser"), service=health_service(world))
    referral_for(other_world)

    for role in ("adviser", "supervisor", "referrer"):
        inbox, received = both_ways(world.actor(role))
        assert inbox == received, role
    assert both_ways(world.actor("adviser"))[1] == {kept, rejected}
    assert both_ways(world.actor("referrer"))[1] == {sent_back}


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda world: world.actor("funder"),
        lambda world: world.actor("coordinator"),
        lambda world: actor_for(UserFactory()),
        lambda world: Actor.anonymous(),
        lambda world: Actor.public(world.advice),
    ],
    ids=["funder", "coordinator", "no membership", "anonymous", "public form"],
)
def test_the_receiving_side_alone_shows_nothing_to_those_who_may_not_view_people(
    world, send, make_actor
):
    send()

    assert not Referral.objects.received_and_visible_to(make_actor(world)).exists()


def test_the_sending_side_alone_holds_every_referral_the_organisation_sent(world, send):
    mine = [send() for _ in range(2)]
    withdraw_consent(mine[0].referral_consent, by=world.actor("referrer"), method="verbal")
    services.cancel_referral(mine[1], by=world.actor("referrer"), reason=Reason.DUPLICATE)
    actor = world.actor("referrer")

    expected = set(Referral.objects.visible_to(actor).sent_by(actor.organisation_id))
    assert set(Referral.objects.sent_and_visible_to(actor)) == expected == set(mine)
    assert not Referral.objects.sent_and_visible_to(world.actor("funder")).exists()


# Tab counts


@pytest.mark.parametrize("tab", InboxTab.values)
def test_each_tab_counts_its_referrals_up_to_the_cap(world, login, send, monkeypatch, tab):
    monkeypatch.setattr(inbox_view, "COUNT_CAP", 3)
    referrals = varied(send, 4)
    put_in_tab(referrals[:3], tab)
    take_out_of_tab(referrals[3:], tab)
    label = InboxTab(tab).label
    adviser = login(world.user("adviser"))

    assert f"{label} (3)" in adviser.get(INBOX, {"tab": tab}).content.decode()

    put_in_tab(referrals[3:], tab)
    page = unescape(adviser.get(INBOX, {"tab": tab}).content.decode())
    assert f"{label} (more than 3)" in page
    assert "More than 3 results" in page


def test_the_capped_tab_counts_are_the_numbers_of_referrals_each_tab_lists(world, send):
    for tab, how_many in zip(InboxTab.values, (1, 2, 3, 4), strict=True):
        put_in_tab(varied(send, how_many), tab)
    actor = world.actor("adviser")
    received = Referral.objects.received_and_visible_to(actor).in_inbox_of(world.advice.pk)
    # The overdue referrals are accepted ones, so the new tab holds only its own.
    expected = {tab: len(in_order(actor, tab)) for tab in InboxTab.values}

    assert received.tab_counts(TODAY, cap=1000) == expected == received.tab_counts(TODAY)
    assert expected == {"new": 1, "overdue": 2, "open": 5, "closed": 4}
    assert received.tab_counts(TODAY, cap=2) == {"new": 1, "overdue": 2, "open": 3, "closed": 3}


# Keyset pages


@pytest.mark.parametrize("tab", InboxTab.values)
def test_walking_the_next_links_shows_every_referral_of_the_tab_once_in_order(
    world, login, send, monkeypatch, tab
):
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 3)
    referrals = varied(send, 11)
    put_in_tab(referrals[:10], tab)
    take_out_of_tab(referrals[10:], tab)
    adviser = login(world.user("adviser"))

    seen, pages, query = [], [], f"?tab={tab}"
    while query:
        response = adviser.get(INBOX + query)
        pages.append(references_in(response))
        seen += pages[-1]
        query = link(response, "next")

    assert seen == in_order(world.actor("adviser"), tab)
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    # And back again with the previous links, from the last page.
    back, query = [], link(adviser.get(INBOX + f"?tab={tab}"), "next")
    while True:
        response = adviser.get(INBOX + query)
        nxt = link(response, "next")
        if nxt is None:
            break
        query = nxt
    while query:
        response = adviser.get(INBOX + query)
        back = references_in(response) + back
        query = link(response, "prev")
    assert back == seen


def test_referrals_added_between_pages_are_shown_once_and_none_is_skipped(
    world, login, send, monkeypatch
):
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 3)
    first_lot = varied(send, 9)
    adviser = login(world.user("adviser"))

    first = adviser.get(INBOX)
    seen, query = references_in(first), link(first, "next")
    # One sorts before the page shown (urgent, due today), one after everything (routine, sent
    # now, no deadline).
    early, late = send(urgency=Referral.Urgency.URGENT), send()
    Referral.objects.filter(pk=early.pk).update(earliest_deadline=TODAY, sent_at=timezone.now())
    while query:
        response = adviser.get(INBOX + query)
        seen += references_in(response)
        query = link(response, "next")

    assert len(seen) == len(set(seen))
    assert {r.reference for r in first_lot} | {late.reference} == set(seen)
    assert early.reference not in seen
    assert seen == [ref for ref in in_order(world.actor("adviser"), "new") if ref in seen]


def test_an_anchor_the_viewer_may_not_see_starts_the_list_again(world, other_world, login, send):
    mine = send()
    theirs = referral_for(other_world)
    adviser = login(world.user("adviser"))

    response = adviser.get(INBOX, {"after": str(theirs.pk)})

    assert references_in(response) == [mine.reference]
    assert theirs.reference not in response.content.decode()


def test_filters_are_kept_in_the_keyset_links(world, login, send, monkeypatch):
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 2)
    housing = [send(advice_areas=["housing"]) for _ in range(5)]
    for _ in range(3):
        send(advice_areas=["debt"])
    adviser = login(world.user("adviser"))

    seen, query = [], "?area=housing"
    while query:
        response = adviser.get(INBOX + query)
        seen += references_in(response)
        query = link(response, "next")
        assert query is None or "area=housing" in query

    assert sorted(seen) == sorted(r.reference for r in housing)


# Statements


def statements(client, query: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(INBOX + query)
    assert response.status_code == 200
    return len(context.captured_queries), references_in(response)


@pytest.mark.parametrize("tab", InboxTab.values)
def test_every_tab_takes_the_same_statements_at_every_size_and_depth(
    world, login, send, monkeypatch, tab
):
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 1)
    referrals = varied(send, 40)
    adviser = login(world.user("adviser"))
    adviser.get(INBOX)  # the session's first read of the membership is not the list's
    counted = {}
    for size in (3, 40):
        put_in_tab(referrals[:size], tab)
        take_out_of_tab(referrals[size:], tab)
        order = in_order(world.actor("adviser"), tab)
        ids = dict(Referral.objects.values_list("reference", "pk"))
        depths = {
            "first": f"?tab={tab}",
            "middle": f"?tab={tab}&after={ids[order[size // 2 - 1]]}",
            "last": f"?tab={tab}&after={ids[order[-2]]}",
        }
        for depth, query in depths.items():
            counted[size, depth], shown = statements(adviser, query)
            assert len(shown) == 1, (size, depth)
        assert shown == [order[-1]]

    assert len({counted[size, "first"] for size in (3, 40)}) == 1
    # A later page reads its anchor inside the page's own statement: hjp.core.keyset.
    later = {counted[size, depth] for size in (3, 40) for depth in ("middle", "last")}
    assert later == {counted[3, "first"]}
