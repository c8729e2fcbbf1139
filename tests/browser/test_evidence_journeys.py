"""Medical evidence in a real browser, written as given / when / then: an adviser asks the GP
practice for a supporting letter before a reconsideration deadline, the practice's clinician
answers in two screens, and the adviser finds the letter on the case."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from hjp.core.working_days import add_working_days
from hjp.evidence.models import EvidenceRequest
from hjp.evidence.tests.factories import accepted_case
from hjp.factories import build_partnership_world
from tests.browser.test_casework_journeys import fill_date
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RULES_MIGRATION = importlib.import_module("hjp.cases.migrations.0006_deadline_rules")
ANSWER = "Fibromyalgia since 2019; she cannot stand long enough to prepare a meal."


@pytest.fixture(autouse=True)
def deadline_rules(transactional_db):
    RULES_MIGRATION.add_rules(django_apps, None)


def test_an_adviser_gets_a_supporting_letter_from_the_practice_before_the_deadline(page: Page):
    # Given an open case with the person's consent to release health information
    world = build_partnership_world("North")
    case = accepted_case(world)
    adviser, clinician = world.user("adviser"), world.user("referrer")
    deadline = add_working_days(timezone.localdate(), 20)

    # When the adviser asks the practice for a supporting letter before the deadline
    log_in(page, adviser.email)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Ask for medical evidence")).first.click()
    page.get_by_label("Health organisation").select_option(label=world.practice.name)
    page.get_by_label("Supporting letter").check()
    page.get_by_label("What is the evidence for?").fill("Mandatory reconsideration of PIP")
    fill_date(page, "Legal deadline", deadline)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text(f"Request sent to {world.practice.name}").first).to_be_visible()
    evidence = EvidenceRequest.objects.get()
    log_out(page)

    # Then the practice's clinician finds it in the team's requests and answers on one page
    log_in(page, clinician.email)
    page.get_by_role("link", name="Evidence requests").first.click()
    started = page.url
    page.get_by_role("link", name=evidence.reference).click()
    expect(page.locator("h1")).to_contain_text("Supporting letter")
    page.get_by_label("What are the person's diagnoses, and since when?").fill(ANSWER)
    page.get_by_label("GP", exact=True).check()
    page.get_by_label("General Medical Council (GMC)").check()
    page.get_by_label("Registration number").fill("7012345")
    page.get_by_label(re.compile("I confirm this evidence is accurate")).check()
    page.get_by_role("button", name="Send the evidence").click()
    # The second screen is the confirmation
    expect(page.get_by_role("heading", name="Evidence sent")).to_be_visible()
    assert page.url != started
    log_out(page)

    # And the adviser sees the letter on the case, with its provenance
    log_in(page, adviser.email)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name=evidence.reference).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Supporting letter from"))).to_be_visible()
    evidence.refresh_from_db()
    assert evidence.status == "provided"
    assert evidence.due_on < deadline
