"""The renewals list a page at a time: the same statements for a short and a long list, on the
first page, a middle one and the last, and every consent due once, soonest first."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjp.consent import views as consent_views
from hjp.consent.models import Consent
from hjp.consent.services import record_consent
from hjp.factories import record_person
from hjp.people.models import PersonShare
from hjp.people.services import share_person

RENEWALS = reverse("consent:renewals")
TODAY = datetime.date(2026, 11, 22)
PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/#consent"')
NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    # Pages of five, so that a few dozen consents make several pages.
    monkeypatch.setattr(consent_views, "PAGE_SIZE", 5)
    noon = datetime.datetime.combine(TODAY, datetime.time(12, tzinfo=datetime.UTC))
    with time_machine.travel(noon, tick=False):
        yield


def due(world, count: int, *, days: int | None = None) -> list[Consent]:
    """Consents of new people running out over the next few days, several on each day, so
    that the id breaks the ties; one person each, so a row's person names its consent."""
    made = []
    for number in range(count):
        person = record_person(world)
        ends = TODAY + datetime.timedelta(days=number % 4 if days is None else days)
        made.append(
            record_consent(
                person,
                by=world.actor("referrer"),
                purpose="referral",
                method="verbal",
                organisations=[world.advice],
                valid_until=ends,
            )
        )
    return made


def soonest_first(world) -> list[str]:
    consents = Consent.objects.filter(recorded_by_organisation=world.practice)
    return [str(c.person_id) for c in consents.order_by(*consent_views.RENEWAL_ORDER)]


def walk(client, *, between=None) -> list[str]:
    seen, url, pages = [], RENEWALS, 0
    while url:
        html = client.get(url).content.decode()
        seen.extend(PERSON_LINK.findall(html))
        pages += 1
        if between and pages == 1:
            between()
        following = NEXT_LINK.search(html)
        url = RENEWALS + unescape(following.group(1)) if following else None
    return seen


def test_walking_the_renewals_shows_every_consent_due_once_soonest_first(world, login):
    due(world, 13)
    seen = walk(login(world.user("referrer")))
    assert seen == soonest_first(world)
    assert len(seen) == 13


def test_consents_recorded_while_paging_neither_repeat_nor_hide_another(world, login):
    due(world, 12)
    before = soonest_first(world)
    added = []

    def record_more():
        # One ending after the first page's last row (still ahead), one today (behind).
        added.extend(due(world, 1, days=5) + due(world, 1, days=0))

    seen = walk(login(world.user("referrer")), between=record_more)
    later, behind = (str(c.person_id) for c in added)
    assert seen == [*before, later]
    assert behind not in seen


def _statements(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _depths(world, size: int) -> list[str]:
    consents = list(
        Consent.objects.filter(recorded_by_organisation=world.practice).order_by(
            *consent_views.RENEWAL_ORDER
        )
    )
    assert len(consents) == size
    middle, last = (size // 5 // 2) * 5, (size - 1) // 5 * 5
    return [
        RENEWALS,
        f"{RENEWALS}?after={consents[middle - 1].pk}",
        f"{RENEWALS}?after={consents[last - 1].pk}",
    ]


def test_a_page_costs_the_same_statements_at_any_size_and_depth(world, login):
    client = login(world.user("referrer"))
    counts, made = {}, 0
    for size in (12, 36):
        due(world, size - made)
        made = size
        counts[size] = [_statements(client, url) for url in _depths(world, size)]

    small, large = counts.values()
    assert small == large
    first, middle, last = small
    assert middle == last == first


def test_an_anchor_another_organisation_cannot_see_starts_the_list_again(world, other_world, login):
    mine = due(world, 3)
    theirs = record_consent(
        record_person(other_world),
        by=other_world.actor("referrer"),
        purpose="referral",
        method="verbal",
        organisations=[other_world.advice],
        valid_until=TODAY,
    )
    html = login(world.user("referrer")).get(RENEWALS, {"after": str(theirs.pk)})
    assert PERSON_LINK.findall(html.content.decode()) == soonest_first(world)
    assert len(mine) == 3


def test_the_renewals_read_finds_the_same_consents_as_visible_to_with_renewal_due(
    world, other_world
):
    """The list's read has no join to the scope, so no DISTINCT; it must keep visible_to's rows:
    recorded by the organisation, or with it in scope, about people it may see."""
    shared, unshared = record_person(world), record_person(world)
    share_person(
        shared,
        by=world.actor("referrer"),
        organisation=world.advice,
        reason=PersonShare.Reason.REFERRAL,
        consent_purpose="referral",
    )
    for person in (shared, unshared):
        for purpose, days in (("referral", 3), ("contact", 40), ("feedback", 0)):
            record_consent(
                person,
                by=world.actor("referrer"),
                purpose=purpose,
                method="verbal",
                organisations=[world.advice, world.practice],
                valid_until=TODAY + datetime.timedelta(days=days),
            )
    # Recorded by the advice organisation, for the practice alone.
    record_consent(
        shared,
        by=world.actor("adviser"),
        purpose="evaluation",
        method="verbal",
        organisations=[world.practice],
        valid_until=TODAY,
    )
    due(other_world, 2)
    for role in ("referrer", "adviser"):
        actor = world.actor(role)
        expected = Consent.objects.visible_to(actor).renewal_due(within_days=30)
        found = Consent.objects.renewals_visible_to(actor, within_days=30)
        assert sorted(found.values_list("pk", flat=True), key=str) == sorted(
            expected.values_list("pk", flat=True), key=str
        ), role
        assert expected.exists(), role
