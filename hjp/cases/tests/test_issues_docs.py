"""The casework guide's cases, issues and conflict checks sections agree with the code."""

import re

from hjp.cases.models import Case, ConflictStatus, Level, OpposingParty, Stage
from hjp.cases.tests.guide import section


def first_column(text: str) -> list[str]:
    return [cell for cell in re.findall(r"^\| ([^|]+?) \|", text, re.M)]


def test_the_guide_lists_the_ways_a_case_opens_and_the_levels():
    columns = first_column(section("Cases and issues"))
    assert [label for _, label in Case.OpenedVia.choices] == columns[1:6]
    assert [label for _, label in Level.choices] == columns[7:]


def test_the_guide_lists_the_stages():
    labels = ", ".join(label for _, label in Stage.choices)
    assert f"Stages: {labels}." in " ".join(section("Cases and issues").split())


def test_the_guide_lists_the_conflict_results_and_the_public_bodies():
    text = section("Conflict checks")
    checked = [s for s in ConflictStatus if s != ConflictStatus.NOT_CHECKED]
    assert first_column(text)[1:] == [s.label for s in checked]
    public = {OpposingParty.Kind(kind).label for kind in OpposingParty.PUBLIC_BODIES}
    assert public == {
        "Council",
        "Department for Work and Pensions",
        "HM Revenue and Customs",
        "Home Office",
    }
    assert "Councils, DWP,\\nHMRC and the Home Office".replace("\\n", "\n") in text
