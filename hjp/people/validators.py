"""NHS number validation, built on the `nhs-number` package."""

import re

import nhs_number
from django.core.exceptions import ValidationError

NHS_NUMBER_INVALID = "Enter a valid NHS number, 10 digits like 999 123 4560"

_TEN_DIGITS = re.compile(r"[0-9]{10}")


def normalise_nhs_number(value: str) -> str:
    """Strip spaces and dashes: '999 123 4560' -> '9991234560'."""
    return "".join(ch for ch in (value or "") if ch not in " -")


def validate_nhs_number(value: str) -> None:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    digits = normalise_nhs_number(value)
    # isdigit() alone would accept other scripts' digits (such as Arabic-Indic), which the
    # modulus-11 check then happily reads as numbers; an NHS number is ASCII 0-9 only.
    if not _TEN_DIGITS.fullmatch(digits) or not nhs_number.is_valid(digits):
        raise ValidationError(NHS_NUMBER_INVALID, code="invalid_nhs_number")


def synthetic_nhs_number(rng) -> str:
    """A valid NHS number in the 999 range, which is never issued to a real patient."""
    while True:
        stem = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = nhs_number.calculate_checksum(stem)
        if check is not None and check != 10:
            return stem + str(check)
