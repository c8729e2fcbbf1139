"""The task and deadline pages: adding from a rule or a document, settling, the due list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.cases.models import CaseDocument, CaseTask
from hjp.cases.presenters.deadlines import deadlines_section
from hjp.cases.reminders import send_due_reminders
from hjp.cases.services import deadlines as services
from hjp.cases.tests.factories import case_from_referral


@pytest.fixture
def case(world):
    return case_from_referral(world)


def dated(prefix: str, day: datetime.date) -> dict:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def document(world, case, **fields):
    values = {
        "case": case,
        "document_type": "decision_letter",
        "title": "PIP decision",
        "filename": "letter.pdf",
        "content_type": "application/pdf",
        "size": 10,
        "document_date": timezone.localdate() - datetime.timedelta(days=3),
        "source": "dwp",
        "uploaded_by": world.user("adviser"),
        "key_id": "test",
        "sha256": "0" * 64,
    }
    values.update(fields)
    return CaseDocument.objects.create(**values)


def test_an_adviser_adds_a_reconsideration_deadline_from_its_rule(world, login, case):
    trigger = timezone.localdate() - datetime.timedelta(days=2)
    response = login(world.user("adviser")).post(
        reverse("cases:deadline_add", kwargs={"case_pk": case.pk}),
        {
            "rule": "mandatory_reconsideration",
            "assignees": [str(world.user("adviser").pk)],
            **dated("trigger_date", trigger),
        },
    )
    assert response.status_code == 302
    task = CaseTask.objects.get()
    assert task.due_date == task.computed_due_date
    assert task.rule.code == "mandatory_reconsideration"
    page = login(world.user("adviser")).get(case.get_absolute_url()).content.decode()
    assert "Mandatory reconsideration request" in page


def test_a_changed_date_without_a_reason_is_refused_on_the_page(world, login, case):
    trigger = timezone.localdate()
    response = login(world.user("adviser")).post(
        reverse("cases:deadline_add", kwargs={"case_pk": case.pk}),
        {
            "rule": "mandatory_reconsideration",
            "assignees": [str(world.user("adviser").pk)],
            **dated("trigger_date", trigger),
            **dated("due_date", trigger + datetime.timedelta(days=20)),
        },
    )
    assert response.status_code == 200
    assert (
        "Enter why the due date differs from the date the rule gives" in response.content.decode()
    )
    assert CaseTask.objects.count() == 0


def test_huge_numbers_in_a_date_get_an_error_not_a_crash(world, login, case):
    response = login(world.user("adviser")).post(
        reverse("cases:task_add", kwargs={"case_pk": case.pk}),
        {
            "title": "Call",
            "task_type": "call_client",
            "assignees": [str(world.user("adviser").pk)],
            "due_date_day": "1",
            "due_date_month": "1",
            "due_date_year": "999999999999999999999",
        },
    )
    assert response.status_code == 200
    assert "Due date must be a real date" in response.content.decode()


def test_a_decision_letter_offers_its_reconsideration_deadline(world, login, case):
    letter = document(world, case)
    url = reverse(
        "cases:deadline_from_document", kwargs={"case_pk": case.pk, "document_pk": letter.pk}
    )
    client = login(world.user("adviser"))
    page = client.get(url).content.decode()
    assert "Mandatory reconsideration request" in page

    response = client.post(url, {"assignees": [str(world.user("adviser").pk)]})
    assert response.status_code == 302
    task = CaseTask.objects.get()
    assert (task.trigger_date, task.source_document) == (letter.document_date, letter)


def test_a_document_without_a_date_or_a_rule_gets_a_plain_message(world, login, case):
    client = login(world.user("adviser"))
    for fields, message in [
        ({"document_date": None}, "The document has no date"),
        ({"document_type": "identity"}, "No deadline rule starts from this type of document"),
    ]:
        doc = document(world, case, **fields)
        url = reverse(
            "cases:deadline_from_document", kwargs={"case_pk": case.pk, "document_pk": doc.pk}
        )
        assert message in client.get(url).content.decode()
        client.post(url, {"assignees": [str(world.user("adviser").pk)]})
    assert CaseTask.objects.count() == 0


def test_settling_a_deadline_through_its_page(world, login, case):
    task = services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Hearing",
        due_date=timezone.localdate(),
    )
    client = login(world.user("adviser"))
    url = reverse("cases:task_complete", kwargs={"task_pk": task.pk})
    assert (
        "Enter why the deadline was missed"
        in client.post(url, {"outcome": "missed"}).content.decode()
    )
    assert client.post(url, {"outcome": "met"}).status_code == 302
    assert CaseTask.objects.get(pk=task.pk).status == "met"


def test_the_supervisor_sees_the_services_deadlines_of_the_next_10_working_days(world, login, case):
    today = timezone.localdate()
    services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Soon",
        due_date=today + datetime.timedelta(days=3),
    )
    services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Much later",
        due_date=today + datetime.timedelta(days=60),
    )
    page = login(world.user("supervisor")).get(reverse("cases:deadlines_due")).content.decode()
    assert "Soon" in page and "Much later" not in page
    assert login(world.user("adviser")).get(reverse("cases:deadlines_due")).status_code == 403


def test_another_organisation_gets_404_for_a_task_and_a_document(world, other_world, login, case):
    task = services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Hearing",
        due_date=timezone.localdate(),
    )
    client = login(other_world.user("adviser"))
    for name in ["cases:task", "cases:task_complete", "cases:task_due_date"]:
        assert client.get(reverse(name, kwargs={"task_pk": task.pk})).status_code == 404
    letter = document(world, case)
    url = reverse(
        "cases:deadline_from_document", kwargs={"case_pk": case.pk, "document_pk": letter.pk}
    )
    assert client.get(url).status_code == 404


def test_the_deadlines_section_costs_the_same_for_1_and_10_deadlines(world, case):
    def add(n):
        for i in range(n):
            services.add_deadline(
                case,
                by=world.actor("adviser"),
                assignees=[world.user("adviser")],
                title=f"D{i}",
                due_date=timezone.localdate() + datetime.timedelta(days=i),
            )

    add(1)
    with CaptureQueriesContext(connection) as few:
        deadlines_section(case, actor=world.actor("adviser"), today=timezone.localdate())
    add(9)
    with CaptureQueriesContext(connection) as many:
        section = deadlines_section(case, actor=world.actor("adviser"), today=timezone.localdate())
    assert len(section["open"]) == 10
    assert len(many) == len(few)


def test_the_reminders_page_lists_the_users_own_reminders(world, login, case):
    services.add_deadline(
        case,
        by=world.actor("adviser"),
        assignees=[world.user("adviser")],
        title="Hearing",
        due_date=timezone.localdate(),
    )
    send_due_reminders()
    page = login(world.user("adviser")).get(reverse("cases:reminders")).content.decode()
    assert "Hearing" in page
    other = login(world.user("supervisor")).get(reverse("cases:reminders")).content.decode()
    assert "Hearing" not in other
