"""Finding what would identify a person in a question meant to be anonymous.

Pure functions, no Django: the kinds of personal data found in a text (a valid NHS number, a
full UK postcode, a full date), never the values themselves, so a page can say what it found
without repeating it and an audit record can name the kinds without holding the text.
"""

import calendar
import re
from datetime import date
from enum import StrEnum

import nhs_number


class Found(StrEnum):
    NHS_NUMBER = "nhs_number"
    POSTCODE = "postcode"
    DATE_OF_BIRTH = "date_of_birth"


LABELS = {
    Found.NHS_NUMBER: "an NHS number",
    Found.POSTCODE: "a full postcode",
    Found.DATE_OF_BIRTH: "a date that could be a date of birth",
}

# Ten digits, together or spaced 3-3-4 (the same separator twice), not part of a longer number.
_NHS_NUMBER = re.compile(r"(?<![\d])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])")
# Outward code (area letters, district digit, optional digit or letter), then the inward code
# (a digit and two letters). A district alone ("LS6") has no inward code and is not a match.
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|[.-]\d)")
_YEAR_MONTH_DAY = re.compile(r"(?<![\d/])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/]|[.-]\d)")
_DAY_MONTHNAME_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAME})\.?,?\s+(\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)
_MONTHNAME_DAY_YEAR = re.compile(
    rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)


def _full_year(text: str) -> int:
    """A two-digit year as a date of birth would mean it: in the last hundred years."""
    year = int(text)
    if len(text) == 4:
        return year
    this_year = date.today().year
    century = this_year - this_year % 100
    return century + year if century + year <= this_year else century - 100 + year


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def has_nhs_number(text: str) -> bool:
    """A ten-digit number whose modulus 11 check digit is right (a wrong one is not a match)."""
    return any(
        nhs_number.is_valid(m.group(1) + m.group(3) + m.group(4))
        for m in _NHS_NUMBER.finditer(text)
    )


def has_postcode(text: str) -> bool:
    return _POSTCODE.search(text) is not None


def has_date(text: str) -> bool:
    """A real calendar date with day, month and year, written in any of the usual ways."""
    for m in _DAY_MONTH_YEAR.finditer(text):
        if _is_date(_full_year(m.group(4)), int(m.group(3)), int(m.group(1))):
            return True
    for m in _YEAR_MONTH_DAY.finditer(text):
        if _is_date(int(m.group(1)), int(m.group(3)), int(m.group(4))):
            return True
    for m in _DAY_MONTHNAME_YEAR.finditer(text):
        month = _MONTHS[m.group(2).lower()]
        if _is_date(_full_year(m.group(3)), month, int(m.group(1))):
            return True
    for m in _MONTHNAME_DAY_YEAR.finditer(text):
        month = _MONTHS[m.group(1).lower()]
        if _is_date(_full_year(m.group(3)), month, int(m.group(2))):
            return True
    return False


def find_personal_data(*texts: str) -> list[Found]:
    """The kinds of personal data in the texts, in a fixed order, each once."""
    joined = "\n".join(t or "" for t in texts)
    checks = [
        (Found.NHS_NUMBER, has_nhs_number),
        (Found.POSTCODE, has_postcode),
        (Found.DATE_OF_BIRTH, has_date),
    ]
    return [kind for kind, check in checks if check(joined)]


def describe(kinds) -> list[str]:
    """What was found, in words a page can show ("an NHS number"), without the values."""
    return [LABELS[Found(kind)] for kind in kinds]
