"""The funding and goals pages: the coordinator adds and revises, with errors shown and nothing
written on bad input; members read; other partnerships get 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hjp.partnerships.models import FundingStream, PartnershipGoal, PartnershipGoalRevision
from hjp.partnerships.services import set_goal


def url(name, world, **kwargs):
    return reverse(
        f"partnerships:{name}", kwargs={"partnership_pk": world.partnership.pk, **kwargs}
    )


@pytest.fixture
def goal(world):
    return set_goal(
        world.partnership,
        by=world.actor("coordinator"),
        title="Reach more patients",
        measure="reach.referrals",
        target=Decimal(900),
        unit="count",
        stated_on=world.partnership.created_at.date(),
    )


STREAM = {
    "name": "Core grant",
    "amount": "78,000",
    "start_date_day": "1",
    "start_date_month": "4",
    "start_date_year": "2026",
    "end_date_day": "31",
    "end_date_month": "3",
    "end_date_year": "2027",
    "reporting_duties": "Quarterly report pack",
}


def test_the_coordinator_adds_a_funding_stream_and_everyone_in_the_partnership_reads_it(
    world, login
):
    client = login(world.user("coordinator"))
    response = client.post(url("add_stream", world), STREAM | {"funder": str(world.funder.pk)})
    assert response.status_code == 302
    stream = FundingStream.objects.get()
    assert stream.amount_pence == 7_800_000 and stream.funder == world.funder
    page = login(world.user("funder")).get(url("funding", world)).content.decode()
    assert "Core grant" in page and "£78,000" in page
    assert "Add a funding stream" not in page


def test_a_bad_stream_is_explained_and_nothing_is_written(world, login):
    client = login(world.user("coordinator"))
    bad = STREAM | {"funder": str(world.funder.pk), "amount": "lots", "end_date_year": "2025"}
    page = client.post(url("add_stream", world), bad).content.decode()
    assert "There is a problem" in page and "Enter an amount in pounds" in page
    assert not FundingStream.objects.exists()


def test_a_funder_cannot_add_and_another_partnership_gets_404(world, other_world, login):
    assert login(world.user("funder")).get(url("add_stream", world)).status_code == 403
    assert login(other_world.user("coordinator")).get(url("funding", world)).status_code == 404


def test_revising_a_goal_keeps_what_it_was_and_why(world, login, goal):
    client = login(world.user("coordinator"))
    revise = reverse("partnerships:revise_goal", kwargs={"goal_pk": goal.pk})
    form = {
        "title": "Reach more patients",
        "measure": "reach.referrals",
        "unit": "count",
        "target": "1200",
        "reason": "A second practice joined",
    }
    refused = client.post(revise, form | {"reason": ""}).content.decode()
    assert "Enter why the goal is changing" in refused
    assert client.post(revise, form).status_code == 302
    goal.refresh_from_db()
    assert goal.target == Decimal(1200)
    revision = PartnershipGoalRevision.objects.get(goal=goal)
    assert revision.reason == "A second practice joined"
    assert revision.changes["target"]["before"] == "900.00"
    history = client.get(reverse("partnerships:goal", kwargs={"goal_pk": goal.pk})).content
    assert b"A second practice joined" in history


@pytest.mark.parametrize("target", ["", "many"])
def test_a_goal_without_a_number_for_its_target_is_refused(world, login, target):
    client = login(world.user("coordinator"))
    form = {"title": "Reach", "measure": "reach.referrals", "unit": "count", "target": target}
    page = client.post(url("add_goal", world), form).content.decode()
    assert "There is a problem" in page
    assert not PartnershipGoal.objects.exists()


def test_retiring_a_goal_needs_a_reason_and_keeps_it(world, login, goal):
    client = login(world.user("coordinator"))
    retire = reverse("partnerships:retire_goal", kwargs={"goal_pk": goal.pk})
    assert "Enter why the goal is being retired" in client.post(retire, {}).content.decode()
    assert client.post(retire, {"reason": "Met early"}).status_code == 302
    goal.refresh_from_db()
    assert not goal.is_active
    assert PartnershipGoal.objects.filter(pk=goal.pk).exists()


def test_the_coordinator_changes_a_stream_with_a_reason_and_a_funder_sees_no_change_link(
    world, login
):
    client = login(world.user("coordinator"))
    client.post(url("add_stream", world), STREAM | {"funder": str(world.funder.pk)})
    stream = FundingStream.objects.get()
    change = reverse("partnerships:change_stream", kwargs={"stream_pk": stream.pk})
    form = STREAM | {"funder": str(world.funder.pk), "amount": "80,000"}
    assert "Enter why the funding stream is changing" in client.post(change, form).content.decode()
    assert client.post(change, form | {"reason": "Uplift agreed"}).status_code == 302
    stream.refresh_from_db()
    assert stream.amount_pence == 8_000_000
    assert change not in login(world.user("funder")).get(url("funding", world)).content.decode()
