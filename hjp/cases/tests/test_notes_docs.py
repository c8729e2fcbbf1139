"""The casework guide's notes section agrees with the code."""

import re

from hjp.cases.models import NoteType
from hjp.cases.services.notes import MAX_MINUTES
from hjp.cases.tests.guide import section


def test_the_guide_lists_exactly_the_note_types():
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \|$", section("Case notes"), re.M)
    assert rows[1:] == [label for _, label in NoteType.choices]


def test_the_guide_gives_the_limit_on_minutes():
    assert f"0 to {MAX_MINUTES:,}" in section("Case notes")
