"""docs/evidence-and-consultations.md says what the code does: its statuses, outcomes, kinds and the
personal-data warning."""

import re
from pathlib import Path

from hjp.consultations.personal_data import Found, find_personal_data
from hjp.consultations.status import Kind, Outcome, Status, Topic
from hjp.partnerships.models import Partnership

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "evidence-and-consultations.md"


def marked_rows(name: str) -> list[tuple[str, str]]:
    """(label, code) of each row of the table between `<!-- name:start/end -->`."""
    text = GUIDE.read_text()
    block = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert block, f"docs/evidence-and-consultations.md has no {name} block"
    rows = []
    for line in block.group(1).splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows.append((cells[0], cells[1].strip("`")))
    return rows


def test_the_statuses_table_lists_every_status_with_its_label_in_order():
    assert marked_rows("statuses-table") == [(s.label, s.value) for s in Status]


def test_the_outcomes_table_lists_every_outcome_with_its_label_in_order():
    assert marked_rows("outcomes-table") == [(o.label, o.value) for o in Outcome]


def test_the_guide_names_every_kind_and_the_health_topic():
    guide = " ".join(GUIDE.read_text().split())
    for kind in Kind:
        assert f"**{kind.label}** (`{kind.value}`)" in guide
    assert f"**{Topic('health').label}** (`health`)" in guide


def test_the_guide_gives_the_response_targets_default_and_limits():
    field = Partnership._meta.get_field("consultation_response_working_days")
    limits = sorted(v.limit_value for v in field.validators if hasattr(v, "limit_value"))
    guide = " ".join(GUIDE.read_text().split())
    assert f"{field.default} unless changed, from {limits[0]} to {limits[-1]}" in guide


def test_the_examples_the_guide_gives_are_warned_or_not_as_it_says():
    guide = GUIDE.read_text()
    section = guide.split("## The personal-data warning")[1].split("## ")[0]
    for example in ["12/03/1961", "12-3-61", "12.3.61", "12 March 1961", "March 12, 1961"]:
        assert example in section
        assert find_personal_data(example) == [Found.DATE_OF_BIRTH]
    assert find_personal_data("1961-03-12") == [Found.DATE_OF_BIRTH]
    assert find_personal_data("LS6 2AB") == find_personal_data("ls62ab") == [Found.POSTCODE]
    assert find_personal_data("LS6") == []
