"""The case list and the case page."""

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


def test_the_presenter_says_when_a_case_is_not_allocated(world, open_case):
    case = open_case()
    case.adviser = None

    assert CasePresenter(case).adviser == "Not allocated"
    assert CasePresenter(case).status_tag == {"text": "Open", "classes": "nhsuk-tag--aqua-green"}
