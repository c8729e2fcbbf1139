"""The case list and the case page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.models import Case
from hjp.cases.presenters import CasePresenter
from hjp.consent.services import withdraw_consent
from hjp.factories import build_partnership_world, record_person
from hjp.referrals import services
from hjp.referrals.tests.factories import advice_service, referral_for

CASES = reverse("cases:list")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def case_url(case: Case) -> str:
    return reverse("cases:detail", kwargs={"case_pk": case.pk})


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


@pytest.fixture
def open_case(world):
    """Make a case the way the platform does: a referral accepted by the receiving service."""
    service = advice_service(world)

    def make(family_name: str = "Okafor", *, adviser=None) -> Case:
        person = record_person(world, given_name="Maryam", family_name=family_name)
        referral = referral_for(world, person=person, service=service)
        services.accept_referral(referral, by=world.actor("supervisor"), adviser=adviser)
        return Case.objects.get(referral=referral)

    return make


def test_the_case_page_shows_the_adviser_status_opened_date_and_links(world, login, open_case):
    case = open_case(adviser=world.user("adviser"))

    response = login(world.user("adviser")).get(case_url(case))

    page, html = text(response), response.content.decode()
    assert "Maryam Okafor" in page
    assert "Adviser North Adviser (you)" in page
    assert "Open" in page
    opened = timezone.localtime(case.opened_at)
    assert f"Opened {opened.day} {opened:%B %Y}" in page
    assert case.referral.get_absolute_url() in html
    assert case.person.get_absolute_url() in html
    assert case.referral.reference in page


def test_the_case_page_is_audited_as_one_view_of_the_person(world, login, open_case):
    case = open_case()
    before = last_sequence()

    login(world.user("adviser")).get(case_url(case))

    about = AuditEvent.objects.filter(sequence__gt=before, person_id=case.person_id)
    assert list(about.values_list("action", flat=True)) == [AuditEvent.Action.VIEW]


def test_an_adviser_of_another_partnership_gets_404_for_a_case(world, login, open_case):
    case = open_case()
    stranger = build_partnership_world("South").user("adviser")

    assert login(stranger).get(case_url(case)).status_code == 404


def test_the_referrer_cannot_open_cases(world, login, open_case):
    case = open_case()

    assert login(world.user("referrer")).get(case_url(case)).status_code == 403
    assert login(world.user("referrer")).get(CASES).status_code == 403


def test_withdrawing_referral_consent_hides_the_case_at_once(world, login, open_case):
    case = open_case()

    withdraw_consent(case.referral.referral_consent, by=world.actor("referrer"), method="verbal")

    assert login(world.user("adviser")).get(case_url(case)).status_code == 404
    assert "Okafor" not in text(login(world.user("adviser")).get(CASES))


def test_the_case_list_shows_my_cases_first_then_the_newest(world, login, open_case):
    older_theirs = open_case("Adams", adviser=world.user("supervisor"))
    mine = open_case("Baker", adviser=world.user("adviser"))
    newer_theirs = open_case("Clark", adviser=world.user("supervisor"))
    Case.objects.filter(pk=older_theirs.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=3)
    )
    Case.objects.filter(pk=mine.pk).update(opened_at=timezone.now() - datetime.timedelta(days=9))

    page = text(login(world.user("adviser")).get(CASES))

    positions = [page.index(name) for name in ["Baker", "Clark", "Adams"]]
    assert positions == sorted(positions)
    assert newer_theirs.person.full_name in page


def test_the_case_list_leaves_out_closed_cases(world, login, open_case):
    open_case("Adams")
    closed = open_case("Baker")
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)

    page = text(login(world.user("adviser")).get(CASES))

    assert "Adams" in page
    assert "Baker" not in page


def test_the_case_list_has_an_empty_state(world, login):
    assert "No open cases" in text(login(world.user("adviser")).get(CASES))


def test_the_case_list_writes_one_search_event_per_case_shown(world, login, open_case):
    cases = [open_case("Adams"), open_case("Baker")]
    before = last_sequence()

    login(world.user("adviser")).get(CASES)

    events = AuditEvent.objects.filter(sequence__gt=before)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(c.pk) for c in cases)
    assert set(events.values_list("action", flat=True)) == {AuditEvent.Action.SEARCH}
    assert set(events.values_list("person_id", flat=True)) == {c.person_id for c in cases}


def test_the_case_list_is_paginated(world, login, open_case):
    for index in range(26):
        open_case(f"Person{index:02d}")

    adviser = login(world.user("adviser"))

    assert "Showing 1 to 25 of 26" in text(adviser.get(CASES))
    assert "Showing 26 to 26 of 26" in text(adviser.get(CASES, {"page": "2"}))


def test_the_presenter_says_when_a_case_is_not_allocated(world, open_case):
    case = open_case()
    case.adviser = None

    assert CasePresenter(case).adviser == "Not allocated"
    assert CasePresenter(case).status_tag == {"text": "Open", "classes": "nhsuk-tag--aqua-green"}
