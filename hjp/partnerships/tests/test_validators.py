"""Identifiers organisations are known by: ODS codes, charity numbers and company numbers."""

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hjp.partnerships.validators import (
    CHARITY_NUMBER_INVALID,
    COMPANY_NUMBER_INVALID,
    ODS_CODE_INVALID,
    normalise_identifier,
    validate_charity_number,
    validate_company_number,
    validate_ods_code,
)

ALPHANUMERIC = string.ascii_uppercase + string.digits


def is_valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("code", ["A81001", "RX1", "Y02345", "8KL29"])
def test_real_shapes_of_ods_code_are_accepted(code):
    validate_ods_code(code)


@pytest.mark.parametrize("code", ["A8100!", "AB", "ABCDEFG", "ABC", ""])
def test_malformed_ods_codes_are_refused_with_the_ods_message(code):
    with pytest.raises(ValidationError) as refused:
        validate_ods_code(code)
    assert refused.value.messages == [ODS_CODE_INVALID]


@given(
    st.text(alphabet=ALPHANUMERIC, min_size=3, max_size=6).filter(
        lambda code: any(ch.isdigit() for ch in code)
    )
)
def test_any_three_to_six_letters_and_digits_with_a_digit_is_an_ods_code(code):
    assert is_valid(validate_ods_code, code)
    assert is_valid(validate_ods_code, code.lower())


@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8))
def test_letters_alone_are_never_an_ods_code(code):
    assert not is_valid(validate_ods_code, code)


@given(st.text(alphabet=ALPHANUMERIC, min_size=7, max_size=20))
def test_more_than_six_characters_is_never_an_ods_code(code):
    assert not is_valid(validate_ods_code, code)


@given(
    st.text(alphabet=ALPHANUMERIC, min_size=2, max_size=5),
    st.sampled_from("!-./#@_&"),
)
def test_punctuation_is_never_part_of_an_ods_code(stem, mark):
    assert not is_valid(validate_ods_code, f"{stem}{mark}")


@pytest.mark.parametrize("number", ["1012345", "1012345-1", "SC012345", "sc 012345", "201234"])
def test_charity_numbers_of_england_wales_and_scotland_are_accepted(number):
    validate_charity_number(number)


@pytest.mark.parametrize("number", ["12345", "123456789", "1012345-123", "SC12345", "CH012345"])
def test_malformed_charity_numbers_are_refused(number):
    with pytest.raises(ValidationError) as refused:
        validate_charity_number(number)
    assert refused.value.messages == [CHARITY_NUMBER_INVALID]


@given(st.integers(min_value=100_000, max_value=99_999_999), st.integers(0, 99))
def test_six_to_eight_digits_with_an_optional_link_number_are_a_charity_number(number, link):
    assert is_valid(validate_charity_number, str(number))
    assert is_valid(validate_charity_number, f"{number}-{link}")


@pytest.mark.parametrize("number", ["01234567", "SC123456", "NI123456", "OC123456", "sc 123456"])
def test_company_numbers_are_accepted(number):
    validate_company_number(number)


@pytest.mark.parametrize("number", ["1234567", "123456789", "S1234567", "SC12345", "SC1234567"])
def test_malformed_company_numbers_are_refused(number):
    with pytest.raises(ValidationError) as refused:
        validate_company_number(number)
    assert refused.value.messages == [COMPANY_NUMBER_INVALID]


@given(st.integers(min_value=0, max_value=99_999_999))
def test_any_eight_digits_are_a_company_number(number):
    assert is_valid(validate_company_number, f"{number:08d}")


@given(st.text(alphabet=ALPHANUMERIC + " \t", max_size=12))
def test_normalising_an_identifier_upper_cases_it_and_removes_spaces(value):
    normalised = normalise_identifier(value.lower())
    assert normalised == normalised.upper()
    assert not any(ch.isspace() for ch in normalised)
    assert normalise_identifier(normalised) == normalised
