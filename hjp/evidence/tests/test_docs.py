"""docs/evidence-and-consultations.md says what the code does: statuses, reasons and kinds."""

import re
from pathlib import Path

from hjp.evidence.kinds import KIND_RULES, Kind, ProfessionalRole
from hjp.evidence.status import TRANSITIONS, DeclineReason, Side, Status

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "evidence-and-consultations.md"


def block(name: str) -> str:
    text = GUIDE.read_text()
    return text.split(f"<!-- {name}:start -->")[1].split(f"<!-- {name}:end -->")[0]


def rows(name: str) -> list[list[str]]:
    lines = [line for line in block(name).strip().splitlines()[2:] if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_the_status_table_is_the_status_machine():
    order = list(Status)
    expected = [
        [
            Status(current).label,
            Status(target).label,
            *(
                "Yes" if side in sides else "No"
                for side in (Side.REQUESTER, Side.RESPONDER, Side.SYSTEM)
            ),
        ]
        for (current, target), sides in sorted(
            TRANSITIONS.items(), key=lambda e: (order.index(e[0][0]), order.index(e[0][1]))
        )
    ]
    assert rows("evidence-status-table") == expected


def test_the_decline_reasons_listed_are_the_codes():
    listed = re.findall(r"^- (.+)$", block("decline-reasons"), re.MULTILINE)
    assert listed == [label for _, label in DeclineReason.choices]


def test_the_kinds_table_gives_each_kinds_fee_and_answerers():
    documented = {row[0]: row[1:3] for row in rows("kinds-table")}
    expected = {}
    for kind in Kind:
        rules = KIND_RULES[kind]
        if rules.answerers == frozenset(ProfessionalRole):
            who = "any clinician"
        else:
            who = ", ".join(r.label for r in ProfessionalRole if r in rules.answerers)
            who = who[0].upper() + who[1:] if who.islower() else who
        expected[kind.label] = ["Yes" if rules.fee_usual else "No", who]
    documented = {k: [v[0], v[1]] for k, v in documented.items()}
    assert {k: v[0] for k, v in documented.items()} == {k: v[0] for k, v in expected.items()}
    for kind, (_, who) in expected.items():
        assert documented[kind][1].lower() == who.lower(), kind
