"""What every casework service shares: locking an open case, its event log and last activity."""

from datetime import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.cases.errors import CASE_CLOSED, CaseworkError
from hjp.cases.models import Case, CaseEvent, CaseIssue


def locked_case(case: Case) -> Case:
    """The case re-read under a row lock, so two changes to one case happen one after the other."""
    return Case.objects.select_for_update().get(pk=case.pk)


def locked_open_case(case: Case) -> Case:
    """The case, locked, or a refusal when it is closed: closed cases are read-only."""
    case = locked_case(case)
    if case.status != Case.Status.OPEN:
        raise CaseworkError(CASE_CLOSED)
    return case


def append_event(
    case: Case,
    *,
    by: Actor,
    kind: str,
    issue: CaseIssue | None = None,
    from_value: str = "",
    to_value: str = "",
    note: str = "",
) -> CaseEvent:
    """Add one line to the case's history, with who did it, for which organisation."""
    return CaseEvent.objects.create(
        case=case,
        issue=issue,
        kind=kind,
        occurred_at=timezone.now(),
        actor_id=by.user_id,
        actor_organisation_id=by.organisation_id if by.has_membership else None,
        from_value=from_value,
        to_value=to_value,
        note=note,
    )


def record_activity(case: Case, *, at: datetime | None = None) -> None:
    """Move the case's last activity forward (never back), for the caseload's inactivity flag."""
    at = at or timezone.now()
    if case.last_activity_at is None or at > case.last_activity_at:
        case.last_activity_at = at
        case.save(update_fields=["last_activity_at", "updated_at"])
