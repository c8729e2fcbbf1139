"""The casework guide's documents section agrees with the code."""

import re
from pathlib import Path

from django.conf import settings

from hjp.cases.models import DocumentType
from hjp.cases.services.documents import ACCEPTED_KINDS, size_text

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "casework.md"


def section(title: str) -> str:
    text = GUIDE.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_guide_lists_every_document_type():
    rows = re.findall(r"^\| ([^|]+?) \|$", section("Documents"), re.M)
    assert rows[1:] == [label for _, label in DocumentType.choices]


def test_the_guide_lists_the_accepted_files_and_the_size_limit():
    text = " ".join(section("Documents").split())
    assert ", ".join(ACCEPTED_KINDS.values()) + "." in text
    assert f"a file of {size_text(settings.HJP_DOCUMENT_MAX_BYTES)} or more" in text
