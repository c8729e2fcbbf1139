"""Moving a referral through the status machine, one function per edge."""

from django.utils import timezone

from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases.models import Case
from hjp.consent.models import Purpose
from hjp.people.models import PersonShare
from hjp.people.services import end_share, share_person
from hjp.referrals import tasks
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.services._common import _append_event, _locked, _side
from hjp.referrals.status import CLOSED, Reason, Status, TransitionRefused, check_transition

ADVISER_NOT_IN_SERVICE = "Choose an adviser who works for the receiving service"


def _transition(
    referral: Referral,
    *,
    by,
    target: str,
    event_kind: str,
    reason: str = "",
    note: str = "",
    summary: str = "",
) -> tuple[Referral, ReferralEvent]:
    referral = _locked(referral)
    current = referral.status
    check_transition(current, target, side=_side(referral, by), reason=reason)
    referral.status, referral.status_reason, referral.status_note = target, reason, note
    if target in CLOSED:
        referral.closed_at = timezone.now()
        # A closed referral closes its case, whichever way it closed.
        Case.objects.filter(referral=referral, status=Case.Status.OPEN).update(
            status=Case.Status.CLOSED, closed_at=referral.closed_at
        )
    referral.save(
        update_fields=["status", "status_reason", "status_note", "closed_at", "updated_at"]
    )
    event = _append_event(
        referral,
        by=by,
        kind=event_kind,
        from_status=current,
        to_status=target,
        reason=reason,
        note=note,
        summary=summary,
    )
    if target in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        _end_shares(referral, by=by, why=target)
    audit.record(by, audit.Action.UPDATE, referral, detail={"status": target, "reason": reason})
    tasks.notify_referrer.enqueue(event_id=str(event.pk))
    return referral, event


def _end_shares(referral: Referral, *, by, why: str) -> None:
    for share in PersonShare.objects.filter(source_id=str(referral.pk), ended_at__isnull=True):
        end_share(share, reason=f"referral {why}", by=by)
    case = Case.objects.filter(referral=referral).first()
    if case is not None:
        for share in PersonShare.objects.filter(source_id=str(case.pk), ended_at__isnull=True):
            end_share(share, reason=f"referral {why}", by=by)


@audited_atomic
def accept_referral(referral: Referral, *, by, adviser=None, note: str = "") -> Referral:
    """Accept a referral, allocate it and open a case for the receiving organisation."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    adviser = adviser or by
    from hjp.accounts.models import Membership

    if (
        not Membership.objects.active()
        .filter(user=adviser, organisation_id=referral.to_organisation_id)
        .exists()
    ):
        raise TransitionRefused(ADVISER_NOT_IN_SERVICE)
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.ACCEPTED,
        event_kind=ReferralEvent.Kind.ACCEPTED,
        note=note,
        summary="The service has accepted the referral.",
    )
    referral.assigned_to, referral.accepted_at = adviser, timezone.now()
    referral.save(update_fields=["assigned_to", "accepted_at", "updated_at"])
    case = Case.objects.create(
        person=referral.person,
        organisation=referral.to_organisation,
        referral=referral,
        adviser=adviser,
        advice_areas=referral.advice_areas,
        opened_at=timezone.now(),
    )
    share_person(
        referral.person,
        organisation=referral.to_organisation,
        reason=PersonShare.Reason.CASE,
        by=by,
        source=case,
        consent_purpose=Purpose.REFERRAL,
    )
    audit.record(by, audit.Action.CREATE, case)
    return referral


@audited_atomic
def reject_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    label = Reason(reason).label if reason else ""
    return _transition(
        referral,
        by=by,
        target=Status.REJECTED,
        event_kind=ReferralEvent.Kind.REJECTED,
        reason=reason,
        note=note,
        summary=f"The service could not accept the referral: {label}.",
    )[0]


@audited_atomic
def cancel_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.CANCELLED,
        event_kind=ReferralEvent.Kind.CANCELLED,
        reason=reason,
        note=note,
        summary="The referral was cancelled.",
    )[0]


@audited_atomic
def start_referral(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.IN_PROGRESS,
        event_kind=ReferralEvent.Kind.STARTED,
        note=note,
        summary="The adviser has started work.",
    )[0]


@audited_atomic
def hold_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.ON_HOLD,
        event_kind=ReferralEvent.Kind.ON_HOLD,
        reason=reason,
        note=note,
        summary="Work is paused for now.",
    )[0]


@audited_atomic
def resume_referral(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.IN_PROGRESS,
        event_kind=ReferralEvent.Kind.RESUMED,
        note=note,
        summary="Work has started again.",
    )[0]


@audited_atomic
def complete_referral(referral: Referral, *, by, outcome_summary: str, note: str = "") -> Referral:
    """Close with an outcome; `outcome_summary` is what the referrer may see with consent."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.COMPLETED,
        event_kind=ReferralEvent.Kind.COMPLETED,
        note=note,
        summary=outcome_summary,
    )
    referral.outcome_summary = outcome_summary
    referral.save(update_fields=["outcome_summary", "updated_at"])
    return referral


@audited_atomic
def fail_referral(referral: Referral, *, by, reason: str, note: str = "") -> Referral:
    """Close without completing (unable to contact, declined ...)."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    label = Reason(reason).label if reason else ""
    referral, _ = _transition(
        referral,
        by=by,
        target=Status.FAILED,
        event_kind=ReferralEvent.Kind.FAILED,
        reason=reason,
        note=note,
        summary=f"The referral was closed: {label}.",
    )
    return referral


@audited_atomic
def mark_entered_in_error(referral: Referral, *, by, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.ENTERED_IN_ERROR,
        event_kind=ReferralEvent.Kind.ENTERED_IN_ERROR,
        note=note,
    )[0]
