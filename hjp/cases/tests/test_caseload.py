"""The caseload: whose cases, open or closed, inactivity, search, and seek pagination."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.caseload import PAGE_SIZE, Filters, cases_for, page_of
from hjp.cases.models import Case
from hjp.cases.presenters.case import CasePresenter
from hjp.cases.reminders import send_due_reminders
from hjp.cases.services import close_case
from hjp.cases.services.deadlines import add_deadline
from hjp.cases.tests.factories import case_from_referral

LIST = reverse("cases:list")


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def search(client, query: str, **filters):
    """Search as the form does: post, then follow the redirect to the list."""
    return client.post(LIST, {"q": query, **filters}, follow=True)


def test_an_adviser_sees_their_own_open_cases_by_default(world, login):
    mine = case_from_referral(world, family_name="Adams")
    theirs = case_from_referral(world, family_name="Baker", adviser=world.user("supervisor"))
    page = text(login(world.user("adviser")).get(LIST))
    assert mine.reference in page and theirs.reference not in page
    everyone = text(login(world.user("adviser")).get(LIST + "?adviser=all"))
    assert mine.reference in everyone and theirs.reference in everyone
    by_name = text(
        login(world.user("adviser")).get(LIST + f"?adviser={world.user('supervisor').pk}")
    )
    assert theirs.reference in by_name and mine.reference not in by_name


def test_closed_cases_are_listed_apart(world, login):
    case = case_from_referral(world, family_name="Adams")
    close_case(case, by=world.actor("adviser"))
    client = login(world.user("adviser"))
    assert case.reference not in text(client.get(LIST))
    closed = text(client.get(LIST + "?status=closed"))
    assert "Closed cases" in closed and case.reference in closed


def test_the_caseload_has_an_empty_state(world, login):
    assert "No cases found" in text(login(world.user("adviser")).get(LIST))


@pytest.mark.parametrize("query", ["Okafor", "maryam okafor", "17/05/1980"])
def test_search_by_name_or_date_of_birth(world, login, query):
    case = case_from_referral(world)
    other = case_from_referral(world, given_name="Peter", family_name="Jones")
    Case.objects.filter(pk=other.pk).update(opened_at=timezone.now())
    page = text(search(login(world.user("adviser")), query))
    assert case.reference in page
    if query != "17/05/1980":
        assert other.reference not in page


def test_search_by_case_reference_however_it_is_typed(world, login):
    case = case_from_referral(world)
    case_from_referral(world, family_name="Jones")
    for typed in [case.reference, case.reference.lower(), case.reference.replace("-", " ")]:
        page = text(search(login(world.user("adviser")), typed))
        assert case.reference in page and "1 case" in page


def test_a_case_without_activity_for_30_days_is_flagged_and_can_be_listed_alone(world, login):
    quiet = case_from_referral(world, family_name="Adams")
    busy = case_from_referral(world, family_name="Baker")
    Case.objects.filter(pk=quiet.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=31)
    )
    client = login(world.user("adviser"))
    assert "No activity for 30 days" in text(client.get(LIST))
    only = text(client.get(LIST, {"inactive": "1"}))
    assert quiet.reference in only and busy.reference not in only


def test_pages_seek_from_the_last_case_shown(world, login):
    cases = [case_from_referral(world, family_name=f"Person{i}") for i in range(PAGE_SIZE + 2)]
    client = login(world.user("adviser"))
    first = client.get(LIST)
    html = first.content.decode()
    next_url = unescape(re.search(r'href="(\?[^"]*after=[^"]+)"', html).group(1))
    second = text(client.get(LIST + next_url))
    shown_first = {c.reference for c in cases if c.reference in text(first)}
    shown_second = {c.reference for c in cases if c.reference in second}
    assert len(shown_first) == PAGE_SIZE and len(shown_second) == 2
    assert not shown_first & shown_second
    assert "Back to the first page" in second


def test_a_tampered_cursor_shows_the_first_page(world, login):
    case = case_from_referral(world)
    for anchor in ("nonsense~x", "2026-01-01T00:00:00~" + str(case.pk)):
        response = login(world.user("adviser")).get(LIST, {"after": anchor})
        assert response.status_code == 200 and case.reference in text(response)


def test_each_case_shown_is_named_in_the_page_s_search_event(world, login):
    cases = [case_from_referral(world, family_name=f"P{i}") for i in range(3)]
    before = AuditEvent.objects.count()
    login(world.user("adviser")).get(LIST)
    found = list(AuditEvent.objects.filter(sequence__gt=before, action="search"))
    # One event for the page, naming every case shown and its person, newest first.
    newest_first = sorted(cases, key=lambda c: (c.opened_at, str(c.pk)), reverse=True)
    assert len(found) == 1
    assert found[0].detail["shown"] == [str(c.pk) for c in newest_first]
    assert found[0].detail["people"] == [str(c.person_id) for c in newest_first]


def test_the_caseload_costs_the_same_number_of_queries_for_3_and_30_cases(world):
    actor = world.actor("adviser")
    for i in range(3):
        case_from_referral(world, family_name=f"A{i}")
    with CaptureQueriesContext(connection) as few:
        page_of(cases_for(actor, Filters()), QueryDict())
    for i in range(27):
        case_from_referral(world, family_name=f"B{i}")
    with CaptureQueriesContext(connection) as many:
        page = page_of(cases_for(actor, Filters()), QueryDict())
    assert len(page.cases) == PAGE_SIZE
    assert len(many) == len(few)


def test_no_total_is_counted_and_the_caption_says_what_is_shown(world):
    for i in range(3):
        case_from_referral(world, family_name=f"A{i}")
    page = page_of(cases_for(world.actor("adviser"), Filters()), QueryDict())
    assert page.count_text == "3 cases"


def test_another_organisation_sees_none_of_our_cases(world, other_world, login):
    case = case_from_referral(world)
    assert case.reference not in text(login(other_world.user("adviser")).get(LIST + "?adviser=all"))


def test_the_supervisors_workload_shows_each_advisers_cases_and_time(world, login):
    case_from_referral(world, family_name="Adams")
    quiet = case_from_referral(world, family_name="Baker")
    Case.objects.filter(pk=quiet.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=40)
    )
    response = login(world.user("supervisor")).get(reverse("cases:workload"))
    page = text(response)
    assert "North Adviser Open cases 2 No activity for 30 days 1" in page
    assert login(world.user("adviser")).get(reverse("cases:workload")).status_code == 403


def test_days_open_counts_from_the_opening(world):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=12)):
        case = case_from_referral(world)
    assert CasePresenter(case).days_open == 12


def test_the_advisers_home_page_shows_their_reminders_and_deadlines_due(world, login):
    case = case_from_referral(world)
    add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Appeal",
        due_date=timezone.localdate(),
    )
    send_due_reminders()
    page = text(login(world.user("adviser")).get("/"))
    assert "Open your caseload" in page
    assert "Your reminders : 1 about open tasks and deadlines" in page
    assert "due in the next 10 working days: 1" in page


# The search stays out of the address.

URL_IN_PAGE = re.compile(r'(?:href|action|src)="([^"]*)"')


def test_a_search_by_name_never_puts_the_name_in_an_address(world, login):
    case = case_from_referral(world, given_name="Maryam", family_name="Okafor")
    for i in range(PAGE_SIZE + 1):
        other = case_from_referral(world, given_name="Maryam", family_name=f"Okafor{i}")
        Case.objects.filter(pk=other.pk).update(opened_at=timezone.now())
    client = login(world.user("adviser"))

    response = search(client, "Okafor", adviser="all", inactive="1")
    (redirected, status), *_ = response.redirect_chain
    assert status == 302
    assert "search=" in redirected and "adviser=all" in redirected and "inactive=1" in redirected
    Case.objects.update(last_activity_at=timezone.now() - datetime.timedelta(days=31))
    response = client.get(redirected)
    html = response.content.decode()
    urls = [unescape(url) for url in URL_IN_PAGE.findall(html)]
    next_url = next(url for url in urls if "after=" in url)
    later = client.get(LIST + next_url)
    urls += [unescape(url) for url in URL_IN_PAGE.findall(later.content.decode())]
    # The results are of the search, on both pages, and the box still shows what was typed.
    assert "Okafor" in text(response) and 'value="Okafor"' in html
    assert case.reference in text(later) and "Back to the first page" in text(later)
    assert not [url for url in [redirected, *urls] if "okafor" in url.lower()]
    assert "search=" in next_url and "adviser=all" in next_url


def test_a_search_in_the_address_is_refused_not_run(world, login):
    case = case_from_referral(world, family_name="Okafor")
    other = case_from_referral(world, family_name="Jones")
    client = login(world.user("adviser"))

    response = client.get(LIST, {"q": "Okafor", "adviser": "all"})

    assert response.status_code == 302
    assert "okafor" not in response["Location"].lower()
    assert "adviser=all" in response["Location"]
    page = text(client.get(response["Location"]))
    assert "what you search for never goes in the page address" in page
    assert case.reference in page and other.reference in page


def test_the_filters_stay_in_the_address_and_clearing_a_search_keeps_them(world, login):
    mine = case_from_referral(world, family_name="Okafor")
    closed = case_from_referral(world, family_name="Okafor")
    close_case(closed, by=world.actor("adviser"))
    client = login(world.user("adviser"))

    response = search(client, "okafor", status="closed")
    page = text(response)
    assert closed.reference in page and mine.reference not in page
    clear = re.search(r'href="([^"]*)">Clear search', response.content.decode()).group(1)
    assert "status=closed" in unescape(clear) and "search=" not in clear


def test_a_search_token_of_another_session_shows_no_search(world, login):
    case = case_from_referral(world, family_name="Okafor")
    other = case_from_referral(world, family_name="Jones")
    searched = search(login(world.user("adviser")), "Okafor")
    redirected = searched.redirect_chain[0][0]
    stranger = login(world.user("supervisor"))
    page = text(stranger.get(redirected.replace("adviser=me", "adviser=all")))
    assert case.reference in page and other.reference in page
