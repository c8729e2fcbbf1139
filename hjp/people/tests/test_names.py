"""Names are compared as they look: look-alike letters from other scripts, hidden characters and
full-width or decomposed forms do not hide a possible duplicate."""

import datetime

import pytest
from django.urls import reverse

from hjp.factories import PersonFactory, record_person
from hjp.people.models import Person
from hjp.people.names import name_key
from hjp.people.tests.test_views import page, person_form

BORN = datetime.date(1961, 3, 4)


@pytest.mark.parametrize(
    "look_alike",
    [
        "Okafor",
        "OKAFOR",
        "Okаfor",  # Cyrillic а
        "Οkafor",  # Greek capital omicron
        "Oka\u200bfor",  # zero-width space
        "Oka\u200dfor",  # zero-width joiner
        "\ufeffOkafor",  # byte-order mark
        "Oka\u00adfor",  # soft hyphen
        "Ｏｋａｆｏｒ",  # full-width letters
        " Okafor ",
    ],
)
def test_a_look_alike_name_has_the_same_key(look_alike):
    assert name_key(look_alike) == name_key("Okafor")


def test_combining_accents_match_the_accented_letter():
    assert name_key("Zoe\u0301") == name_key("Zoé")


@pytest.mark.parametrize(("one", "other"), [("Okafor", "Okafar"), ("Zoé", "Zoë"), ("Li", "Lee")])
def test_names_that_differ_to_the_eye_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_a_look_alike_family_name_finds_the_possible_duplicate(db):
    recorded = PersonFactory(family_name="Okafor", date_of_birth=BORN)
    PersonFactory(family_name="Okafor", date_of_birth=BORN + datetime.timedelta(days=1))

    found = Person.objects.possible_duplicates(
        nhs_number="", family_name="Оkаfor\u200b", date_of_birth=BORN
    )

    assert list(found) == [recorded]


def test_the_key_follows_a_changed_family_name(db):
    person = PersonFactory(family_name="Okafor")
    person.family_name = "Adeyemi"
    person.save(update_fields=["family_name"])
    person.refresh_from_db()
    assert person.family_name_key == name_key("Adeyemi")


def test_adding_a_look_alike_of_a_recorded_person_shows_the_warning(world, referrer, login):
    okafor = record_person(
        world, given_name="Maryam", family_name="Okafor", date_of_birth=datetime.date(1980, 5, 17)
    )
    disguised = okafor.family_name.replace("a", "а").replace("o", "о") + "\u200b"
    assert disguised != okafor.family_name
    response = login(referrer).post(
        reverse("people:add"), person_form(given_name="Mary", family_name=disguised)
    )
    html = page(response)
    assert "This person may already be recorded" in html
    assert okafor.get_absolute_url() in html
    assert Person.objects.count() == 1
