"""The consultations summary the reports read."""

import datetime

import pytest
from django.utils import timezone

from hjp.consultations.models import Consultation
from hjp.consultations.queries import consultations_summary
from hjp.consultations.services import close_consultation, reply_to_consultation
from hjp.consultations.tests.factories import ask_a_clinician, ask_an_adviser

pytestmark = pytest.mark.django_db


def this_year(world) -> dict:
    today = timezone.localdate()
    return {"partnership": world.partnership, "start": today.replace(month=1, day=1), "end": today}


def test_an_empty_partnership_counts_nothing(world):
    summary = consultations_summary(**this_year(world))
    assert summary["total"] == 0
    assert summary["median_working_days_to_first_response"] is None
    assert summary["responder_minutes"] == 0
    assert set(summary["by_outcome"]) == set(Consultation.Outcome.values)


def test_the_summary_counts_directions_outcomes_minutes_and_first_responses(world, other_world):
    first = ask_an_adviser(world)
    reply_to_consultation(first, by=world.actor("adviser"), body="Answer", minutes=20)
    close_consultation(first, by=world.actor("adviser"), outcome="answered", minutes=10)
    second = ask_a_clinician(world)
    close_consultation(second, by=world.actor("referrer"), outcome="signposted")
    ask_an_adviser(world)
    ask_an_adviser(other_world)
    summary = consultations_summary(**this_year(world))
    assert summary["total"] == 3
    assert summary["by_direction"] == {
        "health_to_advice": 2,
        "advice_to_health": 1,
        "other": 0,
    }
    assert summary["by_kind"]["ask_adviser"] == 2
    assert summary["by_outcome"]["answered"] == 1
    assert summary["by_outcome"]["signposted"] == 1
    assert summary["by_outcome"]["no_action"] == 0
    assert summary["open"] == 1
    assert summary["answered"] == 2
    assert summary["answered_within_target"] == 2
    assert summary["median_working_days_to_first_response"] == 0
    assert summary["responder_minutes"] == 30


def test_the_median_counts_working_days_from_asking_to_the_first_response(world):
    for days_ago in (2, 4):
        consultation = ask_an_adviser(world)
        asked = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)  # a Monday
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=asked,
            first_response_at=asked + datetime.timedelta(days=days_ago),
            respond_by=datetime.date(2026, 6, 3),
        )
    summary = consultations_summary(
        partnership=world.partnership,
        start=datetime.date(2026, 6, 1),
        end=datetime.date(2026, 6, 30),
    )
    assert summary["median_working_days_to_first_response"] == 3
    assert summary["answered_within_target"] == 1
