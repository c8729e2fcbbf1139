"""Questions between the teams in a real browser, written as given / when / then: a GP asks the
advice centre a question without naming anyone, is stopped once for what looks like a date of
birth, and reads the adviser's answer."""

import re

import pytest
from playwright.sync_api import Page, expect

from hjp.consultations.models import Consultation
from hjp.factories import build_partnership_world
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWER = "Yes: Carer's Allowance needs 35 hours of care a week and earnings under the limit."


def test_a_gp_asks_an_adviser_and_gets_an_answer(page: Page):
    # Given a partnership of a GP practice and an advice centre
    world = build_partnership_world("North")
    gp, adviser = world.user("referrer"), world.user("adviser")

    # When the GP asks a question that mentions a date
    log_in(page, gp.email)
    page.get_by_role("link", name="Questions").first.click()
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Ask an adviser").check()
    page.get_by_label("Organisation to ask").select_option(value=str(world.advice.pk))
    page.get_by_label("Topic").select_option(label="Welfare benefits")
    page.get_by_label("Subject").fill("Carer's Allowance for a daughter")
    page.get_by_label("Your question").fill(
        "A patient born 12/03/1961 is cared for by her daughter. Could the daughter claim?"
    )
    page.get_by_role("button", name="Send").click()

    # Then the page stops it once, naming what it found but not echoing it
    expect(page.get_by_text(re.compile("date", re.I)).first).to_be_visible()
    assert Consultation.objects.count() == 0
    page.get_by_label("Your question").fill(
        "An older patient is cared for by her daughter. Could the daughter claim?"
    )
    page.get_by_role("button", name="Send").click()
    consultation = Consultation.objects.get()
    log_out(page)

    # When the adviser answers it from their questions
    log_in(page, adviser.email)
    page.get_by_role("link", name="Questions").first.click()
    page.get_by_role("link", name="Carer's Allowance for a daughter").click()
    page.get_by_label("Your reply").fill(ANSWER)
    page.get_by_role("button", name="Send the reply").click()
    log_out(page)

    # Then the GP reads the answer
    log_in(page, gp.email)
    page.goto(f"/consultations/{consultation.pk}/")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.first_response_at is not None
