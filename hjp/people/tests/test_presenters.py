"""The person presenter: what the person page and lists show, and how."""

import datetime

from hjp.people.models import Person
from hjp.people.presenters import NOT_RECORDED, PersonPresenter

TODAY = datetime.date(2026, 3, 1)


def a_person(**details) -> Person:
    values = {
        "given_name": "Maryam",
        "family_name": "Okafor",
        "date_of_birth": datetime.date(1980, 5, 17),
        "nhs_number": "9990000018",
    }
    values.update(details)
    return Person(**values)


def row_values(rows: list[dict]) -> dict[str, str]:
    return {
        row["key"]["text"]: row["value"].get("text") or str(row["value"]["html"]) for row in rows
    }


def test_the_nhs_number_is_shown_in_3_3_4_groups():
    assert PersonPresenter(a_person(), TODAY).nhs_number == "999 000 0018"


def test_a_missing_nhs_number_says_not_recorded():
    presenter = PersonPresenter(a_person(nhs_number=""), TODAY)
    assert presenter.nhs_number == NOT_RECORDED
    assert row_values(presenter.identity_rows)["NHS number"] == NOT_RECORDED


def test_the_identity_rows_show_the_date_of_birth_with_age_and_the_number_with_its_status():
    values = row_values(PersonPresenter(a_person(), TODAY).identity_rows)
    assert values["Date of birth"] == "17 May 1980 (age 45)"
    assert values["NHS number"] == "999 000 0018 (not verified)"


def test_the_age_band_follows_the_birthday():
    assert PersonPresenter(a_person(date_of_birth=datetime.date(2001, 3, 2)), TODAY).age_band == (
        "18 to 24"
    )
    assert PersonPresenter(a_person(date_of_birth=datetime.date(2001, 3, 1)), TODAY).age_band == (
        "25 to 34"
    )
    assert PersonPresenter(a_person(date_of_birth=datetime.date(1930, 1, 1)), TODAY).age_band == (
        "85+"
    )


def test_equality_monitoring_rows_show_labels_and_say_when_nothing_was_recorded():
    person = a_person(sex="prefer_not_to_say", ethnicity="asian_indian")
    values = row_values(PersonPresenter(person, TODAY).equality_rows)
    assert values["Sex"] == "Prefer not to say"
    assert values["Ethnic group"] == "Asian or Asian British: Indian"
    assert values["Disability"] == NOT_RECORDED
    assert values["Age band"] == "45 to 54"


def test_a_multi_line_address_keeps_its_lines_and_escapes_markup():
    person = a_person(address="1 Park Row\n<script>alert(1)</script>\nLeeds")
    value = row_values(PersonPresenter(person, TODAY).contact_rows)["Address"]
    assert value == "1 Park Row<br>&lt;script&gt;alert(1)&lt;/script&gt;<br>Leeds"


def test_rows_have_change_links_only_when_the_viewer_may_change_the_person():
    person = a_person()
    without = PersonPresenter(person, TODAY).identity_rows
    assert all("actions" not in row for row in without)
    with_links = PersonPresenter(person, TODAY, change_url="/people/x/edit").identity_rows
    first = with_links[0]["actions"]["items"][0]
    assert first["href"] == "/people/x/edit#id_given_name"
    assert first["visuallyHiddenText"] == "first name"
    nhs = with_links[4]["actions"]["items"][0]
    assert nhs["visuallyHiddenText"] == "NHS number"


def test_the_table_row_links_the_name_to_the_person_page():
    person = a_person(postcode="LS1 4AP")
    name, number, born, postcode = PersonPresenter(person, TODAY).table_row
    assert name == {"text": "Maryam Okafor", "href": f"/people/{person.pk}/"}
    assert number["text"] == "999 000 0018"
    assert born["text"] == "17 May 1980"
    assert postcode["text"] == "LS1 4AP"
