"""Recording the wellbeing questionnaires, only while the client consents to evaluation."""

import datetime

from dateutil.relativedelta import relativedelta

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case
from hjp.consent.models import Purpose
from hjp.consent.services import consent_in_force
from hjp.outcomes import errors
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import WellbeingMeasure
from hjp.outcomes.models.wellbeing import Timepoint
from hjp.outcomes.services._common import not_in_future, partnership_of
from hjp.outcomes.wellbeing import swemwbs_metric

ONS4_ITEMS = ("life_satisfaction", "worthwhile", "happy_yesterday", "anxious_yesterday")
DEFAULT_FOLLOW_UP_MONTHS = 3


def _check_items(swemwbs_items: list[int | None], ons4: dict[str, int | None]) -> None:
    for number, item in enumerate(swemwbs_items, start=1):
        if item is not None and not 1 <= item <= 5:
            raise OutcomeError(errors.ITEM_RANGE.format(low=1, high=5), field=f"swemwbs_{number}")
    for name in ONS4_ITEMS:
        value = ons4.get(name)
        if value is not None and not 0 <= value <= 10:
            raise OutcomeError(errors.ITEM_RANGE.format(low=0, high=10), field=name)
    if all(i is None for i in swemwbs_items) and all(ons4.get(n) is None for n in ONS4_ITEMS):
        raise OutcomeError(errors.NO_ANSWERS)


def _check_timepoint(case: Case, timepoint: str, taken_on: datetime.date) -> None:
    existing = {m.timepoint: m for m in WellbeingMeasure.objects.filter(case=case)}
    if timepoint == Timepoint.BASELINE and Timepoint.BASELINE in existing:
        raise OutcomeError(errors.BASELINE_EXISTS)
    if timepoint == Timepoint.FOLLOW_UP:
        baseline = existing.get(Timepoint.BASELINE)
        if Timepoint.FOLLOW_UP in existing:
            raise OutcomeError(errors.FOLLOW_UP_EXISTS)
        if baseline is None:
            raise OutcomeError(errors.BASELINE_NEEDED)
        if taken_on <= baseline.taken_on:
            raise OutcomeError(errors.FOLLOW_UP_BEFORE_BASELINE, field="taken_on")


@audited_atomic
def record_wellbeing(
    case: Case,
    *,
    by: Actor,
    timepoint: str,
    taken_on: datetime.date,
    swemwbs_items: list[int | None],
    ons4: dict[str, int | None],
) -> WellbeingMeasure:
    """Record one sitting of SWEMWBS and ONS4; a baseline sets when the follow-up is due."""
    require_permission(by, Permission.WORK_ON_CASES)
    if consent_in_force(case.person, Purpose.EVALUATION, case.organisation) is None:
        raise OutcomeError(errors.EVALUATION_CONSENT_NEEDED)
    if timepoint not in Timepoint.values:
        raise ValueError(f"Unknown timepoint {timepoint!r}")
    not_in_future(taken_on, field="taken_on")
    items = list(swemwbs_items) + [None] * (7 - len(swemwbs_items))
    _check_items(items, ons4)
    Case.objects.select_for_update().get(pk=case.pk)
    _check_timepoint(case, timepoint, taken_on)
    partnership = partnership_of(case)
    follow_up_due_on = None
    if timepoint == Timepoint.BASELINE:
        months = partnership.wellbeing_follow_up_months if partnership else DEFAULT_FOLLOW_UP_MONTHS
        follow_up_due_on = taken_on + relativedelta(months=months)
    measure = WellbeingMeasure.objects.create(
        case=case,
        person_id=case.person_id,
        partnership=partnership,
        timepoint=timepoint,
        taken_on=taken_on,
        swemwbs_items=items,
        swemwbs_metric=swemwbs_metric(items),
        follow_up_due_on=follow_up_due_on,
        recorded_by_id=by.user_id,
        **{name: ons4.get(name) for name in ONS4_ITEMS},
    )
    audit.record(
        by, audit.Action.CREATE, measure, person=case.person, detail={"timepoint": timepoint}
    )
    return measure
