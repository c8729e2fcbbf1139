"""A person's age and age band, their name, and the searches that find possible duplicates."""

import datetime
import itertools

import pytest

from hjp.factories import PersonFactory, synthetic_nhs_number
from hjp.people.models import AGE_BANDS, Person, PersonShare, age_on

BORN = datetime.date(1990, 6, 15)


@pytest.mark.parametrize(
    ("today", "age"),
    [
        (datetime.date(2020, 6, 14), 29),  # the day before the birthday
        (datetime.date(2020, 6, 15), 30),  # the birthday
        (datetime.date(2020, 6, 16), 30),
        (datetime.date(2020, 5, 20), 29),  # an earlier month, a later day
        (datetime.date(2020, 7, 1), 30),  # a later month, an earlier day
    ],
)
def test_age_goes_up_on_the_birthday(today, age):
    assert age_on(BORN, today) == age
    assert Person(date_of_birth=BORN).age(today) == age


def test_age_reads_todays_date_when_none_is_given(time_machine):
    time_machine.move_to(datetime.datetime(2020, 6, 15, 12, tzinfo=datetime.UTC), tick=False)

    assert Person(date_of_birth=BORN).age() == 30
    assert Person(date_of_birth=BORN).age_band() == "25 to 34"


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0 to 17"),
        (17, "0 to 17"),
        (18, "18 to 24"),
        (24, "18 to 24"),
        (25, "25 to 34"),
        (64, "55 to 64"),
        (84, "75 to 84"),
        (85, "85+"),
        (101, "85+"),
    ],
)
def test_age_bands_include_both_ends(age, band):
    # A day long past, so that a band worked out from the real date would be wrong.
    today = datetime.date(2001, 1, 1)
    person = Person(date_of_birth=datetime.date(2001 - age, 1, 1))

    assert person.age_band(today) == band


def test_every_age_falls_in_exactly_one_band():
    assert AGE_BANDS[0][0] == 0 and AGE_BANDS[-1][1] is None
    for (_, high), (low, _) in itertools.pairwise(AGE_BANDS):
        assert low == high + 1


def test_a_person_reads_as_their_full_name_and_links_to_their_page(db):
    person = PersonFactory(given_name="Maryam", family_name="Okafor")

    assert person.full_name == "Maryam Okafor"
    assert str(person) == "Maryam Okafor"
    assert person.get_absolute_url() == f"/people/{person.pk}/"


def test_a_sharing_record_reads_as_its_reason_and_organisation(world):
    share = PersonShare(
        person=PersonFactory(), organisation=world.advice, reason=PersonShare.Reason.CASE
    )

    assert str(share) == f"Advice case with {world.advice.pk}"


def test_possible_duplicates_match_the_nhs_number_or_the_family_name_and_date_of_birth(db):
    number = synthetic_nhs_number()
    same_number = PersonFactory(nhs_number=number, family_name="Smith")
    same_name = PersonFactory(family_name="OKAFOR", date_of_birth=BORN)
    PersonFactory(family_name="Okafor", date_of_birth=BORN + datetime.timedelta(days=1))
    PersonFactory(family_name="Other", date_of_birth=BORN)

    found = Person.objects.possible_duplicates(
        nhs_number=number, family_name="Okafor", date_of_birth=BORN
    )

    assert set(found) == {same_number, same_name}


def test_without_an_nhs_number_only_name_and_date_of_birth_are_compared(db):
    PersonFactory(nhs_number="", family_name="Smith")
    same_name = PersonFactory(nhs_number="", family_name="Okafor", date_of_birth=BORN)

    found = Person.objects.possible_duplicates(
        nhs_number="", family_name="okafor", date_of_birth=BORN
    )

    assert list(found) == [same_name]


def test_alphabetical_is_by_family_name_then_given_name_then_date_of_birth(db):
    # Namesakes written youngest first, so that only the date of birth puts them in order.
    namesakes = [
        PersonFactory(
            family_name="Brown", given_name="Ann", date_of_birth=BORN - datetime.timedelta(days=n)
        )
        for n in range(6)
    ]
    bella = PersonFactory(
        family_name="Brown", given_name="Bella", date_of_birth=datetime.date(1950, 1, 1)
    )
    adams = PersonFactory(family_name="Adams", given_name="Zoe")
    expected = [adams, *reversed(namesakes), bella]

    assert list(Person.objects.alphabetical()) == expected
    # Found by id, the rows come to the sort in id order rather than in an index's order.
    found = Person.objects.filter(pk__in=[person.pk for person in expected])
    assert list(found.alphabetical()) == expected


def test_matching_searches_names_and_dates_of_birth(db):
    maryam = PersonFactory(given_name="Maryam", family_name="Okafor", date_of_birth=BORN)
    PersonFactory(given_name="Mary", family_name="Jones", date_of_birth=BORN)

    assert list(Person.objects.matching("okafor 15/06/1990")) == [maryam]
    assert set(Person.objects.matching("mary")) == set(Person.objects.all())
