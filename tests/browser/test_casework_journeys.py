"""Advice casework in a real browser, written as given / when / then: an adviser works a case
from a referral to its closing, and the referrer reads the shared summary."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from hjp.cases.models import Case, CaseTask
from hjp.factories import build_partnership_world, record_person
from hjp.referrals.tests.factories import advice_service, referral_for
from tests.browser.test_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RULES_MIGRATION = importlib.import_module("hjp.cases.migrations.0006_deadline_rules")


@pytest.fixture(autouse=True)
def deadline_rules(transactional_db):
    """The deadline rules are data a migration writes; a transactional test before this one
    empties the tables, so write them again (the migration's own function, idempotent)."""
    RULES_MIGRATION.add_rules(django_apps, None)


PRIVILEGED = "Client disclosed rent arrears to the landlord in confidence"
SHARED = "We have asked DWP to reconsider the PIP decision"


def fill_date(page: Page, group_name: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=re.compile(group_name))
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_adviser_works_a_case_from_referral_to_closing_and_the_referrer_reads_the_summary(
    page: Page, tmp_path
):
    # Given a referral from the GP, with the patient's consent to feedback
    world = build_partnership_world("North")
    service = advice_service(world, name="Benefits advice")
    person = record_person(world, given_name="Sunita", family_name="Hallam")
    referral = referral_for(world, person=person, service=service, feedback_consent=True)
    adviser, referrer = world.user("adviser"), world.user("referrer")

    # When the adviser accepts it, which opens a case
    log_in(page, adviser.email)
    page.goto(referral.get_absolute_url())
    page.get_by_role("button", name=re.compile("^Accept", re.I)).first.click()
    page.get_by_role("button", name="Accept and open a case").click()
    case = Case.objects.get(referral=referral)
    page.goto("/cases/")
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("h1")).to_contain_text("Sunita Hallam")

    # And records a privileged note and a shared summary
    page.get_by_role("link", name="Add a note").click()
    page.get_by_label("Attendance").check()
    page.get_by_label("Subject").fill("First meeting")
    page.get_by_label("Note", exact=True).fill(PRIVILEGED)
    fill_date(page, "Date of the activity", timezone.localdate())
    page.get_by_label("Time spent, in minutes").fill("40")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Note added").first).to_be_visible()
    page.get_by_role("link", name="Write a summary for the referrer").click()
    page.get_by_label("File note").check()
    page.get_by_label("Subject").fill("Summary for the GP")
    page.get_by_label("Note", exact=True).fill(SHARED)
    fill_date(page, "Date of the activity", timezone.localdate())
    expect(page.get_by_label("Share this note with the referrer as a summary")).to_be_checked()
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Shared summary added").first).to_be_visible()

    # And uploads the decision letter, which offers the reconsideration deadline
    letter = tmp_path / "decision.pdf"
    letter.write_bytes(b"%PDF-1.4\nPIP decision letter\n%%EOF")
    decided = timezone.localdate() - datetime.timedelta(days=3)
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("File").set_input_files(str(letter))
    page.get_by_label("Decision letter").check()
    page.get_by_label("Title").fill("PIP decision")
    fill_date(page, "Date printed on the document", decided)
    page.get_by_label("DWP or HMRC").check()
    page.get_by_role("button", name="Upload the document").click()
    expect(page.locator("main")).to_contain_text("Mandatory reconsideration request")
    page.get_by_role("button", name="Add the deadline").click()
    expect(page.get_by_text("Deadline added").first).to_be_visible()
    deadline = CaseTask.objects.get(case=case)
    assert deadline.trigger_date == decided and deadline.rule.code == "mandatory_reconsideration"

    # And books an appointment, then records that the client attended
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Book an appointment").click()
    fill_date(page, "Date", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("Time", exact=True).fill("10:30")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Book the appointment").click()
    page.get_by_role("link", name="Record what happened").click()
    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Time spent, in minutes").fill("45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recorded: attended").first).to_be_visible()

    # Then the case cannot close while the deadline is open
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Resolved").check()
    for field in page.get_by_label(re.compile("Outcome: ")).all():
        field.fill("Reconsideration requested; award expected")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("open deadline")

    # When the deadline is met and the case is closed
    page.goto(f"/cases/tasks/{deadline.pk}/")
    page.get_by_role("link", name="Mark as met, missed or not pursued").click()
    page.get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save").click()

    # And the award is recorded on the benefits issue
    issue = case.issues.get(advice_area="welfare_benefits")
    page.goto(f"/cases/issues/{issue.pk}/")
    page.get_by_role("link", name="Record a financial outcome").click()
    page.get_by_label("Recurring income").check()
    page.get_by_label("Benefit, source or creditor").select_option(label="Attendance Allowance")
    page.get_by_label("Amount in pounds").fill("80.77")
    page.get_by_label("Weekly").check()
    page.get_by_label("Confirmed").check()
    page.get_by_role("group", name="Was it obtained by this service?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Outcome recorded").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("£4,200.04")

    # Then the case closes once every other kind of outcome is declared none
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Resolved").check()
    for field in page.get_by_label(re.compile("Outcome: ")).all():
        field.fill("Reconsideration requested; award expected")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("or confirm there were none")
    for label in ("No financial outcome", "No claim decision", "No other outcome"):
        for box in page.get_by_label(label).all():
            box.check()
    page.get_by_label(re.compile("Also tell the referrer the results recorded")).check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".nhsuk-panel")).to_contain_text("Case closed")
    expect(page.get_by_role("link", name="Write a shared summary for the referrer")).to_be_visible()
    log_out(page)

    # Then the referrer sees the referral completed and the shared summary, never the
    # privileged note
    log_in(page, referrer.email)
    page.goto(referral.get_absolute_url())
    main = page.locator("main")
    expect(main).to_contain_text("Summary from the advice service")
    expect(main).to_contain_text(SHARED)
    expect(main).to_contain_text("£4,200 a year of Attendance Allowance was awarded.")
    expect(main).not_to_contain_text(PRIVILEGED)
    expect(main).to_contain_text("Completed")
