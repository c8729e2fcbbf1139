"""Turning what a user typed into the search box into a filter on people."""

import re
from datetime import datetime

from django.db.models import Q

from hjp.core.validators import _POSTCODE, normalise_postcode
from hjp.people.validators import normalise_nhs_number


def _as_date(term: str):
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(term, pattern).date()
        except ValueError:
            continue
    return None


def person_search_filter(query: str) -> Q:
    """Every word must match: an NHS number, a date of birth, a postcode, or part of a name."""
    condition = Q()
    compact = normalise_nhs_number(query.strip())
    if len(compact) == 10 and compact.isdigit():
        return Q(nhs_number=compact)
    if _POSTCODE.match(normalise_postcode(query)):
        return Q(postcode=normalise_postcode(query))
    for term in re.split(r"\s+", query.strip()):
        if not term:
            continue
        born = _as_date(term)
        if born is not None:
            condition &= Q(date_of_birth=born)
        else:
            condition &= (
                Q(given_name__icontains=term)
                | Q(family_name__icontains=term)
                | Q(preferred_name__icontains=term)
            )
    return condition
