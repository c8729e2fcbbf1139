"""The file review pages: dashboard, schedule, sample, review form, review, confirming actions,
and the review section of the case page."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.audit.models import AuditEvent
from hjp.cases.models import FileReview, FileReviewSample, ReviewSchedule
from hjp.cases.presenters.reviews import reviews_section
from hjp.cases.review_checklist import CHECKLIST
from hjp.cases.services import reviews as review_services
from hjp.cases.tests.review_factories import case_held_by, colleague, review_of
from hjp.factories import actor_for

DASHBOARD = reverse("cases:reviews")
SCHEDULE = reverse("cases:review_schedule")
SAMPLE = reverse("cases:review_sample")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def add_url(case) -> str:
    return reverse("cases:review_add", kwargs={"case_pk": case.pk})


def review_url(review) -> str:
    return reverse("cases:review", kwargs={"review_pk": review.pk})


def confirm_url(action) -> str:
    return reverse("cases:review_action_confirm", kwargs={"action_pk": action.pk})


def filled_review(case_is_open: bool = True, **changes) -> dict:
    data = {
        item.field_name: "met"
        for item in CHECKLIST
        if not (item.closed_files_only and case_is_open)
    }
    data |= {"overall": "with_actions", "comments": "Tidy file", "action_1": "Write to the client"}
    data.update(changes)
    return data


@pytest.fixture
def case(world):
    return case_held_by(world, world.user("adviser"))


# Who may open which page.


@pytest.mark.parametrize("url", [DASHBOARD, SCHEDULE, SAMPLE, reverse("cases:reviews_export")])
def test_supervisor_pages_are_refused_to_an_adviser_and_open_to_a_supervisor(world, login, url):
    assert login(world.user("adviser")).get(url).status_code == 403
    assert login(world.user("supervisor")).get(url).status_code == 200


def test_the_review_form_is_for_supervisors_of_the_organisation_only(
    world, other_world, login, case
):
    assert login(world.user("adviser")).get(add_url(case)).status_code == 403
    assert login(other_world.user("supervisor")).get(add_url(case)).status_code == 404
    assert login(world.user("supervisor")).get(add_url(case)).status_code == 200


def test_the_caseworker_reads_their_own_review_and_other_advisers_get_404(
    world, other_world, login, case
):
    review = review_of(case, by=world.user("supervisor"))
    other_adviser = colleague(world, "adviser", "Other Adviser")

    own = login(world.user("adviser")).get(review_url(review))
    assert own.status_code == 200
    assert "Confirm it was done" not in text(own)
    assert login(other_adviser).get(review_url(review)).status_code == 404
    assert login(other_world.user("supervisor")).get(review_url(review)).status_code == 404
    assert login(world.user("referrer")).get(review_url(review)).status_code == 403


def test_reading_a_review_is_one_audited_view_of_the_person(world, login, case):
    review = review_of(case, by=world.user("supervisor"))
    client = login(world.user("supervisor"))
    before = last_sequence()

    response = client.get(review_url(review))

    page = text(response)
    for item in CHECKLIST:
        assert item.question in page
    assert "Satisfactory with actions" in page
    assert "Confirm the advice in writing" in page
    about = AuditEvent.objects.filter(sequence__gt=before, person_id=case.person_id)
    assert list(about.values_list("action", "object_id")) == [
        (AuditEvent.Action.VIEW, str(review.pk))
    ]


# Reviewing a file.


def test_a_supervisor_reviews_a_file_through_the_form(world, login, case):
    client = login(world.user("supervisor"))
    page = text(client.get(add_url(case)))
    assert "Maryam Okafor" in page
    assert "Not asked of an open file" in page

    response = client.post(add_url(case), filled_review())

    review = FileReview.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == review_url(review)
    assert review.ratings["outcome"] == "not_applicable"
    assert review.actions.get().description == "Write to the client"


def test_a_review_form_with_items_unrated_shows_an_error_summary(world, login, case):
    data = filled_review()
    del data["rating_consent"]

    response = login(world.user("supervisor")).post(add_url(case), data)

    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    question = next(item.question for item in CHECKLIST if item.code == "consent")
    assert f"Select a rating for: {question}" in page
    assert 'href="#id_rating_consent"' in response.content.decode()
    assert not FileReview.objects.exists()


def test_a_refused_overall_result_is_shown_against_the_actions(world, login, case):
    response = login(world.user("supervisor")).post(
        add_url(case), filled_review(overall="unsatisfactory", action_1="")
    )
    assert "Enter at least one action: the overall result is unsatisfactory" in text(response)
    assert 'href="#id_action_1"' in response.content.decode()
    assert not FileReview.objects.exists()


def test_a_supervisor_holding_the_case_is_told_to_ask_another_supervisor(world, login):
    own_case = case_held_by(world, world.user("supervisor"))
    client = login(world.user("supervisor"))

    page = text(client.get(add_url(own_case)))
    assert review_services.REVIEWER_IS_CASEWORKER in page
    assert "Record the review" not in page

    client.post(add_url(own_case), filled_review())
    assert not FileReview.objects.exists()


def test_a_closed_file_is_reviewed_with_its_outcome_asked(world, login):
    closed = case_held_by(world, world.user("adviser"), closed=True)
    client = login(world.user("supervisor"))
    assert "Not asked of an open file" not in text(client.get(add_url(closed)))

    response = client.post(add_url(closed), filled_review(case_is_open=False))

    assert response.status_code == 302
    assert FileReview.objects.get(case=closed).ratings["outcome"] == "met"


# Confirming an action.


def test_the_reviewer_confirms_an_action_through_the_form(world, login, case):
    action = review_of(case, by=world.user("supervisor")).actions.get()
    client = login(world.user("supervisor"))
    assert client.get(confirm_url(action)).status_code == 200

    empty = client.post(confirm_url(action), {"note": ""})
    assert "Enter how you checked the action was done" in text(empty)

    response = client.post(confirm_url(action), {"note": "Letter seen on file"})
    assert response["Location"] == review_url(action.review)
    action.refresh_from_db()
    assert action.confirmation_note == "Letter seen on file"
    page = text(client.get(review_url(action.review)))
    assert "Confirmed by North Supervisor" in page
    assert "Letter seen on file" in page


def test_another_supervisor_cannot_confirm_an_action(world, login, case):
    action = review_of(case, by=world.user("supervisor")).actions.get()
    client = login(colleague(world, "supervisor", "Second Supervisor"))

    page = text(client.get(confirm_url(action)))
    assert review_services.ONLY_THE_REVIEWER in page

    client.post(confirm_url(action), {"note": "Done"})
    action.refresh_from_db()
    assert action.confirmed_at is None


def test_an_adviser_cannot_open_the_confirmation(world, login, case):
    action = review_of(case, by=world.user("supervisor")).actions.get()
    assert login(world.user("adviser")).get(confirm_url(action)).status_code == 403


# Schedules and samples.


def test_a_supervisor_sets_a_schedule_through_the_form(world, login):
    client = login(world.user("supervisor"))
    adviser = world.user("adviser")
    data = {"caseworker": str(adviser.pk), "files_per_period": "3", "period": "month"}

    refused = client.post(SCHEDULE, data | {"files_per_period": "three", "reason": ""})
    assert "Enter the number of files as a whole number, like 2" in text(refused)
    assert "Enter why the caseworker's files are reviewed this often" in text(refused)

    response = client.post(SCHEDULE, data | {"reason": "New to debt casework"})
    assert response["Location"] == DASHBOARD
    schedule = ReviewSchedule.objects.get()
    assert (schedule.caseworker, schedule.files_per_period) == (adviser, 3)
    assert "3 files a month" in text(client.get(DASHBOARD))


def test_a_number_out_of_range_is_refused_on_the_schedule_form(world, login):
    response = login(world.user("supervisor")).post(
        SCHEDULE,
        {
            "caseworker": str(world.user("adviser").pk),
            "files_per_period": "80",
            "period": "month",
            "reason": "Why",
        },
    )
    assert review_services.FILES_PER_PERIOD_OUT_OF_RANGE in text(response)
    assert not ReviewSchedule.objects.exists()


def test_a_supervisor_draws_a_sample_through_the_form(world, login, case):
    client = login(world.user("supervisor"))
    adviser = world.user("adviser")
    assert "No caseworker has a review schedule yet" in text(client.get(SAMPLE))
    client.post(
        SCHEDULE,
        {"caseworker": str(adviser.pk), "files_per_period": "1", "period": "month", "reason": "x"},
    )
    month = timezone.localdate().replace(day=1).isoformat()

    response = client.post(SAMPLE, {"caseworker": str(adviser.pk), "period": month})

    assert response["Location"] == DASHBOARD
    assert FileReviewSample.objects.get().case == case
    again = client.post(SAMPLE, {"caseworker": str(adviser.pk), "period": month})
    assert "already sampled for this period" in text(again)


# The dashboard.


def test_the_dashboard_shows_files_and_actions_due_and_overdue(world, login, case):
    adviser = world.user("adviser")
    with time_machine.travel(datetime.datetime(2027, 5, 10, 9, tzinfo=datetime.UTC)):
        review_services.set_review_schedule(
            by=world.actor("supervisor"),
            caseworker=adviser,
            files_per_period=1,
            period="month",
            reason="New",
        )
        review_services.draw_review_sample(
            by=world.actor("supervisor"), caseworker=adviser, period_start=datetime.date(2027, 5, 1)
        )
        other = case_held_by(world, adviser, family_name="Second")
        review_of(other, by=world.user("supervisor"), actions=["Chase the council"])
    supervisor = world.user("supervisor")

    with time_machine.travel(datetime.datetime(2027, 5, 20, 9, tzinfo=datetime.UTC)):
        due = text(login(supervisor).get(DASHBOARD))
    with time_machine.travel(datetime.datetime(2027, 6, 10, 9, tzinfo=datetime.UTC)):
        overdue = text(login(supervisor).get(DASHBOARD))

    assert f"Review {case.reference}" in due
    assert "Due 31 May 2027" in due
    assert "Chase the council" in due and "Due 7 June 2027" in due
    assert "Overdue" not in due
    assert "1 sampled file to review, 1 overdue" in overdue
    assert "1 open action, 1 overdue" in overdue
    # The dashboard names files by reference only.
    assert "Okafor" not in due


def test_the_dashboard_audits_the_files_it_lists(world, login, case):
    review = review_of(case, by=world.user("supervisor"))
    client = login(world.user("supervisor"))
    before = last_sequence()

    client.get(DASHBOARD)

    # One event for the page, naming the case shown and its person.
    events = AuditEvent.objects.filter(sequence__gt=before).about_person(case.person_id)
    assert [(e.action, e.detail["people"]) for e in events] == [
        (AuditEvent.Action.SEARCH, [str(case.person_id)])
    ]
    assert events.get().detail["shown"] == [str(case.pk)]
    assert review.case_id == case.pk


# The case page.


def test_the_case_page_shows_reviews_to_a_supervisor_with_a_link_to_review(world, login, case):
    review_of(case, by=world.user("supervisor"), actions=["Diarise the appeal"])
    page = text(login(world.user("supervisor")).get(case.get_absolute_url()))
    assert "File reviews" in page
    assert "Satisfactory with actions" in page
    assert "Diarise the appeal" in page
    assert "Confirm this action was done" in page
    assert "Review this file" in page


def test_the_caseworker_sees_their_files_reviews_but_cannot_review_it(world, login, case):
    review_of(case, by=world.user("supervisor"), actions=["Diarise the appeal"])
    page = text(login(world.user("adviser")).get(case.get_absolute_url()))
    assert "Diarise the appeal" in page
    assert "Review this file" not in page
    assert "Confirm this action was done" not in page


def test_another_adviser_does_not_see_the_reviews_of_a_colleagues_file(world, login, case):
    review_of(case, by=world.user("supervisor"), actions=["Diarise the appeal"])
    page = text(login(colleague(world, "adviser", "Other Adviser")).get(case.get_absolute_url()))
    assert "File reviews" not in page
    assert "Diarise the appeal" not in page


def test_the_case_page_section_takes_the_same_queries_however_many_reviews(world, case):
    supervisor = actor_for(world.user("supervisor"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            reviews_section(case, actor=supervisor, today=timezone.localdate())
        return len(captured)

    none = queries()
    review_of(case, by=world.user("supervisor"))
    one = queries()
    for _ in range(3):
        review_of(case, by=world.user("supervisor"), actions=["One", "Two", "Three"])
    assert none == one == queries() == 2
