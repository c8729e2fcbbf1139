"""Validators shared by several apps."""

import re

from django.core.exceptions import ValidationError

POSTCODE_INVALID = "Enter a full UK postcode, like LS1 4AP"

# The UK Government Data Standards postcode pattern (outward code, optional space, inward code).
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|([A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?)|[0-9][A-HJKPS-UW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: str) -> str:
    """Upper case with a single space before the inward code: 'ls14ap' -> 'LS1 4AP'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def validate_postcode(value: str) -> None:
    if not _POSTCODE.match(normalise_postcode(value)):
        raise ValidationError(POSTCODE_INVALID, code="invalid_postcode")
