"""Stating a partnership's goals, revising them with a reason, and retiring them; every change
is kept as a revision, and no goal is ever deleted."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.partnerships.models import (
    GoalMeasure,
    GoalUnit,
    Partnership,
    PartnershipGoal,
    PartnershipGoalRevision,
)
from hjp.partnerships.services._common import refuse

OTHER_MEASURE_REQUIRED = "Describe the measure, as you chose another measure"
NOT_NEGATIVE = "{label} cannot be less than 0"
PERCENT_OVER_100 = "{label} cannot be more than 100 per cent"
REASON_REQUIRED = "Enter why the goal is changing"
RETIRE_REASON_REQUIRED = "Enter why the goal is being retired"
GOAL_RETIRED = "This goal has been retired, so it can no longer be revised"
GOAL_ALREADY_RETIRED = "This goal has already been retired"
GOAL_UNCHANGED = "The goal is unchanged: change at least one detail, or go back"

GOAL_FIELDS = ["title", "measure", "measure_other", "baseline", "target", "unit"]
# Units in which a goal's figures count something, so cannot fall below nothing.
_NOT_NEGATIVE_UNITS = {GoalUnit.COUNT, GoalUnit.PERCENT, GoalUnit.POUNDS, GoalUnit.WORKING_DAYS}


def _normalised(details: dict) -> dict:
    details = dict(details)
    for name in ("title", "measure_other"):
        if name in details:
            details[name] = (details[name] or "").strip()
    if details.get("measure") not in (None, GoalMeasure.OTHER):
        details["measure_other"] = ""
    return details


def _figure_problems(goal: PartnershipGoal) -> dict[str, str]:
    problems = {}
    for name, label in (("baseline", "The baseline"), ("target", "The target")):
        value = getattr(goal, name)
        if value is None:
            continue
        if goal.unit in _NOT_NEGATIVE_UNITS and value < 0:
            problems[name] = NOT_NEGATIVE.format(label=label)
        elif goal.unit == GoalUnit.PERCENT and value > 100:
            problems[name] = PERCENT_OVER_100.format(label=label)
    return problems


def _validate(goal: PartnershipGoal) -> None:
    problems = _figure_problems(goal)
    if goal.measure == GoalMeasure.OTHER and not goal.measure_other:
        problems["measure_other"] = OTHER_MEASURE_REQUIRED
    if problems:
        refuse(**problems)
    goal.full_clean()


@audited_atomic
def set_goal(
    partnership: Partnership,
    *,
    by: Actor,
    title: str,
    measure: str,
    target: Decimal,
    unit: str,
    stated_on: datetime.date,
    baseline: Decimal | None = None,
    measure_other: str = "",
) -> PartnershipGoal:
    """State a goal of the partnership: a measure, where it starts and where it should get to."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, partnership)
    details = _normalised(
        {
            "title": title,
            "measure": measure,
            "measure_other": measure_other,
            "baseline": baseline,
            "target": target,
            "unit": unit,
        }
    )
    goal = PartnershipGoal(
        partnership=partnership, stated_on=stated_on, created_by_id=by.user_id, **details
    )
    _validate(goal)
    goal.save()
    given = [name for name in GOAL_FIELDS if getattr(goal, name) not in ("", None)]
    audit.record(by, audit.Action.CREATE, goal, detail={"fields": [*given, "stated_on"]})
    return goal


def _as_json(value):
    """Decimals as strings to two places, as the goal stores them, whatever was typed."""
    return str(value.quantize(Decimal("0.01"))) if isinstance(value, Decimal) else value


def _revise(goal: PartnershipGoal, *, by: Actor, reason: str, changes: dict):
    """Write the revision row and the goal's new values together."""
    revision = PartnershipGoalRevision.objects.create(
        goal=goal,
        changes={
            name: {"before": _as_json(getattr(goal, name)), "after": _as_json(value)}
            for name, value in changes.items()
        },
        reason=reason,
        by_id=by.user_id,
        at=timezone.now(),
    )
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.save(update_fields=[*changes, "updated_at"])
    detail = {"fields": list(changes), "revision": str(revision.pk)}
    audit.record(by, audit.Action.UPDATE, goal, detail=detail)
    return revision


@audited_atomic
def revise_goal(goal: PartnershipGoal, *, by: Actor, reason: str, **changes) -> PartnershipGoal:
    """Change a goal, keeping what it was, what it became and why as a revision."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, goal.partnership)
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {sorted(unknown)}")
    if not goal.is_active:
        refuse(all=GOAL_RETIRED)
    reason = (reason or "").strip()
    if not reason:
        refuse(reason=REASON_REQUIRED)
    changes = _normalised(changes)
    changed = {
        name: changes[name]
        for name in GOAL_FIELDS
        if name in changes and getattr(goal, name) != changes[name]
    }
    if not changed:
        refuse(all=GOAL_UNCHANGED)
    proposed = PartnershipGoal(
        **{name: getattr(goal, name) for name in GOAL_FIELDS},
        partnership=goal.partnership,
        stated_on=goal.stated_on,
    )
    for name, value in changed.items():
        setattr(proposed, name, value)
    _validate(proposed)
    _revise(goal, by=by, reason=reason, changes=changed)
    return goal


@audited_atomic
def retire_goal(goal: PartnershipGoal, *, by: Actor, reason: str) -> PartnershipGoal:
    """Stop pursuing a goal; it stays, with its history, and the retirement is a revision."""
    require_permission(by, Permission.MANAGE_PARTNERSHIP, goal.partnership)
    if not goal.is_active:
        refuse(all=GOAL_ALREADY_RETIRED)
    reason = (reason or "").strip()
    if not reason:
        refuse(reason=RETIRE_REASON_REQUIRED)
    _revise(goal, by=by, reason=reason, changes={"is_active": False})
    return goal
