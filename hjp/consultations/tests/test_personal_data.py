"""The personal-data detector: what makes an anonymous question identify someone."""

import datetime

import nhs_number
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hjp.consultations.personal_data import Found, describe, find_personal_data

# Nine digits of an English or Welsh NHS number (4, 6 and 7) or a synthetic one (9); Scottish
# CHI numbers carry a date of birth the package also checks, tested against it below.
DIGITS = st.tuples(
    st.sampled_from([4, 6, 7, 9]), st.lists(st.integers(0, 9), min_size=8, max_size=8)
).map(lambda parts: [parts[0], *parts[1]])
LETTERS = st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ")
INWARD_LETTERS = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")
WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ,.'"), max_size=80)


def check_digit(digits: list[int]) -> int:
    total = sum(d * (10 - i) for i, d in enumerate(digits))
    return 11 - total % 11 if total % 11 else 0


def spaced(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


@given(digits=DIGITS, spacing=st.booleans(), before=WORDS, after=WORDS)
def test_a_ten_digit_number_with_a_valid_check_digit_is_an_nhs_number(
    digits, spacing, before, after
):
    check = check_digit(digits)
    if check == 10:
        return  # no NHS number has these nine digits
    number = "".join(map(str, digits)) + str(check)
    text = f"{before} {spaced(number) if spacing else number} {after}"
    assert Found.NHS_NUMBER in find_personal_data(text)


@given(digits=DIGITS, wrong=st.integers(0, 9), spacing=st.booleans())
def test_a_ten_digit_number_with_a_wrong_check_digit_is_not_warned(digits, wrong, spacing):
    if wrong == check_digit(digits):
        wrong = (wrong + 1) % 10
    number = "".join(map(str, digits)) + str(wrong)
    text = f"Reference {spaced(number) if spacing else number} from the letter"
    assert Found.NHS_NUMBER not in find_personal_data(text)


@given(number=st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_a_ten_digit_number_is_warned_exactly_when_the_nhs_number_package_says_it_is_valid(
    number,
):
    found = Found.NHS_NUMBER in find_personal_data(f"number {number} here")
    assert found == nhs_number.is_valid(number)


@given(
    area=st.text(alphabet=LETTERS, min_size=1, max_size=2),
    district=st.integers(1, 99),
    sector=st.integers(0, 9),
    unit=st.text(alphabet=INWARD_LETTERS, min_size=2, max_size=2),
    space=st.booleans(),
    lower=st.booleans(),
)
def test_a_full_postcode_is_found_with_or_without_its_space(
    area, district, sector, unit, space, lower
):
    postcode = f"{area}{district}{' ' if space else ''}{sector}{unit}"
    text = f"They live at {postcode.lower() if lower else postcode} now"
    assert Found.POSTCODE in find_personal_data(text)


@given(area=st.text(alphabet=LETTERS, min_size=1, max_size=2), district=st.integers(1, 99))
def test_a_postcode_district_alone_is_not_a_postcode(area, district):
    assert Found.POSTCODE not in find_personal_data(f"Lives in the {area}{district} area")


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2026, 12, 31)),
    style=st.sampled_from(["%d/%m/%Y", "%d-%m-%y", "%d %B %Y", "%Y-%m-%d", "%d %b %Y", "%d.%m.%Y"]),
)
def test_a_full_date_in_any_usual_form_is_found(day, style):
    assert Found.DATE_OF_BIRTH in find_personal_data(f"Born {day.strftime(style)}, asks about PIP")


@given(text=WORDS)
def test_words_without_numbers_hold_no_personal_data(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("NHS number 943 476 5919", ["nhs_number"]),
        ("NHS number 9434765919.", ["nhs_number"]),
        ("NHS number 943 476 5918", []),
        ("LS6 2AB", ["postcode"]),
        ("postcode ls62ab", ["postcode"]),
        ("lives in LS6", []),
        ("born 12/03/1961", ["date_of_birth"]),
        ("dob 12-3-61", ["date_of_birth"]),
        ("12 March 1961", ["date_of_birth"]),
        ("born 1961-03-12", ["date_of_birth"]),
        ("March 12th, 1961", ["date_of_birth"]),
        ("31/02/1961 is not a date", []),
        ("aged 64, on PIP since 2019", []),
        ("Call 0113 496 0000 after 3pm", []),
        ("943 476 5919, LS6 2AB, 12/03/1961", ["nhs_number", "postcode", "date_of_birth"]),
    ],
)
def test_examples_of_what_is_and_is_not_warned(text, found):
    assert find_personal_data(text) == found


def test_what_was_found_is_described_without_the_values():
    assert describe(find_personal_data("943 476 5919 in LS6 2AB")) == [
        "an NHS number",
        "a full postcode",
    ]
