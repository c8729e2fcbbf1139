"""Contact attempts, the first-contact clock and what the referrer may be told."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import require_permission
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic
from hjp.referrals import tasks
from hjp.referrals.errors import ReferralRefused
from hjp.referrals.models import ContactAttempt, Referral, ReferralEvent
from hjp.referrals.services._common import _append_event, _locked, _side
from hjp.referrals.status import Side

CONTACT_ON_CLOSED = "Contact attempts cannot be recorded on a closed referral"
ATTEMPT_IN_FUTURE = "The time of the attempt must not be in the future"


@audited_atomic
def record_contact_attempt(
    referral: Referral,
    *,
    by: Actor,
    attempted_at: datetime,
    channel: str,
    outcome: str,
    note: str = "",
) -> ContactAttempt:
    """Log an attempt to reach the person; the first success stops the first-contact clock."""
    require_permission(by, Permission.ACT_ON_REFERRAL)
    referral = _locked(referral)
    if _side(referral, by) != Side.RECEIVER:
        raise PermissionDenied("Only the receiving service records contact attempts.")
    if referral.is_closed:
        raise ReferralRefused(CONTACT_ON_CLOSED)
    if attempted_at > timezone.now():
        raise ReferralRefused(ATTEMPT_IN_FUTURE)
    attempt = ContactAttempt.objects.create(
        referral=referral,
        attempted_at=attempted_at,
        channel=channel,
        outcome=outcome,
        note=note,
        recorded_by_id=by.user_id,
    )
    referral.contact_attempts += 1
    contacted = outcome == ContactAttempt.Outcome.CONTACTED and referral.first_contact_at is None
    if contacted:
        referral.first_contact_at = attempted_at
    referral.save(update_fields=["contact_attempts", "first_contact_at", "updated_at"])
    event = _append_event(
        referral,
        by=by,
        kind=ReferralEvent.Kind.FIRST_CONTACT if contacted else ReferralEvent.Kind.CONTACT_ATTEMPT,
        summary="The service has spoken to the person." if contacted else "",
    )
    audit.record(by, audit.Action.CREATE, attempt, person=referral.person)
    if contacted:
        tasks.notify_referrer.enqueue(event_id=str(event.pk))
    return attempt


def failed_attempts(referral: Referral) -> int:
    return referral.attempts.exclude(outcome=ContactAttempt.Outcome.CONTACTED).count()


def should_offer_unable_to_contact(referral: Referral) -> bool:
    """True once the partnership's number of failed attempts is reached with no contact."""
    return (
        not referral.is_closed
        and referral.first_contact_at is None
        and failed_attempts(referral) >= referral.partnership.contact_attempts_before_closing
    )
