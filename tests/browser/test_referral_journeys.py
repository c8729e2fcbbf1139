"""The closed referral loop in a real browser, written as given / when / then."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from hjp.factories import build_partnership_world, record_person
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def group(page: Page, legend: str):
    """A fieldset found by its legend, to tell apart the Yes/No answers of different questions."""
    return page.get_by_role("group", name=re.compile(legend, re.I))


def test_gp_refers_adviser_accepts_and_makes_contact_and_gp_sees_the_milestones(page: Page):
    # Given a practice, an advice service taking referrals, and a patient at the practice
    world = build_partnership_world("North")
    service = advice_service(world, name="Benefits and debt advice")
    person = record_person(world, given_name="Sunita", family_name="Hallam")
    referrer, adviser = world.user("referrer"), world.user("adviser")

    # When the GP refers the patient with their verbal consent
    log_in(page, referrer.email)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("button", name="Refer this person").click()
    page.get_by_label(service.name).check()
    group(page, "need help with").get_by_label("Welfare benefits", exact=True).check()
    page.get_by_label("Reason for referral").fill(
        "PIP stopped after review; rent arrears building."
    )
    group(page, "How urgent").get_by_label("Routine").check()
    group(page, "agreed to their details being shared").get_by_label("Yes").check()
    group(page, "How did they agree").get_by_label("Verbal").check()
    group(page, "tell you how the referral went").get_by_label("Yes").check()
    page.get_by_role("button", name="Send referral").click()

    # Then a confirmation with a reference number is shown
    expect(page.locator(".nhsuk-panel")).to_contain_text(re.compile(r"HJP-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    reference = Referral.objects.get().reference
    log_out(page)

    # When the adviser accepts it from the inbox and records a successful first call
    log_in(page, adviser.email)
    page.goto("/referrals/inbox")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name=re.compile("^Accept", re.I)).first.click()
    page.get_by_role("button", name="Accept and open a case").click()
    expect(page.get_by_text("Referral accepted").first).to_be_visible()
    referral = Referral.objects.get()
    page.goto(f"/referrals/{referral.pk}/contact-attempts/add")
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke to the person").check()
    page.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_text("First contact made").first).to_be_visible()
    log_out(page)

    # Then the GP sees the milestones on their referral
    log_in(page, referrer.email)
    page.get_by_role("link", name="Your referrals", exact=True).click()
    page.get_by_role("link", name=reference).click()
    timeline = page.locator("main")
    expect(timeline).to_contain_text("Referral sent")
    expect(timeline).to_contain_text("Referral accepted")
    expect(timeline).to_contain_text("First contact made")
    expect(timeline).not_to_contain_text("Spoke to the person")


def test_a_patient_self_refers_and_the_referral_appears_in_the_advice_inbox(page: Page):
    # Given an advice service that takes self-referrals from a QR code in the clinic
    world = build_partnership_world("North")
    service = advice_service(world, accepts_self_referrals=True)

    # When a patient fills in the public form without logging in
    page.goto(f"/refer/{service.pk}/")
    page.get_by_label("First name").fill("Tomasz")
    page.get_by_label("Last name").fill("Nowak")
    dob = group(page, "Date of birth")
    dob.get_by_label("Day").fill("4")
    dob.get_by_label("Month").fill("11")
    dob.get_by_label("Year").fill("1961")
    page.get_by_label("Phone number").fill("07700 900123")
    group(page, "safe for us to leave you a message").get_by_label("Yes").check()
    group(page, "What do you need help with").get_by_role("checkbox").first.check()
    page.get_by_label("Tell us briefly what is happening").fill("Letter about council tax arrears.")
    page.get_by_role("checkbox", name=re.compile("I agree", re.I)).check()
    page.get_by_role("button", name=re.compile("Send", re.I)).click()

    # Then they get a reference, and the adviser finds the self-referral in the inbox
    reference = Referral.objects.get().reference
    expect(page.locator("main")).to_contain_text(reference)
    log_in(page, world.user("adviser").email)
    page.goto("/referrals/inbox")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("Nowak")


def _refer_from_the_person_page(page: Page, person, service) -> list[str]:
    """The GP's referral from the person's page; returns the pages the browser showed (a
    redirect after the post is not a page)."""
    loads: list[str] = []
    page.goto(f"/people/{person.pk}/")

    def shown(response) -> None:
        if response.request.resource_type == "document" and response.status == 200:
            loads.append(response.url)

    page.on("response", shown)
    page.get_by_role("button", name="Refer this person").click()
    group(page, "agreed to their details being shared").get_by_label("Yes").check()
    group(page, "How did they agree").get_by_label("Verbal").check()
    group(page, "tell you how the referral went").get_by_label("Yes").check()
    group(page, "need help with").get_by_label("Welfare benefits", exact=True).check()
    page.get_by_label("Reason for referral").fill("Rent arrears after a benefit sanction.")
    group(page, "How urgent").get_by_label("Routine").check()
    page.get_by_label(service.name).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    return loads


def test_a_gp_refers_from_the_persons_page_in_two_page_loads(page: Page):
    world = build_partnership_world("North")
    service = advice_service(world, name="Benefits and debt advice")
    person = record_person(world, given_name="Sunita", family_name="Hallam")
    log_in(page, world.user("referrer").email)

    started = time.perf_counter()
    loads = _refer_from_the_person_page(page, person, service)
    took = time.perf_counter() - started

    # The form, then (after the post and its redirect) the confirmation: two screens.
    assert len(loads) == 2, loads
    assert loads[0].endswith(f"/referrals/new/{person.pk}") and loads[1].endswith("/sent")
    print(f"\nReferral from the person's page: 2 screens, {took:.2f} s in the browser test")


def test_the_two_screen_referral_works_without_javascript(page_without_javascript: Page):
    world = build_partnership_world("North")
    service = advice_service(world, name="Benefits and debt advice")
    person = record_person(world, given_name="Sunita", family_name="Hallam")
    log_in(page_without_javascript, world.user("referrer").email)
    _refer_from_the_person_page(page_without_javascript, person, service)
    assert Referral.objects.get().person == person
