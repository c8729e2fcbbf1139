"""Validators for the identifiers organisations are known by."""

import re

from django.core.exceptions import ValidationError

ODS_CODE_INVALID = "Enter a valid ODS code, like A81001 for a GP practice or RX1 for an NHS trust"
CHARITY_NUMBER_INVALID = (
    "Enter a valid charity number: 6 to 8 digits, like 1012345, or SC012345 in Scotland"
)
COMPANY_NUMBER_INVALID = "Enter a valid company number: 8 characters, like 01234567 or SC123456"

# ODS organisation codes: 3 to 6 letters and digits, not letters alone
# (trusts RX1, practices A81001, others Y02345, 8KL29).
_ODS = re.compile(r"^[A-Z0-9]{3,6}$")
# Charity Commission for England and Wales: 6-8 digits, optional -N for a linked charity;
# Scottish Charity Regulator: SC and 6 digits.
_CHARITY = re.compile(r"^(\d{6,8}(-\d{1,2})?|SC\d{6})$")
# Companies House: 8 digits, or a 2-letter prefix (SC, NI, OC, SO, NC, R0 ...) and 6 digits.
_COMPANY = re.compile(r"^(\d{8}|[A-Z]{2}\d{6}|R0\d{6})$")


def normalise_identifier(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_ods_code(value: str) -> None:
    if not _ODS.match(normalise_identifier(value)) or normalise_identifier(value).isalpha():
        raise ValidationError(ODS_CODE_INVALID, code="invalid_ods_code")


def validate_charity_number(value: str) -> None:
    if not _CHARITY.match(normalise_identifier(value)):
        raise ValidationError(CHARITY_NUMBER_INVALID, code="invalid_charity_number")


def validate_company_number(value: str) -> None:
    if not _COMPANY.match(normalise_identifier(value)):
        raise ValidationError(COMPANY_NUMBER_INVALID, code="invalid_company_number")
