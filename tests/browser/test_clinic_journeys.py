"""Booking a clinic appointment in a real browser, written as given / when / then: a GP refers a
patient and books them into the advice clinic at the surgery, in the same two screens, and the
adviser finds them on the day's list."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hjp.clinics.models import Booking
from hjp.clinics.presenters import slot_label
from hjp.clinics.tests.factories import next_session, weekly_schedule
from hjp.factories import build_partnership_world, record_person
from hjp.referrals.models import Referral
from hjp.referrals.tests.factories import advice_service
from tests.browser.test_journeys import log_in, log_out
from tests.browser.test_referral_journeys import group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gp_refers_and_books_a_clinic_slot_in_two_screens(page: Page):
    # Given a weekly advice clinic at the surgery and a patient of the practice
    world = build_partnership_world("North")
    service = advice_service(world, name="Benefits advice clinic")
    schedule = weekly_schedule(world, service=service, weekday=timezone.localdate().weekday() % 5)
    slot = next_session(schedule).slots.order_by("position").first()
    person = record_person(world, given_name="Sunita", family_name="Hallam")
    referrer, adviser = world.user("referrer"), world.user("adviser")

    # When the GP refers the patient and chooses the first free appointment on the same page
    log_in(page, referrer.email)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("button", name="Refer this person").click()
    started = page.url
    group(page, "agreed to their details being shared").get_by_label("Yes").check()
    group(page, "How did they agree").get_by_label("Verbal").check()
    group(page, "tell you how the referral went").get_by_label("Yes").check()
    group(page, "need help with").get_by_label("Welfare benefits", exact=True).check()
    page.get_by_label("Reason for referral").fill("PIP stopped after review.")
    group(page, "How urgent").get_by_label("Routine").check()
    page.get_by_label(service.name).check()
    group(page, "Book a clinic appointment").get_by_label(slot_label(slot)).check()
    page.get_by_role("button", name="Send referral").click()

    # Then the confirmation, the second screen, shows the referral and the booking
    expect(page.locator(".nhsuk-panel")).to_contain_text(re.compile(r"HJP-[A-Z0-9]{4}"))
    expect(page.get_by_text(re.compile("is booked to see Benefits advice clinic"))).to_be_visible()
    assert page.url != started
    booking = Booking.objects.get()
    assert booking.slot == slot and booking.referral == Referral.objects.get()
    log_out(page)

    # And the adviser finds the patient on that clinic's day list
    log_in(page, adviser.email)
    page.goto(f"/clinics/sessions/{slot.session_id}/")
    expect(page.get_by_text("Sunita Hallam")).to_be_visible()
