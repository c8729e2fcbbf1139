"""What every referral service shares: deadlines, sides, events and the row lock."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.referrals.models import Referral, ReferralEvent
from hjp.referrals.status import Side


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_on: date


def _side(referral: Referral, by: Actor) -> Side:
    side = referral.side_of(by)
    if side is None:
        raise PermissionDenied(
            "Only the referring organisation or the receiving service can change a referral."
        )
    return side


def _append_event(
    referral: Referral, *, by: Actor, kind: str, first: bool = False, **fields
) -> ReferralEvent:
    """Append the referral's next event; `first` for a referral created in this transaction."""
    last = (
        0
        if first
        else referral.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    )
    return ReferralEvent.objects.create(
        referral=referral,
        sequence=last + 1,
        kind=kind,
        occurred_at=timezone.now(),
        actor_id=by.user_id,
        actor_organisation_id=by.organisation_id if by.has_membership else None,
        **fields,
    )


def _locked(referral: Referral) -> Referral:
    """Re-read the referral under a row lock so two people cannot move it at once."""
    return Referral.objects.select_for_update().get(pk=referral.pk)
