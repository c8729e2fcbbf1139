"""The "Supervisor file review" section of docs/casework.md says what the code does."""

import re
from pathlib import Path

from hjp.cases.models import FileReview
from hjp.cases.review_checklist import CHECKLIST, CHECKLIST_VERSION, MAX_ACTIONS
from hjp.cases.services import reviews as review_services

CASEWORK = Path(__file__).resolve().parents[3] / "docs" / "casework.md"
NUMBER_WORDS = {5: "five", 12: "twelve"}


def section() -> str:
    text = CASEWORK.read_text()
    match = re.search(r"^## Supervisor file review\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    assert match, "docs/casework.md has no 'Supervisor file review' section"
    return match.group(1)


def marked_block(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", section(), re.DOTALL)
    assert match, f"no <!-- {name}:start --> ... <!-- {name}:end --> block"
    return match.group(1)


def bullets(block: str) -> list[str]:
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def test_the_docs_list_every_checklist_item_in_order_with_its_wording():
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in marked_block("review-checklist").splitlines()[2:]
    ]
    expected = [
        [
            f"`{item.code}`",
            item.question + (" (closed files only)" if item.closed_files_only else ""),
        ]
        for item in CHECKLIST
    ]
    assert rows == expected


def test_the_docs_list_the_ratings_and_overall_results():
    assert bullets(marked_block("review-ratings")) == FileReview.Rating.labels
    assert bullets(marked_block("review-overall")) == FileReview.Overall.labels


def test_the_docs_give_the_numbers_the_code_uses():
    text = " ".join(section().split())
    assert f"version `{CHECKLIST_VERSION}`" in text
    assert f"from 1 to {review_services.MAX_FILES_PER_PERIOD}" in text
    assert f"**{review_services.ACTION_DUE_DAYS} days**" in text
    assert f"up to {NUMBER_WORDS[MAX_ACTIONS]} corrective actions" in text
    months = review_services.CLOSED_FILES_SAMPLED_FROM_DAYS // 30
    assert review_services.CLOSED_FILES_SAMPLED_FROM_DAYS == 365
    assert f"in the {NUMBER_WORDS[months]} months before the period ends" in text
