"""Goals: stated at the start, revised with a reason and history, retired but never deleted."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hjp.audit.models import AuditEvent
from hjp.core.models import AppendOnlyError
from hjp.partnerships.models import GoalMeasure, GoalUnit, PartnershipGoal, PartnershipGoalRevision
from hjp.partnerships.services import goals

STATED = datetime.date(2026, 4, 1)


def last_sequence() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def messages_of(refusal: pytest.ExceptionInfo, field: str) -> list[str]:
    return [str(message) for message in refusal.value.message_dict[field]]


def set_goal(world, **details) -> PartnershipGoal:
    values = {
        "by": world.actor("coordinator"),
        "title": "Contact people quickly",
        "measure": GoalMeasure.FIRST_CONTACT,
        "baseline": Decimal("55"),
        "target": Decimal("80"),
        "unit": GoalUnit.PERCENT,
        "stated_on": STATED,
    }
    values.update(details)
    return goals.set_goal(world.partnership, **values)


def test_a_coordinator_states_a_goal_and_the_audit_names_its_fields(world):
    before = last_sequence()
    goal = set_goal(world, measure_other="ignored for a coded measure")
    assert goal.is_active
    assert goal.measure_other == ""
    assert goal.measure_label == "First contact within the target time"
    event = AuditEvent.objects.get(sequence__gt=before)
    assert event.action == AuditEvent.Action.CREATE
    assert event.detail["fields"] == [
        "title",
        "measure",
        "baseline",
        "target",
        "unit",
        "stated_on",
    ]


def test_the_measure_keys_are_the_reports(world):
    assert "reach.referrals" in GoalMeasure.values
    assert "value.gain_per_pound" in GoalMeasure.values
    assert "equity.core20_share" in GoalMeasure.values


def test_another_measure_must_be_described(world):
    with pytest.raises(ValidationError) as refusal:
        set_goal(world, measure=GoalMeasure.OTHER, measure_other=" ")
    assert messages_of(refusal, "measure_other") == [goals.OTHER_MEASURE_REQUIRED]
    goal = set_goal(world, measure=GoalMeasure.OTHER, measure_other="Referrer satisfaction")
    assert goal.measure_label == "Referrer satisfaction"


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"target": Decimal("120")}, "target", "The target cannot be more than 100 per cent"),
        ({"baseline": Decimal("-1")}, "baseline", "The baseline cannot be less than 0"),
        (
            {"unit": GoalUnit.COUNT, "target": Decimal("-5")},
            "target",
            "The target cannot be less than 0",
        ),
    ],
)
def test_figures_that_cannot_be_are_refused(world, details, field, message):
    with pytest.raises(ValidationError) as refusal:
        set_goal(world, **details)
    assert messages_of(refusal, field) == [message]
    assert not PartnershipGoal.objects.exists()


def test_a_change_in_points_may_be_negative(world):
    goal = set_goal(world, unit=GoalUnit.POINTS, baseline=Decimal("-2"), target=Decimal("3"))
    assert goal.baseline == Decimal("-2")


@pytest.mark.parametrize("role", ["funder", "adviser", "supervisor", "referrer", "privacy_officer"])
def test_only_a_coordinator_may_set_revise_or_retire_goals(world, role):
    with pytest.raises(PermissionDenied):
        set_goal(world, by=world.actor(role))
    goal = set_goal(world)
    with pytest.raises(PermissionDenied):
        goals.revise_goal(goal, by=world.actor(role), reason="Mine now", target=Decimal("90"))
    with pytest.raises(PermissionDenied):
        goals.retire_goal(goal, by=world.actor(role), reason="Mine now")
    assert not PartnershipGoalRevision.objects.exists()


def test_revising_a_goal_keeps_each_changed_field_before_and_after_with_the_reason(world):
    goal = set_goal(world)
    before = last_sequence()
    goals.revise_goal(
        goal,
        by=world.actor("coordinator"),
        reason="The board raised the target",
        target=Decimal("85"),
        baseline=Decimal("55.00"),
        title="Contact people quickly",
    )
    goal.refresh_from_db()
    assert goal.target == Decimal("85")
    (revision,) = goal.revisions.all()
    assert revision.changes == {"target": {"before": "80.00", "after": "85.00"}}
    assert revision.reason == "The board raised the target"
    assert revision.by == world.user("coordinator")
    event = AuditEvent.objects.get(sequence__gt=before)
    assert event.detail == {"fields": ["target"], "revision": str(revision.pk)}


def test_every_revision_is_kept_in_order(world):
    goal = set_goal(world)
    for target in ("85", "90"):
        goals.revise_goal(
            goal, by=world.actor("coordinator"), reason=f"To {target}", target=Decimal(target)
        )
    afters = [r.changes["target"]["after"] for r in goal.revisions.order_by("at")]
    assert afters == ["85.00", "90.00"]


def test_a_revision_needs_a_reason_and_a_change_and_writes_nothing_otherwise(world):
    goal = set_goal(world)
    with pytest.raises(ValidationError) as refusal:
        goals.revise_goal(goal, by=world.actor("coordinator"), reason="", target=Decimal("90"))
    assert messages_of(refusal, "reason") == [goals.REASON_REQUIRED]
    with pytest.raises(ValidationError) as refusal:
        goals.revise_goal(goal, by=world.actor("coordinator"), reason="No change", target=80)
    assert messages_of(refusal, "__all__") == [goals.GOAL_UNCHANGED]
    with pytest.raises(ValidationError):
        goals.revise_goal(
            goal, by=world.actor("coordinator"), reason="Too far", target=Decimal("101")
        )
    goal.refresh_from_db()
    assert goal.target == Decimal("80")
    assert not goal.revisions.exists()


def test_switching_to_a_coded_measure_clears_the_description_of_another(world):
    goal = set_goal(world, measure=GoalMeasure.OTHER, measure_other="Referrer satisfaction")
    goals.revise_goal(
        goal, by=world.actor("coordinator"), reason="Use the report", measure=GoalMeasure.REFERRALS
    )
    (revision,) = goal.revisions.all()
    assert set(revision.changes) == {"measure", "measure_other"}
    assert goal.measure_other == ""


def test_a_retired_goal_is_kept_with_its_reason_and_can_no_longer_be_revised(world):
    goal = set_goal(world)
    with pytest.raises(ValidationError) as refusal:
        goals.retire_goal(goal, by=world.actor("coordinator"), reason="")
    assert messages_of(refusal, "reason") == [goals.RETIRE_REASON_REQUIRED]
    goals.retire_goal(goal, by=world.actor("coordinator"), reason="Funder no longer asks")
    goal.refresh_from_db()
    assert not goal.is_active
    (revision,) = goal.revisions.all()
    assert revision.changes == {"is_active": {"before": True, "after": False}}
    assert revision.reason == "Funder no longer asks"
    with pytest.raises(ValidationError) as refusal:
        goals.revise_goal(goal, by=world.actor("coordinator"), reason="Back", target=Decimal(9))
    assert messages_of(refusal, "__all__") == [goals.GOAL_RETIRED]
    with pytest.raises(ValidationError) as refusal:
        goals.retire_goal(goal, by=world.actor("coordinator"), reason="Again")
    assert messages_of(refusal, "__all__") == [goals.GOAL_ALREADY_RETIRED]
    assert PartnershipGoal.objects.filter(pk=goal.pk).exists()


def test_revisions_cannot_be_changed_or_removed(world):
    goal = set_goal(world)
    goals.revise_goal(goal, by=world.actor("coordinator"), reason="Up", target=Decimal("90"))
    revision = goal.revisions.get()
    revision.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        revision.save()
    with pytest.raises(AppendOnlyError):
        PartnershipGoalRevision.objects.all().delete()


def test_goals_and_their_revisions_are_visible_to_the_partnerships_members_only(world, other_world):
    goal = set_goal(world)
    goals.revise_goal(goal, by=world.actor("coordinator"), reason="Up", target=Decimal("90"))
    assert list(PartnershipGoal.objects.visible_to(world.actor("funder"))) == [goal]
    assert PartnershipGoalRevision.objects.visible_to(world.actor("funder")).count() == 1
    assert not PartnershipGoal.objects.visible_to(other_world.actor("coordinator")).exists()
    assert not PartnershipGoalRevision.objects.visible_to(other_world.actor("funder")).exists()
