"""Read-only questions other apps ask about evidence requests."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from hjp.evidence.models import EvidenceRequest


def provided_evidence_requests():
    """Requests a clinician has answered (a later clarification does not undo the answer)."""
    return EvidenceRequest.objects.filter(provided_at__isnull=False)


def evidence_provided_by(issue_id, on: datetime.date) -> bool:
    """Whether medical evidence for the issue was provided through the platform on or before
    the date."""
    return (
        provided_evidence_requests().filter(issue_id=issue_id, provided_at__date__lte=on).exists()
    )


def with_platform_evidence(decisions: QuerySet) -> QuerySet:
    """Claim decisions annotated `platform_evidence`: evidence for their issue was provided
    through the platform on or before the decision."""
    provided = provided_evidence_requests().filter(
        issue_id=OuterRef("issue_id"), provided_at__date__lte=OuterRef("decided_on")
    )
    return decisions.annotate(platform_evidence=Exists(provided))
