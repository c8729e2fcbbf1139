"""Setting capacity and adding services: who may, and what the referral form then shows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hjp.directory.models import Service
from hjp.directory.presenters import ServicePresenter
from hjp.directory.services import (
    NOT_YOUR_SERVICE,
    WAITING_WEEKS_REQUIRED,
    create_service,
    set_service_capacity,
)
from hjp.referrals.tests.factories import advice_service, health_service


@pytest.mark.parametrize("role", ["adviser", "referrer", "funder", "privacy_officer"])
def test_only_supervisors_and_coordinators_set_capacity(world, role):
    service = advice_service(world)

    with pytest.raises(PermissionDenied, match=NOT_YOUR_SERVICE):
        set_service_capacity(service, by=world.actor(role), capacity="paused")

    service.refresh_from_db()
    assert service.capacity == "accepting"


def test_a_supervisor_of_another_partnership_cannot_set_capacity(world, other_world):
    service = advice_service(world)

    with pytest.raises(PermissionDenied):
        set_service_capacity(service, by=other_world.actor("supervisor"), capacity="paused")


def test_leaving_the_waiting_list_forgets_the_wait(world):
    service = advice_service(world, capacity="waitlist", waiting_weeks=5)

    set_service_capacity(
        service, by=world.actor("supervisor"), capacity="accepting", waiting_weeks=5
    )

    service.refresh_from_db()
    assert (service.capacity, service.waiting_weeks) == ("accepting", None)


def test_a_waiting_list_without_a_wait_is_refused(world):
    service = advice_service(world)

    with pytest.raises(ValidationError) as refusal:
        set_service_capacity(service, by=world.actor("supervisor"), capacity="waitlist")

    assert refusal.value.message_dict["waiting_weeks"] == [WAITING_WEEKS_REQUIRED]


def test_a_coordinator_of_another_partnership_cannot_add_a_service_to_this_one(world, other_world):
    with pytest.raises(PermissionDenied):
        create_service(
            by=other_world.actor("coordinator"),
            partnership=world.partnership,
            organisation=world.advice,
            name="Sneaky clinic",
            kind="advice",
            advice_areas=["debt"],
        )
    assert not Service.objects.exists()


def test_a_health_service_keeps_its_team_and_never_takes_self_referrals(world):
    service = create_service(
        by=world.actor("coordinator"),
        partnership=world.partnership,
        organisation=world.practice,
        name="Link workers",
        kind="health",
        health_team="social_prescribing",
        accepts_self_referrals=True,
    )

    assert service.health_team == "social_prescribing"
    assert not service.accepts_self_referrals


@pytest.mark.parametrize(
    ("capacity", "weeks", "text"),
    [
        ("accepting", None, "Accepting referrals"),
        ("waitlist", 1, "Waiting list — about 1 week"),
        ("waitlist", 8, "Waiting list — about 8 weeks"),
        ("waitlist", None, "Waiting list"),
        ("paused", None, "Not taking referrals"),
    ],
)
def test_capacity_is_described_for_referrers(world, capacity, weeks, text):
    service = advice_service(world, capacity=capacity, waiting_weeks=weeks)

    assert ServicePresenter(service).capacity_text == text


def test_a_health_services_hint_names_its_team(world):
    hint = ServicePresenter(health_service(world, health_team="mental_health")).referral_hint

    assert hint == "North Medical Practice. Mental health team. Accepting referrals"
