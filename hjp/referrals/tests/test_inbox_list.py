"""The receiving service's inbox: tabs, filters, order, empty states, audit and query count."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.consent.services import withdraw_consent
from hjp.factories import record_person
from hjp.partnerships.models import Site
from hjp.referrals import services
from hjp.referrals.models import InboxTab, Referral, ReferralDeadline
from hjp.referrals.status import Status
from hjp.referrals.tests.factories import advice_service, health_service, referral_for

INBOX = reverse("referrals:inbox")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def references_in(response) -> list[str]:
    """The referral references in the inbox table, in the order shown."""
    return re.findall(r">(HJP-[A-Z0-9]{4}-[A-Z0-9]{4})</a>", response.content.decode())


def next_link(response) -> str:
    """The address of the next page, as the pagination links it."""
    found = re.search(r'href="(\?[^"]*)" rel="next"', response.content.decode())
    return unescape(found.group(1))


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


@pytest.fixture
def service(world):
    return advice_service(world)


@pytest.fixture
def send(world, service):
    """Send a referral to the world's advice service (named people make assertions readable)."""

    def make(family_name: str = "Example", **kwargs) -> Referral:
        person = record_person(world, given_name="Sam", family_name=family_name)
        return referral_for(world, person=person, service=service, **kwargs)

    return make


def set_status(referral: Referral, status: str, **fields) -> None:
    Referral.objects.filter(pk=referral.pk).update(status=status, **fields)


def test_new_referrals_received_by_the_organisation_are_listed(world, login, send):
    referral = send("Okafor")

    response = login(world.user("adviser")).get(INBOX)

    assert response.status_code == 200
    assert references_in(response) == [referral.reference]
    assert "Sam Okafor" in text(response)


def test_the_referring_organisation_does_not_see_its_sent_referrals_in_its_inbox(
    world, login, send
):
    send()

    response = login(world.user("referrer")).get(INBOX)

    assert references_in(response) == []
    assert "No new referrals" in text(response)


def test_a_health_organisation_sees_advice_to_health_referrals_in_the_same_inbox(world, login):
    referral = referral_for(world, by=world.actor("adviser"), service=health_service(world))

    response = login(world.user("referrer")).get(INBOX)

    assert references_in(response) == [referral.reference]


def test_urgent_referrals_come_first_then_the_earliest_deadline_then_the_oldest(world, login, send):
    oldest_routine = send("Adams")
    far_deadline = send(
        "Baker",
        deadlines=[(ReferralDeadline.Kind.TRIBUNAL, datetime.date(2030, 6, 1))],
    )
    near_deadline = send(
        "Clark",
        deadlines=[(ReferralDeadline.Kind.POSSESSION_HEARING, datetime.date(2030, 1, 10))],
    )
    urgent = send("Davies", urgency=Referral.Urgency.URGENT)

    response = login(world.user("adviser")).get(INBOX)

    assert references_in(response) == [
        urgent.reference,
        near_deadline.reference,
        far_deadline.reference,
        oldest_routine.reference,
    ]


def test_each_row_shows_the_urgency_deadline_waiting_time_and_first_contact_due(world, login, send):
    referral = send(
        urgency=Referral.Urgency.URGENT,
        deadlines=[(ReferralDeadline.Kind.TRIBUNAL, datetime.date(2030, 6, 1))],
    )

    page = text(login(world.user("adviser")).get(INBOX))

    assert "Urgent" in page
    assert "1 June 2030" in page
    assert "0 working days waiting" in page
    day = referral.first_contact_due
    assert f"{day.day} {day:%B %Y}" in page
    assert referral.person.age_band() in page
    assert "Welfare benefits, Debt" in page
    assert "Not assigned" in page


def test_the_overdue_tab_lists_referrals_past_their_first_contact_date(world, login, send):
    late, on_time = send("Late"), send("Ontime")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Referral.objects.filter(pk=late.pk).update(first_contact_due=yesterday)

    response = login(world.user("adviser")).get(INBOX, {"tab": "overdue"})

    assert references_in(response) == [late.reference]
    assert "Overdue" in text(response).split("First contact due Assigned to", 1)[1]
    assert on_time.reference not in response.content.decode()


def test_a_referral_contacted_after_its_due_date_is_no_longer_overdue(world, login, send):
    late = send()
    Referral.objects.filter(pk=late.pk).update(
        first_contact_due=timezone.localdate() - datetime.timedelta(days=3),
        first_contact_at=timezone.now(),
    )

    response = login(world.user("adviser")).get(INBOX, {"tab": "overdue"})

    assert references_in(response) == []
    assert "No referrals are overdue for first contact" in text(response)


def test_the_open_tab_lists_accepted_in_progress_and_on_hold_referrals(world, login, send):
    accepted, working, paused, new, closed = (send() for _ in range(5))
    set_status(accepted, Status.ACCEPTED)
    set_status(working, Status.IN_PROGRESS)
    set_status(paused, Status.ON_HOLD)
    set_status(closed, Status.COMPLETED)

    response = login(world.user("adviser")).get(INBOX, {"tab": "open"})

    assert sorted(references_in(response)) == sorted(
        [accepted.reference, working.reference, paused.reference]
    )
    assert new.reference not in response.content.decode()


def test_the_closed_tab_lists_closed_referrals_most_recently_closed_first(world, login, send):
    earlier, later, still_open = send(), send(), send()
    now = timezone.now()
    set_status(earlier, Status.REJECTED, closed_at=now - datetime.timedelta(days=2))
    set_status(later, Status.FAILED, closed_at=now - datetime.timedelta(days=1))
    set_status(still_open, Status.IN_PROGRESS)

    response = login(world.user("adviser")).get(INBOX, {"tab": "closed"})

    assert references_in(response) == [later.reference, earlier.reference]


def test_the_tabs_show_how_many_referrals_each_holds(world, login, send):
    send(), send()
    set_status(send(), Status.ACCEPTED)

    page = text(login(world.user("adviser")).get(INBOX))

    assert "New (2)" in page
    assert "Open (1)" in page
    assert "Closed (0)" in page


def _mixed_inbox(send) -> dict[str, list[Referral]]:
    """Two new (one overdue), an accepted one overdue, one in progress contacted late, one on
    hold, and two closed: each tab holds a different number."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    new, new_late, accepted_late, contacted, paused, done, declined = (send() for _ in range(7))
    set_status(new_late, Status.REQUESTED, first_contact_due=yesterday)
    set_status(accepted_late, Status.ACCEPTED, first_contact_due=yesterday)
    set_status(
        contacted, Status.IN_PROGRESS, first_contact_due=yesterday, first_contact_at=timezone.now()
    )
    set_status(paused, Status.ON_HOLD)
    set_status(done, Status.COMPLETED, closed_at=timezone.now())
    set_status(declined, Status.REJECTED, closed_at=timezone.now())
    return {
        "new": [new, new_late],
        "overdue": [new_late, accepted_late],
        "open": [accepted_late, contacted, paused],
        "closed": [done, declined],
    }


def test_each_tab_count_is_the_number_of_referrals_the_tab_lists(world, login, send):
    expected = _mixed_inbox(send)
    adviser = login(world.user("adviser"))

    page = text(adviser.get(INBOX))

    assert "New (2)" in page
    assert "Overdue first contact (2)" in page
    assert "Open (3)" in page
    assert "Closed (2)" in page
    for tab, referrals in expected.items():
        response = adviser.get(INBOX, {"tab": tab})
        assert sorted(references_in(response)) == sorted(r.reference for r in referrals)
        assert f"{len(referrals)} results" in text(response)


def test_the_overdue_tab_holds_what_the_model_calls_overdue_for_first_contact(world, login, send):
    _mixed_inbox(send)

    response = login(world.user("adviser")).get(INBOX, {"tab": "overdue"})

    overdue = Referral.objects.overdue_first_contact()
    assert sorted(references_in(response)) == sorted(r.reference for r in overdue)


def test_the_tab_counts_follow_the_filters(world, login, send):
    housing = send(advice_areas=["housing"])
    send(advice_areas=["debt"])
    set_status(send(advice_areas=["housing"]), Status.ACCEPTED)
    set_status(housing, Status.REQUESTED)

    page = text(login(world.user("adviser")).get(INBOX, {"area": "housing"}))

    assert "New (1)" in page
    assert "Open (1)" in page
    assert "Closed (0)" in page


def test_each_tab_is_counted_once_in_its_own_capped_statement_and_the_page_reuses_it(
    world, login, send
):
    for _ in range(3):
        send()
    adviser = login(world.user("adviser"))

    with CaptureQueriesContext(connection) as context:
        response = adviser.get(INBOX)

    counting = [q for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == len(InboxTab)
    assert all("LIMIT 101" in q["sql"] for q in counting)
    assert "New (3)" in text(response)
    assert "3 results" in text(response)


def test_the_inbox_table_keeps_its_caption_column_headers_and_escapes_names(world, login, send):
    referral = send("<b>O'Brien</b>")

    html = login(world.user("adviser")).get(INBOX).content.decode()

    assert '<table class="nhsuk-table nhsuk-table--responsive" role="table">' in html
    assert '<caption class="nhsuk-table__caption nhsuk-table__caption--m">New</caption>' in html
    # Eight columns, so the table fits a 960-pixel window (tests/browser/test_every_page.py).
    assert html.count('scope="col" role="columnheader"') == 8
    assert '<th class="nhsuk-table__header" scope="col" role="columnheader">Name</th>' in html
    assert "Sam &lt;b&gt;O&#39;Brien&lt;/b&gt;" in html
    assert "<b>O'Brien</b>" not in html
    link = f'<a class="hjp-reference" href="{referral.get_absolute_url()}">{referral.reference}</a>'
    assert f"<span>{link}</span>" in html
    assert '<span class="nhsuk-table__heading" aria-hidden="true">Name </span>' in html


@pytest.mark.parametrize(
    ("tab", "message"),
    [
        ("new", "No new referrals"),
        ("overdue", "No referrals are overdue for first contact"),
        ("open", "No open referrals"),
        ("closed", "No closed referrals"),
    ],
)
def test_each_tab_has_its_own_empty_state(world, login, tab, message):
    page = text(login(world.user("adviser")).get(INBOX, {"tab": tab}))

    assert message in page


def test_filtering_by_advice_area_keeps_only_referrals_about_it(world, login, send):
    housing = send(advice_areas=["housing"])
    send(advice_areas=["debt"])

    response = login(world.user("adviser")).get(INBOX, {"area": "housing"})

    assert references_in(response) == [housing.reference]


def test_filtering_by_referring_site_keeps_only_its_referrals(world, login, send):
    other_site = Site.objects.create(
        organisation=world.practice,
        partnership=world.partnership,
        name="North Walk-in Centre",
        kind=Site.Kind.GP_PRACTICE,
    )
    from_surgery = send(from_site=world.site)
    send(from_site=other_site)

    adviser = login(world.user("adviser"))
    assert "North Walk-in Centre, North Medical Practice" in text(adviser.get(INBOX))
    response = adviser.get(INBOX, {"site": str(world.site.pk)})

    assert references_in(response) == [from_surgery.reference]


def test_the_site_filter_offers_the_partnerships_referring_sites_and_no_others(
    world, other_world, login
):
    Site.objects.create(
        organisation=world.practice,
        partnership=world.partnership,
        name="North Walk-in Centre",
        kind=Site.Kind.GP_PRACTICE,
    )
    Site.objects.create(
        organisation=world.advice,
        partnership=world.partnership,
        name="Advice Drop-in",
        kind=Site.Kind.COMMUNITY,
    )

    page = text(login(world.user("adviser")).get(INBOX))

    assert "North Walk-in Centre, North Medical Practice" in page
    assert "Advice Drop-in" not in page  # the organisation's own sites send it nothing
    for site in other_world.partnership.sites.all():
        assert site.name not in page


def test_filtering_by_adviser_and_by_unassigned(world, login, send):
    mine, theirs, nobody = send(), send(), send()
    set_status(mine, Status.ACCEPTED, assigned_to=world.user("adviser"))
    set_status(theirs, Status.ACCEPTED, assigned_to=world.user("supervisor"))
    set_status(nobody, Status.ACCEPTED)
    adviser = login(world.user("adviser"))

    by_adviser = adviser.get(INBOX, {"tab": "open", "adviser": str(world.user("adviser").pk)})
    unassigned = adviser.get(INBOX, {"tab": "open", "adviser": "unassigned"})

    assert references_in(by_adviser) == [mine.reference]
    assert references_in(unassigned) == [nobody.reference]


def test_a_filter_value_that_is_not_one_of_the_choices_is_ignored(world, login, send):
    referral = send()

    response = login(world.user("adviser")).get(
        INBOX, {"site": "not-a-site", "area": "astrology", "tab": "sideways"}
    )

    assert response.status_code == 200
    assert references_in(response) == [referral.reference]


def test_tab_links_keep_the_filters_and_carry_only_codes(world, login, send):
    send(advice_areas=["housing"])

    html = login(world.user("adviser")).get(INBOX, {"area": "housing", "page": "1"}).content
    links = re.findall(r'href="(\?[^"]*)"', unescape(html.decode()))

    assert "?area=housing&tab=overdue" in links
    assert all("page=" not in link for link in links)


def test_withdrawing_referral_consent_removes_the_referral_from_the_inbox(world, login, send):
    referral = send()

    withdraw_consent(referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert references_in(login(world.user("adviser")).get(INBOX)) == []


def test_the_inbox_is_paginated_25_to_a_page(world, login, send):
    for _ in range(26):
        send()
    adviser = login(world.user("adviser"))

    first = adviser.get(INBOX)
    second = adviser.get(INBOX + next_link(first))

    assert len(references_in(first)) == 25
    assert len(references_in(second)) == 1
    assert set(references_in(first)).isdisjoint(references_in(second))
    assert "26 results" in text(first)
    assert "Back to the first page" in text(second)
    assert "Back to the first page" not in text(first)


def test_the_inbox_writes_one_search_event_naming_every_referral_shown(world, login, send):
    referrals = [send(), send()]
    before = last_sequence()

    login(world.user("adviser")).get(INBOX)

    [event] = AuditEvent.objects.filter(sequence__gt=before)
    assert (event.action, event.object_type) == (AuditEvent.Action.SEARCH, "referrals.referral")
    assert set(event.detail["shown"]) == {str(r.pk) for r in referrals}
    assert set(event.detail["people"]) == {str(r.person_id) for r in referrals}
    for referral in referrals:
        assert event in AuditEvent.objects.about_person(referral.person_id)


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(world, login, send):
    adviser = login(world.user("adviser"))
    referrals = [send(from_site=world.site) for _ in range(25)]
    for referral in referrals[::2]:
        services.accept_referral(referral, by=world.actor("supervisor"))
    pks = [r.pk for r in referrals]

    def queries_for(rows: int) -> int:
        """Leave `rows` referrals in the New tab and count the queries that page takes."""
        Referral.objects.filter(pk__in=pks[:rows]).update(status=Status.REQUESTED)
        Referral.objects.filter(pk__in=pks[rows:]).update(status=Status.IN_PROGRESS)
        with CaptureQueriesContext(connection) as context:
            response = adviser.get(INBOX)
        assert len(references_in(response)) == rows
        return len(context.captured_queries)

    assert queries_for(5) == queries_for(25)


def test_a_funder_cannot_open_the_inbox(world, login):
    assert login(world.user("funder")).get(INBOX).status_code == 403
