"""Property tests for the NHS number and postcode validators."""

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from hjp.core.validators import POSTCODE_INVALID, normalise_postcode, validate_postcode
from hjp.people.validators import NHS_NUMBER_INVALID, normalise_nhs_number, validate_nhs_number

DIGITS = "0123456789"


def check_digit(stem: str) -> int | None:
    """The modulus-11 check digit, worked out here independently of the code under test."""
    total = sum(int(digit) * weight for digit, weight in zip(stem, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_is_valid(value: str) -> bool:
    try:
        validate_nhs_number(value)
    except ValidationError as error:
        assert error.messages == [NHS_NUMBER_INVALID]
        return False
    return True


@st.composite
def synthetic_numbers(draw) -> str:
    """A correctly check-digited number in the 999 range, never issued to a real patient."""
    stem = "999" + draw(st.text(alphabet=DIGITS, min_size=6, max_size=6))
    check = check_digit(stem)
    assume(check is not None)
    return stem + str(check)


@given(synthetic_numbers())
def test_every_999_number_with_a_correct_check_digit_is_valid(number):
    assert nhs_number_is_valid(number)


@given(synthetic_numbers(), st.sampled_from([" ", "-"]))
def test_a_valid_number_written_in_3_3_4_groups_is_valid(number, separator):
    grouped = separator.join([number[:3], number[3:6], number[6:]])
    assert nhs_number_is_valid(grouped)
    assert normalise_nhs_number(grouped) == number


@given(synthetic_numbers(), st.integers(min_value=0, max_value=9), st.integers(1, 9))
def test_changing_any_single_digit_of_a_valid_number_is_caught(number, position, shift):
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    assert not nhs_number_is_valid(changed)


@given(st.text(alphabet=DIGITS, min_size=7, max_size=7))
def test_a_999_number_is_valid_exactly_when_its_check_digit_is_right(rest):
    number = "999" + rest
    assert nhs_number_is_valid(number) == (check_digit(number[:9]) == int(number[9]))


@given(st.text())
def test_random_text_is_not_an_nhs_number(text):
    digits = normalise_nhs_number(text)
    assume(not (len(digits) == 10 and all(ch in DIGITS for ch in digits)))
    assert not nhs_number_is_valid(text)


@given(synthetic_numbers(), st.sampled_from([0x0660, 0x06F0, 0x0966, 0xFF10]))
def test_a_valid_number_in_another_scripts_digits_is_rejected(number, zero):
    # Arabic-Indic, Persian, Devanagari and full-width digits all pass str.isdigit().
    lookalike = "".join(chr(zero + int(digit)) for digit in number)
    assert not nhs_number_is_valid(lookalike)


@pytest.mark.parametrize("value", ["", "999", "99900000181", "999000001", "999 000 001 8 1"])
def test_numbers_of_the_wrong_length_are_rejected(value):
    assert not nhs_number_is_valid(value)


# The letters allowed in each position, from the UK Government Data Standards postcode rules.
FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
THIRD_AFTER_DIGIT = "ABCDEFGHJKPSTUW"
FOURTH_AFTER_DIGIT = "ABEHMNPRVWXY"
INWARD = "ABDEFGHJLNPQRSTUWXYZ"

OUTWARD_FORMATS = {
    "A9": [FIRST, DIGITS],
    "A99": [FIRST, DIGITS, DIGITS],
    "AA9": [FIRST, SECOND, DIGITS],
    "AA99": [FIRST, SECOND, DIGITS, DIGITS],
    "A9A": [FIRST, DIGITS, THIRD_AFTER_DIGIT],
    "AA9A": [FIRST, SECOND, DIGITS, FOURTH_AFTER_DIGIT],
}


@st.composite
def postcodes(draw) -> str:
    """A well-formed postcode in one of the six formats, in its standard 'OUT IN' form."""
    positions = OUTWARD_FORMATS[draw(st.sampled_from(sorted(OUTWARD_FORMATS)))]
    outward = "".join(draw(st.sampled_from(allowed)) for allowed in positions)
    inward = draw(st.sampled_from(DIGITS)) + "".join(
        draw(st.sampled_from(INWARD)) for _ in range(2)
    )
    return f"{outward} {inward}"


def as_typed(postcode: str, style: str) -> str:
    outward, inward = postcode.split(" ")
    return {
        "standard": postcode,
        "lower case": postcode.lower(),
        "no space": outward + inward,
        "lower case, no space": (outward + inward).lower(),
        "extra spaces": f"  {outward}   {inward} ",
    }[style]


STYLES = st.sampled_from(
    ["standard", "lower case", "no space", "lower case, no space", "extra spaces"]
)


def postcode_is_valid(value: str) -> bool:
    try:
        validate_postcode(value)
    except ValidationError as error:
        assert error.messages == [POSTCODE_INVALID]
        return False
    return True


@given(postcodes(), STYLES)
def test_well_formed_postcodes_are_valid_however_they_are_typed(postcode, style):
    assert postcode_is_valid(as_typed(postcode, style))


@given(postcodes(), STYLES)
def test_postcodes_normalise_to_the_standard_form(postcode, style):
    assert normalise_postcode(as_typed(postcode, style)) == postcode


@given(postcodes(), STYLES)
def test_normalising_a_postcode_twice_changes_nothing(postcode, style):
    once = normalise_postcode(as_typed(postcode, style))
    assert normalise_postcode(once) == once
    assert postcode_is_valid(once)


def test_the_girobank_postcode_is_valid():
    assert postcode_is_valid("gir0aa")
    assert normalise_postcode("gir0aa") == "GIR 0AA"


@given(postcodes(), st.data())
def test_a_postcode_with_punctuation_in_it_is_rejected(postcode, data):
    position = data.draw(st.integers(min_value=0, max_value=len(postcode) - 1))
    mark = data.draw(st.sampled_from(string.punctuation))
    assert not postcode_is_valid(postcode[:position] + mark + postcode[position + 1 :])


@given(postcodes(), st.sampled_from("QVX"))
def test_a_postcode_starting_with_a_letter_never_used_first_is_rejected(postcode, letter):
    assert not postcode_is_valid(letter + postcode[1:])


@given(postcodes())
def test_an_outward_code_on_its_own_is_rejected(postcode):
    assert not postcode_is_valid(postcode.split(" ")[0])


@given(st.one_of(st.text(alphabet=string.ascii_letters, max_size=10), st.text(DIGITS, max_size=10)))
def test_only_letters_or_only_digits_is_rejected(garbage):
    assert not postcode_is_valid(garbage)


@given(st.text(alphabet=string.ascii_letters + DIGITS, min_size=8, max_size=20))
def test_anything_longer_than_seven_characters_is_rejected(garbage):
    assume(garbage.upper() != "GIR0AA")
    assert not postcode_is_valid(garbage)
