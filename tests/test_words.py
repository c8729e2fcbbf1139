"""One word for one thing on every page staff see: "person" for the people the partnership helps
(docs/words.md), and "NHS" always in capitals."""

import re
from pathlib import Path

HJP = Path(__file__).resolve().parent.parent / "hjp"
# The public self-referral pages speak to the patient as "you"; nothing there is about "a person".
PUBLIC = "referrals/public"
TAG = re.compile(r"<[^>]*>|{[{%#].*?[}%#]}", re.S)


def visible_text(path: Path) -> str:
    """The template's text with its tags and template code taken out."""
    return TAG.sub(" ", path.read_text())


def templates():
    return [p for p in HJP.rglob("*.jinja") if "nhsuk" not in p.parts]


def test_staff_pages_say_person_not_patient_or_client():
    found = [
        f"{path.relative_to(HJP)}: {word}"
        for path in templates()
        if PUBLIC not in str(path)
        for word in re.findall(r"\b(?:[Pp]atients?|[Cc]lients?)\b", visible_text(path))
    ]
    assert found == []


def test_nhs_is_always_in_capitals():
    found = [
        f"{path.relative_to(HJP)}: {word}"
        for path in templates()
        for word in re.findall(r"\b(?:Nhs|nhs)\b", visible_text(path))
    ]
    assert found == []
