"""Closing a case with its outcome, which closes the referral it came from, and reopening it.

This module calls the referrals app (which itself opens cases through `lifecycle`), so nothing
in `lifecycle`, `_common` or the package imports it.
"""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.errors import CaseworkError
from hjp.cases.models import Case, CaseEvent, CaseTask
from hjp.cases.services._common import append_event, locked_case, locked_open_case
from hjp.outcomes.errors import OutcomeError
from hjp.outcomes.models import OutcomeCategory
from hjp.outcomes.queries import missing_categories, referrer_sentences
from hjp.outcomes.services.other import record_no_outcome
from hjp.referrals import services as referrals
from hjp.referrals.models import Referral
from hjp.referrals.status import Reason
from hjp.referrals.status import Status as ReferralStatus

CLOSE_REASON_MISSING = "Select why the case is closing"
OUTCOME_NOTE_MISSING = "Enter the outcome of each issue"
OUTCOMES_MISSING = (
    "Record the {categories} of {issue}, or confirm there were none, before closing the case"
)
OPEN_DEADLINE = (
    "A case cannot be closed with an open deadline: mark each deadline met, missed or not "
    "pursued first"
)
OPEN_TASK = "Mark each open task done or not pursued before closing the case"
REOPEN_REASON_MISSING = "Enter why the case is being reopened"
NOT_CLOSED = "This case is open"
CLOSE_REASONS = [r for r in Case.CloseReason if r != Case.CloseReason.REFERRAL_CLOSED]
# A closed case whose referral did not end in help closes the referral as not completed.
REFERRAL_FAILS = {
    Case.CloseReason.UNABLE_TO_CONTACT: Reason.UNABLE_TO_CONTACT,
    Case.CloseReason.CLIENT_WITHDREW: Reason.DECLINED,
}
DEFAULT_SUMMARY = "The advice service has finished its work on this referral."
REOPEN_FLAG_MONTHS = 6


def _check_closable(case: Case, *, reason: str, outcome_notes: dict) -> None:
    if reason not in CLOSE_REASONS:
        raise CaseworkError(CLOSE_REASON_MISSING, field="reason")
    open_tasks = CaseTask.objects.filter(case=case, status=CaseTask.Status.OPEN)
    if open_tasks.filter(kind=CaseTask.Kind.DEADLINE).exists():
        raise CaseworkError(OPEN_DEADLINE)
    if open_tasks.exists():
        raise CaseworkError(OPEN_TASK)
    for issue in case.issues.all():
        if not (outcome_notes.get(issue.pk) or outcome_notes.get(str(issue.pk)) or "").strip():
            raise CaseworkError(OUTCOME_NOTE_MISSING, field=f"outcome_{issue.pk}")


def _close_referral(referral: Referral | None, *, by: Actor, reason: str, summary: str) -> None:
    """Move the case's referral to its end through the referral's own services."""
    if referral is None or referral.is_closed:
        return
    if referral.status == ReferralStatus.ON_HOLD:
        referral = referrals.resume_referral(referral, by=by, note="Case closed")
    if reason in REFERRAL_FAILS:
        referrals.fail_referral(referral, by=by, reason=REFERRAL_FAILS[reason], note="Case closed")
    else:
        referrals.complete_referral(referral, by=by, outcome_summary=summary or DEFAULT_SUMMARY)


def _record_outcomes_or_none(case: Case, *, by: Actor, no_outcomes: dict) -> None:
    """Record each "none" the adviser confirmed, then refuse if any issue still lacks outcomes."""
    issues = {str(issue.pk): issue for issue in case.issues.all()}
    try:
        for issue_pk, categories in no_outcomes.items():
            for category in categories:
                record_no_outcome(issues[str(issue_pk)], by=by, category=category)
    except OutcomeError as error:
        raise CaseworkError(error.message, field=error.field) from error
    for issue_pk, categories in missing_categories(case).items():
        labels = " and ".join(OutcomeCategory(c).label.lower() for c in categories)
        message = OUTCOMES_MISSING.format(categories=labels, issue=issues[str(issue_pk)])
        raise CaseworkError(message, field=f"none_{issue_pk}")


@audited_atomic
def close_case_with_outcome(
    case: Case,
    *,
    by: Actor,
    reason: str,
    outcome_notes: dict,
    summary_for_referrer: str = "",
    no_outcomes: dict | None = None,
    tell_referrer_outcomes: bool = False,
) -> Case:
    """Close a case: every deadline and task settled, the outcomes of each issue, a reason.

    Each issue needs its financial outcomes, claim decisions and other outcomes recorded, or
    an explicit none (`no_outcomes`: issue id -> categories). The referral it came from is
    completed (or closed as not completed when the client could not be reached or withdrew);
    `summary_for_referrer`, with the coded outcomes when `tell_referrer_outcomes`, is what the
    referrer may read of it, under feedback consent.
    """
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_open_case(case)
    _check_closable(case, reason=reason, outcome_notes=outcome_notes)
    _record_outcomes_or_none(case, by=by, no_outcomes=no_outcomes or {})
    if tell_referrer_outcomes:
        summary_for_referrer = " ".join([summary_for_referrer.strip(), *referrer_sentences(case)])
    for issue in case.issues.all():
        note = outcome_notes.get(issue.pk) or outcome_notes.get(str(issue.pk))
        issue.outcome_note = note.strip()
        issue.save(update_fields=["outcome_note", "updated_at"])
    case.status, case.closed_at, case.close_reason = Case.Status.CLOSED, timezone.now(), reason
    case.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    append_event(case, by=by, kind=CaseEvent.Kind.CLOSED, to_value=reason)
    audit.record(by, audit.Action.UPDATE, case, detail={"status": "closed", "reason": reason})
    _close_referral(case.referral, by=by, reason=reason, summary=summary_for_referrer.strip())
    return case


@audited_atomic
def reopen_case(case: Case, *, by: Actor, reason: str) -> Case:
    """Reopen a closed case, with the reason; one reopened within 6 months of closing is flagged."""
    require_permission(by, Permission.WORK_ON_CASES)
    case = locked_case(case)
    if case.status != Case.Status.CLOSED:
        raise CaseworkError(NOT_CLOSED)
    if not reason.strip():
        raise CaseworkError(REOPEN_REASON_MISSING, field="reason")
    now = timezone.now()
    soon = case.closed_at is not None and now < case.closed_at + relativedelta(
        months=REOPEN_FLAG_MONTHS
    )
    case.status, case.closed_at, case.close_reason = Case.Status.OPEN, None, ""
    case.reopened_count += 1
    case.reopened_within_six_months = case.reopened_within_six_months or soon
    case.last_activity_at = now
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "close_reason",
            "reopened_count",
            "reopened_within_six_months",
            "last_activity_at",
            "updated_at",
        ]
    )
    append_event(case, by=by, kind=CaseEvent.Kind.REOPENED, note=reason.strip())
    audit.record(
        by, audit.Action.UPDATE, case, detail={"status": "open", "reopened": case.reopened_count}
    )
    return case
