"""Outcomes and reports in a real browser, written as given / when / then: an adviser asks the
wellbeing questions, the coordinator reads the dashboard, and the funder makes a report pack and
downloads it as a PDF, never seeing a name."""

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hjp.cases.tests.factories import case_from_referral
from hjp.factories import build_partnership_world
from hjp.outcomes.tests.factories import award, evaluation_consent
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CLIENTS = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]


def test_an_adviser_asks_the_wellbeing_questions_with_consent(page: Page):
    # Given a client who agrees to their answers being used in evaluation
    world = build_partnership_world("North")
    case = case_from_referral(world, given_name="Wren", family_name="Ashby")
    evaluation_consent(world, case.person)

    # When the adviser records the baseline from the case page
    log_in(page, world.user("adviser").email)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Record the baseline").click()
    today = timezone.localdate()
    date = page.get_by_role("group", name="Date the questions were asked")
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    for group in page.get_by_role("group", name=re.compile("^I've been")).all():
        group.get_by_label("Often").check()
    page.get_by_role("group", name=re.compile("how satisfied")).get_by_label(
        "6", exact=True
    ).check()
    page.get_by_role("button", name="Save").click()

    # Then the case page shows the score and when the follow-up is due
    expect(page.get_by_text("Wellbeing questions recorded").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("SWEMWBS 25.03")
    expect(page.get_by_role("link", name=re.compile("Record the follow-up"))).to_be_visible()


def test_the_coordinator_reads_the_dashboard_and_the_funder_downloads_a_pack(page: Page):
    # Given eight clients each awarded £100 a week
    world = build_partnership_world("North")
    for name in CLIENTS:
        case = case_from_referral(world, given_name=name, family_name="Quillfeather")
        award(world, case.issues.first(), amount_pence=10000, frequency="weekly")

    # When the coordinator opens the report for the last 12 months
    log_in(page, world.user("coordinator").email)
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name=world.partnership.name).click()
    page.get_by_label("The last 12 months").check()
    page.get_by_role("button", name="Show the report").click()

    # Then the figures show, each chart with its table, and small counts hidden
    main = page.locator("main")
    expect(main).to_contain_text("£41,600")
    expect(main.locator("svg[role=img]").first).to_be_visible()
    expect(main).to_contain_text("*")
    log_out(page)

    # When the funder makes a report pack
    log_in(page, world.user("funder").email)
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name=world.partnership.name).click()
    expect(main.get_by_role("heading", name="Goals")).to_be_visible()
    page.get_by_role("button", name="Create a report pack").click()
    expect(page.locator("h1")).to_contain_text("Report pack")

    # Then the PDF downloads with the same figures and no name
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    content = Path(download.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "£41,600" in text
    assert "Quillfeather" not in text
    expect(main).not_to_contain_text("Quillfeather")
