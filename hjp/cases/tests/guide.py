"""The casework guide (docs/casework.md), read a section at a time by the tests that keep it
true to the code."""

from pathlib import Path

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "casework.md"


def section(title: str) -> str:
    """The text of one `## title` section, up to the next one."""
    text = GUIDE.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]
