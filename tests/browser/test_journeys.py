"""Main journeys in a real browser, written as given / when / then."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from hjp.accounts.models import User
from hjp.factories import (
    TEST_PASSWORD,
    authenticator_code,
    authenticator_for,
    build_partnership_world,
    record_person,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, email: str) -> None:
    """Log in as a user who has set up their authenticator app: password, then the app's code."""
    device = authenticator_for(User.objects.get(email=email))
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(authenticator_code(device))
    page.get_by_role("button", name="Continue").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_referrer_records_consent_and_privacy_officer_sees_the_access(page: Page):
    # Given a partnership with a patient recorded at the practice
    world = build_partnership_world("North")
    record_person(world, given_name="Maryam", family_name="Okafor")
    referrer, officer = world.user("referrer"), world.user("privacy_officer")

    # When the referrer finds the patient and records verbal consent to refer to the advice centre
    log_in(page, referrer.email)
    page.get_by_role("link", name="People", exact=True).first.click()
    page.get_by_label(re.compile("Search", re.I)).fill("Okafor")
    page.get_by_role("button", name=re.compile("Search", re.I)).click()
    page.get_by_role("link", name=re.compile("Maryam Okafor")).click()
    expect(page.get_by_role("heading", name=re.compile("Maryam Okafor"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Record consent", re.I)).first.click()
    page.get_by_label(re.compile("Share referral details", re.I)).check()
    page.get_by_label(world.advice.name).check()
    page.get_by_label("Verbal").check()
    page.get_by_role("button", name=re.compile("consent", re.I)).click()

    # Then the person's page shows the consent in force
    expect(page.get_by_text("In force").first).to_be_visible()
    log_out(page)

    # When the privacy officer looks at who accessed the record
    log_in(page, officer.email)
    page.get_by_role("link", name="Audit trail", exact=True).click()
    page.get_by_label("User", exact=True).select_option(
        label=f"{referrer.full_name} ({referrer.email})"
    )
    page.get_by_role("button", name=re.compile("filter|search|apply", re.I)).click()

    # Then the referrer's view of the person and the consent they recorded are listed
    table = page.locator("table")
    expect(table).to_contain_text(referrer.full_name)
    expect(table).to_contain_text("Viewed")
    expect(table).to_contain_text("Created")


def test_pages_work_without_javascript(page_without_javascript: Page):
    # Given a referrer, in a browser with JavaScript switched off
    world = build_partnership_world("North")
    page = page_without_javascript

    # When they log in and open the add-person form and submit it empty
    log_in(page, world.user("referrer").email)
    page.goto("/people/add")
    page.get_by_role("button", name=re.compile("Continue|Save|Add", re.I)).first.click()

    # Then the server-side error summary lists what to fix
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter")


def test_a_new_user_sets_up_an_authenticator_app_at_first_log_in(page: Page):
    # Given a new member of staff who has never logged in
    world = build_partnership_world("North")
    referrer = world.user("referrer")

    # When they give their password, they are asked to set up an authenticator app
    page.goto("/account/login")
    page.get_by_label("Email address").fill(referrer.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()

    # And they type the key by hand into their app and enter the code it shows
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".hjp-secret-key code").inner_text().replace(" ", "")
    app = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    page.get_by_label("Code from your authenticator app").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Turn on log-in security").click()

    # Then they see their recovery codes once, and go on to their home page
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".hjp-recovery-codes li").count() == 10
    page.get_by_role("button", name="I have kept my recovery codes").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
