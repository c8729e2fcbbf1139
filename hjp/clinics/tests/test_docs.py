"""docs/clinic-sessions.md lists the frequencies and statuses the models have."""

from pathlib import Path

from hjp.clinics.models import ACTIVE, Booking, ClinicSession, Frequency
from tests.test_docs import marked_block, table_rows

DOC = Path(__file__).resolve().parents[3] / "docs" / "clinic-sessions.md"


def documented(name: str) -> list[list[str]]:
    _, *rows = table_rows(marked_block(DOC.read_text(), name))
    return rows


def test_the_documented_frequencies_are_the_models_choices():
    assert [(row[0].strip("`"), row[1]) for row in documented("frequencies")] == list(
        Frequency.choices
    )


def test_the_documented_session_statuses_are_the_models_choices():
    assert [(row[0].strip("`"), row[1]) for row in documented("session-statuses")] == list(
        ClinicSession.Status.choices
    )


def test_the_documented_booking_statuses_and_which_hold_the_slot_match_the_model():
    rows = documented("booking-statuses")
    assert [(row[0].strip("`"), row[1]) for row in rows] == list(Booking.Status.choices)
    assert {row[0].strip("`") for row in rows if row[2] == "yes"} == set(ACTIVE)
