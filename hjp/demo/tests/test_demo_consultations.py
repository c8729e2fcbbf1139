"""The demo's consultations, written on the demo partnership alone (without its year of
referrals, which is slow to load)."""

import datetime

import pytest
from django.utils import timezone

from hjp.consent.services import record_consent
from hjp.consultations.models import Consultation
from hjp.demo.consultations import IMRAN, PRIYA, load_consultations
from hjp.demo.world import acting, build_partnership
from hjp.people.services import create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    world = build_partnership()
    priya = acting(world, *PRIYA)
    person = create_person(
        by=priya,
        given_name="Jo",
        family_name="Demo",
        date_of_birth=datetime.date(1970, 1, 1),
        nhs_number="9990000018",
    )
    record_consent(
        person,
        by=priya,
        purpose="referral",
        method="verbal",
        organisations=[world.organisations[IMRAN[1]]],
    )
    return world


def test_the_demo_has_consultations_both_ways_with_every_outcome_and_one_overdue(demo_world):
    added = load_consultations(demo_world)
    consultations = Consultation.objects.filter(partnership=demo_world.partnership)
    assert added == consultations.count() == 12
    kinds = {c.kind for c in consultations}
    assert kinds == {"ask_adviser", "ask_clinician", "case_discussion"}
    assert {c.outcome for c in consultations} >= set(Consultation.Outcome.values)
    discussions = consultations.filter(kind="case_discussion")
    assert discussions.count() == 2
    assert all(d.attendees.count() == 3 for d in discussions)
    assert consultations.filter(person__isnull=False).count() == 1
    assert consultations.overdue(timezone.localdate()).exists()
    assert consultations.filter(responder_minutes__gt=0).exists()
    assert not consultations.filter(created_at__gt=timezone.now()).exists()


def test_loading_the_demo_consultations_again_adds_none(demo_world):
    load_consultations(demo_world)
    assert load_consultations(demo_world) == 0
    assert Consultation.objects.count() == 12
