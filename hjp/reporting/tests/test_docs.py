"""docs/evaluation.md says what the reports compute: the measures, their numerators and
denominators, and the SWEMWBS conversion."""

import datetime
import re
from pathlib import Path

from hjp.outcomes.wellbeing import SWEMWBS_METRIC
from hjp.reporting.build import Audience, build_pack
from hjp.reporting.measures import MEASURES
from hjp.reporting.scope import ReportScope

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "evaluation.md"


def measure_rows() -> dict[str, list[str]]:
    rows = {}
    for line in GUIDE.read_text().splitlines():
        match = re.match(r"\| `([a-z_0-9.]+)` \|(.*)\|$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def test_the_guide_lists_every_measure_with_its_label_numerator_denominator_and_unit():
    documented = measure_rows()
    expected = {m.key: [m.label, m.numerator, m.denominator, m.unit] for m in MEASURES.values()}
    assert documented == expected


def test_every_measure_is_in_the_pack_and_the_pack_has_no_other(world):
    pack = build_pack(
        ReportScope(world.partnership, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        audience=Audience.COORDINATOR,
    )
    assert {figure.measure for figure in pack.figures()} == set(MEASURES)


def test_the_guide_gives_the_swemwbs_conversion_the_code_uses():
    text = GUIDE.read_text()
    raws = [int(n) for row in re.findall(r"^\| Raw \|(.*)\|$", text, re.M) for n in row.split("|")]
    metrics = [row for row in re.findall(r"^\| Metric \|(.*)\|$", text, re.M)]
    values = [cell.strip() for row in metrics for cell in row.split("|")]
    assert dict(zip(raws, values, strict=True)) == {
        raw: f"{metric:.2f}" for raw, metric in SWEMWBS_METRIC.items()
    }
