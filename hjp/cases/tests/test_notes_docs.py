"""The casework guide's notes section agrees with the code."""

import re
from pathlib import Path

from hjp.cases.models import NoteType
from hjp.cases.services.notes import MAX_MINUTES

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "casework.md"


def section(title: str) -> str:
    text = GUIDE.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_guide_lists_exactly_the_note_types():
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \|$", section("Case notes"), re.M)
    assert rows[1:] == [label for _, label in NoteType.choices]


def test_the_guide_gives_the_limit_on_minutes():
    assert f"0 to {MAX_MINUTES:,}" in section("Case notes")
