"""Recording a decision on a client's benefit claim."""

import datetime

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import CaseIssue
from hjp.evidence.queries import evidence_provided_by
from hjp.outcomes import errors
from hjp.outcomes.codes import Benefit
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import (
    ClaimDecision,
    ClaimResult,
    ClaimStage,
    IssueOutcomeNone,
    OutcomeCategory,
)
from hjp.outcomes.services._common import not_in_future, row_fields


@audited_atomic
def record_claim_decision(
    issue: CaseIssue,
    *,
    by: Actor,
    benefit: str,
    stage: str,
    decided_on: datetime.date | None,
    result: str,
    medical_evidence: bool | None,
    points: int | None = None,
) -> ClaimDecision:
    """Record a decision at one stage of a claim, and whether medical evidence was obtained."""
    require_permission(by, Permission.WORK_ON_CASES)
    if benefit not in Benefit.values:
        raise OutcomeError(errors.BENEFIT_REQUIRED, field="benefit")
    if stage not in ClaimStage.values:
        raise OutcomeError(errors.STAGE_REQUIRED, field="stage")
    if decided_on is None:
        raise OutcomeError(errors.DECIDED_ON_REQUIRED, field="decided_on")
    not_in_future(decided_on, field="decided_on")
    if result not in ClaimResult.values:
        raise OutcomeError(errors.RESULT_REQUIRED, field="result")
    if points is not None and not 0 <= points <= 100:
        raise OutcomeError(errors.POINTS_RANGE, field="points")
    if medical_evidence is None:
        raise OutcomeError(errors.EVIDENCE_REQUIRED, field="medical_evidence")
    via_platform = evidence_provided_by(issue.pk, decided_on)
    decision = ClaimDecision.objects.create(
        **row_fields(issue, by=by),
        evidence_via_platform=via_platform,
        benefit=benefit,
        stage=stage,
        decided_on=decided_on,
        result=result,
        points=points,
        medical_evidence=medical_evidence or via_platform,
    )
    IssueOutcomeNone.objects.filter(issue=issue, category=OutcomeCategory.CLAIM).delete()
    audit.record(
        by, audit.Action.CREATE, decision, person=issue.case.person, detail={"stage": stage}
    )
    return decision


def mark_platform_evidence(issue: CaseIssue, *, by: Actor, provided_on: datetime.date) -> int:
    """Mark the issue's decisions made on or after `provided_on` as decided with medical
    evidence obtained through the platform; how many were marked.

    Called by the evidence services in the transaction of the answer, which checks who may
    give it; a clinician cannot otherwise change an adviser's outcomes.
    """
    marked = 0
    for decision in ClaimDecision.objects.filter(
        issue=issue, decided_on__gte=provided_on, evidence_via_platform=False
    ):
        decision.evidence_via_platform = decision.medical_evidence = True
        decision.save(update_fields=["evidence_via_platform", "medical_evidence", "updated_at"])
        audit.record(
            by,
            audit.Action.UPDATE,
            decision,
            person=issue.case.person,
            detail={"evidence_via_platform": True},
        )
        marked += 1
    return marked
