"""NHS number validation, built on the `nhs-number` package."""

import nhs_number
from django.core.exceptions import ValidationError

NHS_NUMBER_INVALID = "Enter a valid NHS number, 10 digits like 999 123 4560"


def normalise_nhs_number(value: str) -> str:
    """Strip spaces and dashes: '999 123 4560' -> '9991234560'."""
    return "".join(ch for ch in (value or "") if ch not in " -")


def validate_nhs_number(value: str) -> None:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit() or not nhs_number.is_valid(digits):
        raise ValidationError(NHS_NUMBER_INVALID, code="invalid_nhs_number")
