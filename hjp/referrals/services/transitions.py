"""Moving a referral through the status machine, one function per edge."""

import datetime

from django.conf import settings
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.models import Membership
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.cases import services as cases
from hjp.cases.models import Case
from hjp.consent.models import Purpose
from hjp.people.models import PersonShare
from hjp.people.services import end_share
from hjp.referrals import tasks
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.services._common import _append_event, _locked, _side
from hjp.referrals.status import CLOSED, Reason, Status, check_transition

ADVISER_NOT_IN_SERVICE = "Choose an adviser who works for the receiving service"


def _transition(
    referral: Referral,
    *,
    by: Actor,
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
    if target in CLOSED:
        # A closed referral closes its case, whichever way it closed.
        cases.close_cases_of_referral(referral, by=by, note=f"Referral {target}")
    if target in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        _end_shares(referral, by=by, why=target)
    audit.record(by, audit.Action.UPDATE, referral, detail={"status": target, "reason": reason})
    tasks.notify_referrer.enqueue(event_id=str(event.pk))
    return referral, event


def _end_shares(referral: Referral, *, by: Actor, why: str) -> None:
    for share in PersonShare.objects.filter(source_id=str(referral.pk), ended_at__isnull=True):
        end_share(share, reason=f"referral {why}", by=by)
    case = Case.objects.filter(referral=referral).first()
    if case is not None:
        for share in PersonShare.objects.filter(source_id=str(case.pk), ended_at__isnull=True):
            end_share(share, reason=f"referral {why}", by=by)


@audited_atomic
def accept_referral(referral: Referral, *, by: Actor, adviser=None, note: str = "") -> Referral:
    """Accept a referral, allocate it and open a case for the receiving organisation."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    adviser = adviser or by.user
    if adviser is None or not Membership.objects.holds_role_at(
        user=adviser, organisation_id=referral.to_organisation_id
    ):
        raise ReferralRefused(ADVISER_NOT_IN_SERVICE)
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
    cases.open_case(
        referral.person,
        by=by,
        adviser=adviser,
        advice_areas=referral.advice_areas,
        referral=referral,
        consent_purpose=Purpose.REFERRAL,
    )
    return referral


@audited_atomic
def reject_referral(referral: Referral, *, by: Actor, reason: str, note: str = "") -> Referral:
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
def cancel_referral(referral: Referral, *, by: Actor, reason: str, note: str = "") -> Referral:
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
def start_referral(referral: Referral, *, by: Actor, note: str = "") -> Referral:
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
def hold_referral(referral: Referral, *, by: Actor, reason: str, note: str = "") -> Referral:
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
def resume_referral(referral: Referral, *, by: Actor, note: str = "") -> Referral:
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
def complete_referral(
    referral: Referral, *, by: Actor, outcome_summary: str, note: str = ""
) -> Referral:
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
def fail_referral(referral: Referral, *, by: Actor, reason: str, note: str = "") -> Referral:
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
def mark_entered_in_error(referral: Referral, *, by: Actor, note: str = "") -> Referral:
    require_permission(by, Permission.ACT_ON_REFERRAL)
    return _transition(
        referral,
        by=by,
        target=Status.ENTERED_IN_ERROR,
        event_kind=ReferralEvent.Kind.ENTERED_IN_ERROR,
        note=note,
    )[0]


AMEND_CLOSED = (
    "The referral can no longer be corrected here: the service has been told of it. "
    "Cancel it from this page and refer again if it was wrong."
)
CORRECTED_NOTE = "Withdrawn by the referrer straight after sending, to correct it."


def amend_window_open(referral: Referral) -> bool:
    """Whether the referrer may still correct the referral before the service is told of it
    (HJP_REFERRAL_AMEND_SECONDS after sending, while nobody has acted on it; ADR 019)."""
    window = datetime.timedelta(seconds=settings.HJP_REFERRAL_AMEND_SECONDS)
    return referral.status == Status.REQUESTED and timezone.now() < referral.sent_at + window


@audited_atomic
def withdraw_to_correct(referral: Referral, *, by: Actor) -> Referral:
    """The referrer withdraws a referral they have just sent, to send it again corrected: it is
    marked entered in error, and the service is never emailed about it."""
    if referral.referred_by_id != by.user_id or not amend_window_open(referral):
        raise ReferralRefused(AMEND_CLOSED)
    return mark_entered_in_error(referral, by=by, note=CORRECTED_NOTE)


def move_referral(
    referral: Referral,
    *,
    by: Actor,
    to: str,
    reason: str = "",
    outcome_summary: str = "",
    note: str = "",
) -> Referral:
    """Make the status page's chosen move with the one service function for that edge."""
    if to == Status.IN_PROGRESS:
        move = resume_referral if referral.status == Status.ON_HOLD else start_referral
        return move(referral, by=by, note=note)
    if to == Status.COMPLETED:
        return complete_referral(
            referral, by=by, outcome_summary=outcome_summary.strip(), note=note
        )
    if to == Status.ENTERED_IN_ERROR:
        return mark_entered_in_error(referral, by=by, note=note)
    reasoned = {
        Status.ON_HOLD: hold_referral,
        Status.FAILED: fail_referral,
        Status.CANCELLED: cancel_referral,
    }
    return reasoned[to](referral, by=by, reason=reason, note=note)
