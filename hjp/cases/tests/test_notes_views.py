"""The note pages: who may open them, what they show, error summaries, and the case page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjp.cases.models import CaseNote, NoteType
from hjp.cases.presenters.notes import notes_section
from hjp.cases.services import notes as note_services
from hjp.cases.tests.factories import case_from_referral


@pytest.fixture
def case(world):
    return case_from_referral(world)


def write(case, actor, n=1, **fields):
    values = {
        "note_type": NoteType.FILE_NOTE,
        "subject": "Checked entitlement",
        "body": "Entitled to the standard rate.",
        "activity_date": timezone.localdate(),
    }
    values.update(fields)
    return [note_services.add_note(case, by=actor, **values) for _ in range(n)][-1]


def form_data(**overrides):
    today = timezone.localdate()
    data = {
        "note_type": "phone_in",
        "subject": "Client rang",
        "body": "Has had a letter from the council.",
        "activity_date_day": str(today.day),
        "activity_date_month": str(today.month),
        "activity_date_year": str(today.year),
        "minutes": "10",
    }
    data.update(overrides)
    return data


def test_an_adviser_writes_a_note_and_returns_to_the_case(world, login, case):
    client = login(world.user("adviser"))
    url = reverse("cases:note_add", kwargs={"case_pk": case.pk})

    response = client.post(url, form_data())

    assert response.status_code == 302
    assert response["Location"].startswith(case.get_absolute_url())
    note = CaseNote.objects.get()
    assert (note.subject, note.minutes, note.author) == ("Client rang", 10, world.user("adviser"))
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Client rang" in page


def test_the_shared_summary_box_starts_ticked_when_asked(world, login, case):
    url = reverse("cases:note_add", kwargs={"case_pk": case.pk}) + "?shared_summary=1"
    page = login(world.user("adviser")).get(url).content.decode()
    assert 'name="shared_summary"' in page
    assert "checked" in page.split('name="shared_summary"')[1].split(">")[0]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"subject": ""}, "Enter a subject"),
        (
            {"activity_date_year": "99999999999999999999"},
            "Date of the activity must be a real date",
        ),
        ({"minutes": "ten"}, "Enter the time spent in minutes"),
        ({"note_type": ""}, "Select the type of note"),
    ],
)
def test_bad_input_shows_an_error_summary_and_writes_nothing(
    world, login, case, overrides, message
):
    url = reverse("cases:note_add", kwargs={"case_pk": case.pk})
    response = login(world.user("adviser")).post(url, form_data(**overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert CaseNote.objects.count() == 0


def test_a_back_dated_note_without_a_reason_is_refused_on_the_page(world, login, case):
    url = reverse("cases:note_add", kwargs={"case_pk": case.pk})
    response = login(world.user("adviser")).post(url, form_data(activity_date_year="2025"))
    assert (
        "Enter why the note is written after the day of the activity" in response.content.decode()
    )
    assert CaseNote.objects.count() == 0


def test_the_note_page_shows_every_version(world, login, case):
    note = write(case, world.actor("adviser"))
    note_services.edit_note(
        note,
        by=world.actor("adviser"),
        note_type=note.note_type,
        subject="Checked entitlement again",
        body="Entitled to the enhanced rate.",
        activity_date=note.activity_date,
        edit_reason="Recalculated",
    )
    page = login(world.user("adviser")).get(reverse("cases:note", kwargs={"note_pk": note.pk}))
    html = page.content.decode()
    assert "Entitled to the standard rate." in html
    assert "Entitled to the enhanced rate." in html
    assert "Recalculated" in html


def test_marking_in_error_through_the_page(world, login, case):
    note = write(case, world.actor("adviser"))
    url = reverse("cases:note_error", kwargs={"note_pk": note.pk})
    response = login(world.user("adviser")).post(url, {"reason": "Wrong client"})
    assert response.status_code == 302
    assert CaseNote.objects.get(pk=note.pk).entered_in_error


def test_another_organisations_adviser_gets_404_for_a_note(world, other_world, login, case):
    note = write(case, world.actor("adviser"))
    client = login(other_world.user("adviser"))
    for name in ["cases:note", "cases:note_edit", "cases:note_error"]:
        assert client.get(reverse(name, kwargs={"note_pk": note.pk})).status_code == 404
    assert client.get(reverse("cases:notes", kwargs={"case_pk": case.pk})).status_code == 404


def test_the_referrer_gets_403_for_note_pages(world, login, case):
    note = write(case, world.actor("adviser"))
    client = login(world.user("referrer"))
    assert client.get(reverse("cases:note", kwargs={"note_pk": note.pk})).status_code == 403
    assert client.get(reverse("cases:note_add", kwargs={"case_pk": case.pk})).status_code == 403


def test_the_notes_list_filters_by_type(world, login, case):
    write(case, world.actor("adviser"), subject="A research note", note_type=NoteType.RESEARCH)
    write(case, world.actor("adviser"), subject="A phone note", note_type=NoteType.PHONE_IN)
    url = reverse("cases:notes", kwargs={"case_pk": case.pk}) + "?note_type=research"
    page = login(world.user("adviser")).get(url).content.decode()
    assert "A research note" in page and "A phone note" not in page


def test_the_case_pages_notes_section_costs_the_same_for_5_and_50_notes(world, case):
    write(case, world.actor("adviser"), n=5)
    with CaptureQueriesContext(connection) as few:
        assert len(notes_section(case)["notes"]) == 5
    write(case, world.actor("adviser"), n=45)
    with CaptureQueriesContext(connection) as many:
        section = notes_section(case)
    assert len(section["notes"]) == 20 and section["more"]
    assert len(many) == len(few)
