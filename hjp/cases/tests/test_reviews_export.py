"""The CSV of file reviews for a quality assessor."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from hjp.audit.models import AuditEvent
from hjp.cases.presenters import review_export
from hjp.cases.review_checklist import CHECKLIST, CHECKLIST_VERSION
from hjp.cases.services import reviews as review_services
from hjp.cases.tests.review_factories import case_held_by, ratings, review_of

EXPORT = reverse("cases:reviews_export")
MAY = {
    "reviewed_from_day": "1",
    "reviewed_from_month": "5",
    "reviewed_from_year": "2027",
    "reviewed_to_day": "31",
    "reviewed_to_month": "5",
    "reviewed_to_year": "2027",
}


def on(day: int, month: int = 5):
    return time_machine.travel(datetime.datetime(2027, month, day, 11, tzinfo=datetime.UTC))


def rows_of(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def reviews(world):
    """A review in May with two actions, one confirmed, and one in June."""
    supervisor = world.user("supervisor")
    case = case_held_by(world, world.user("adviser"), family_name="Okafor")
    with on(10):
        may = review_of(
            case,
            by=supervisor,
            ratings=ratings(advice="partly"),
            actions=["Write to Mrs Okafor about her PIP appeal", "Diarise"],
            comments="Mrs Okafor's file is thin",
        )
        review_services.confirm_review_action(
            may.actions.get(description="Diarise"), by=world.actor("supervisor"), note="Seen"
        )
    with on(2, month=6):
        june = review_of(case, by=supervisor, overall="satisfactory")
    return may, june


def test_the_export_has_a_row_per_review_with_each_items_rating(world, login, reviews):
    may, _ = reviews

    response = login(world.user("supervisor")).get(EXPORT, MAY)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="file-reviews-2027-05-01-to-2027-05-31.csv"' in response["Content-Disposition"]
    (row,) = rows_of(response)
    assert list(row) == review_export.header()
    assert row["Case reference"] == may.case.reference
    assert row["Caseworker"] == "North Adviser"
    assert row["Reviewer"] == "North Supervisor"
    assert row["Reviewed on"] == "2027-05-10"
    assert row["Checklist version"] == CHECKLIST_VERSION
    assert row["Sampled at random"] == "No"
    advice = next(item for item in CHECKLIST if item.code == "advice")
    assert row[advice.question] == "Partly met"
    assert row[CHECKLIST[0].question] == "Met"
    assert (row["Overall"], row["Actions"], row["Actions confirmed"]) == (
        "Satisfactory with actions",
        "2",
        "1",
    )


def test_the_export_columns_are_the_fixed_ones_each_question_and_the_result():
    assert review_export.header() == [
        "Case reference",
        "Case status",
        "Caseworker",
        "Reviewer",
        "Reviewed on",
        "Checklist version",
        "Sampled at random",
        *(item.question for item in CHECKLIST),
        "Overall",
        "Actions",
        "Actions confirmed",
    ]


def test_the_export_holds_no_client_names_comments_or_action_text(world, login, reviews):
    params = MAY | {"reviewed_to_month": "6", "reviewed_to_day": "30"}
    response = login(world.user("supervisor")).get(EXPORT, params)
    body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == 3
    for private in ["Okafor", "Maryam", "thin", "PIP appeal", "Diarise", "Seen"]:
        assert private not in body


def test_the_export_is_audited_once_as_an_export(world, login, reviews):
    client = login(world.user("supervisor"))
    before = AuditEvent.objects.order_by("-sequence").first().sequence

    rows_of(client.get(EXPORT, MAY))

    (event,) = AuditEvent.objects.filter(sequence__gt=before)
    assert event.action == AuditEvent.Action.EXPORT
    assert event.detail["from"] == "2027-05-01"
    assert event.detail["to"] == "2027-05-31"
    assert event.detail["rows"] == 1
    assert event.person_id is None


def test_the_export_holds_only_the_organisations_own_reviews(world, other_world, login, reviews):
    with on(11):
        review_of(
            case_held_by(other_world, other_world.user("adviser")),
            by=other_world.user("supervisor"),
        )
    assert len(rows_of(login(world.user("supervisor")).get(EXPORT, MAY))) == 1


def test_the_export_form_shows_an_error_summary_for_dates_the_wrong_way_round(world, login):
    params = MAY | {"reviewed_to_month": "4", "reviewed_to_day": "30"}
    response = login(world.user("supervisor")).get(EXPORT, params)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The start date must be the same as or before the end date" in page


def test_the_export_form_asks_for_both_dates(world, login):
    response = login(world.user("supervisor")).get(EXPORT, {"reviewed_from_day": ""})
    page = response.content.decode()
    assert "Enter the first day of the reviews to export" in page
    assert "Enter the last day of the reviews to export" in page


def test_an_adviser_cannot_export_reviews(world, login):
    assert login(world.user("adviser")).get(EXPORT, MAY).status_code == 403


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(world):
    user = world.user("adviser")
    user.full_name = "=HYPERLINK(1)"
    user.save(update_fields=["full_name"])
    review = review_of(case_held_by(world, user), by=world.user("supervisor"))
    review.action_count, review.confirmed_count = 1, 0
    assert review_export.row(review)[2] == "'=HYPERLINK(1)"
