"""A supervisor's file review in a real browser, written as given / when / then."""

import re

import pytest
from playwright.sync_api import Page, expect

from hjp.cases.review_checklist import CHECKLIST
from hjp.cases.tests.review_factories import case_held_by
from hjp.factories import build_partnership_world
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_samples_reviews_a_file_and_confirms_its_action(page: Page):
    # Given an adviser holding an open case
    world = build_partnership_world("North")
    adviser, supervisor = world.user("adviser"), world.user("supervisor")
    case = case_held_by(world, adviser, family_name="Hallam")

    # When the supervisor sets the adviser's schedule and draws this month's sample
    log_in(page, supervisor.email)
    page.goto("/cases/reviews/")
    page.get_by_role("link", name="Set a caseworker's review schedule").click()
    page.get_by_label("Whose files?").select_option(label=str(adviser))
    page.get_by_label("How many files?").fill("1")
    page.get_by_label("Month").check()
    page.get_by_label("Why this many?").fill("New to welfare benefits casework")
    page.get_by_role("button", name="Set the schedule").click()
    expect(page.get_by_text("1 file a month").first).to_be_visible()
    page.get_by_role("link", name="Draw a sample of files to review").click()
    page.get_by_label("Whose files?").select_option(label=str(adviser))
    page.get_by_role("button", name="Draw the sample").click()

    # Then the file is due for review, and the supervisor reviews it against the checklist
    page.get_by_role("link", name=f"Review {case.reference}").click()
    for item in CHECKLIST:
        if item.closed_files_only:
            continue
        fieldset = page.get_by_role("group", name=re.compile(re.escape(item.question)))
        fieldset.get_by_label("Met", exact=True).check()
    page.get_by_label("Satisfactory with actions").check()
    page.get_by_label("Action 1").fill("Confirm the advice to the client in writing")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("File review recorded").first).to_be_visible()

    # And confirms the action once it is done
    page.get_by_role("link", name="Confirm it was done").click()
    page.get_by_label("How did you check the action was done?").fill("Letter seen on file")
    page.get_by_role("button", name="Confirm the action was done").click()
    expect(page.get_by_text("Action confirmed as done").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Confirmed by North Supervisor")
    log_out(page)

    # Then the adviser reads the review of their file on the case page
    log_in(page, adviser.email)
    page.goto(case.get_absolute_url())
    section = page.locator("#file-reviews").locator("xpath=..")
    expect(section).to_contain_text("Satisfactory with actions")
    expect(section).not_to_contain_text("Review this file")
