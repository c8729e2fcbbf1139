"""Recording results that are not money, and an explicit "none" for an issue."""

import datetime

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import CaseIssue
from hjp.outcomes import errors
from hjp.outcomes.codes import NonFinancialKind
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import (
    ClaimDecision,
    FinancialOutcome,
    IssueOutcomeNone,
    NonFinancialOutcome,
    OutcomeCategory,
)
from hjp.outcomes.services._common import not_in_future, row_fields

RECORDED_BY_CATEGORY = {
    OutcomeCategory.FINANCIAL: FinancialOutcome,
    OutcomeCategory.CLAIM: ClaimDecision,
    OutcomeCategory.NON_FINANCIAL: NonFinancialOutcome,
}


@audited_atomic
def record_non_financial_outcome(
    issue: CaseIssue,
    *,
    by: Actor,
    kind: str,
    achieved_on: datetime.date | None,
    obtained_by_us: bool = True,
    description: str = "",
) -> NonFinancialOutcome:
    """Record a result such as an eviction prevented, with the date it happened."""
    require_permission(by, Permission.WORK_ON_CASES)
    if kind not in NonFinancialKind.values:
        raise OutcomeError(errors.NON_FINANCIAL_KIND_REQUIRED, field="kind")
    description = description.strip() if kind == NonFinancialKind.OTHER else ""
    if kind == NonFinancialKind.OTHER and not description:
        raise OutcomeError(errors.DESCRIPTION_REQUIRED, field="description")
    if achieved_on is None:
        raise OutcomeError(errors.ACHIEVED_ON_REQUIRED, field="achieved_on")
    not_in_future(achieved_on, field="achieved_on")
    outcome = NonFinancialOutcome.objects.create(
        **row_fields(issue, by=by),
        advice_area=issue.advice_area,
        kind=kind,
        description=description,
        achieved_on=achieved_on,
        obtained_by_us=obtained_by_us,
    )
    IssueOutcomeNone.objects.filter(issue=issue, category=OutcomeCategory.NON_FINANCIAL).delete()
    audit.record(by, audit.Action.CREATE, outcome, person=issue.case.person, detail={"kind": kind})
    return outcome


@audited_atomic
def record_no_outcome(issue: CaseIssue, *, by: Actor, category: str) -> IssueOutcomeNone:
    """Record that an issue had no outcome of one category, so the case may close."""
    require_permission(by, Permission.WORK_ON_CASES)
    if RECORDED_BY_CATEGORY[OutcomeCategory(category)].objects.filter(issue=issue).exists():
        raise OutcomeError(errors.NONE_BUT_RECORDED, field=f"none_{issue.pk}")
    none, _ = IssueOutcomeNone.objects.get_or_create(
        issue=issue,
        category=category,
        defaults={"case": issue.case, "recorded_by_id": by.user_id},
    )
    audit.record(
        by, audit.Action.CREATE, none, person=issue.case.person, detail={"category": category}
    )
    return none
