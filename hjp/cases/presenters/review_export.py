"""File reviews as CSV rows for a quality assessor: one row a review, no client names or notes."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from hjp.cases.models import FileReview
from hjp.cases.review_checklist import all_item_codes, item_for

FIXED_COLUMNS = [
    "Case reference",
    "Case status",
    "Caseworker",
    "Reviewer",
    "Reviewed on",
    "Checklist version",
    "Sampled at random",
]
CLOSING_COLUMNS = ["Overall", "Actions", "Actions confirmed"]
# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    """The column names: the fixed ones, each checklist item's question, then the result."""
    questions = [item_for(code).question for code in all_item_codes()]
    return [*FIXED_COLUMNS, *questions, *CLOSING_COLUMNS]


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def row(review: FileReview) -> list[str]:
    """One review; `action_count` and `confirmed_count` are annotated by the export's query.

    The comments are left out: they are free text about the client's matter.
    """
    ratings = review.ratings or {}
    rating_labels = dict(FileReview.Rating.choices)
    cells = [
        review.case.reference,
        review.case.get_status_display(),
        str(review.caseworker),
        str(review.reviewer),
        timezone.localtime(review.reviewed_at).date().isoformat(),
        review.checklist_version,
        "Yes" if review.sampled else "No",
        *(rating_labels.get(ratings.get(code, ""), "") for code in all_item_codes()),
        review.get_overall_display(),
        str(review.action_count),
        str(review.confirmed_count),
    ]
    return [_safe(cell) for cell in cells]


class _Line:
    """A file-like object whose write returns what it is given, for a streamed CSV."""

    def write(self, value: str) -> str:
        return value


def csv_lines(reviews: Iterable[FileReview]) -> Iterator[str]:
    """The export as CSV text, line by line, header first."""
    writer = csv.writer(_Line())
    yield writer.writerow(header())
    for review in reviews:
        yield writer.writerow(row(review))
