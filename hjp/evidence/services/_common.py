"""What every evidence service shares: the row lock, the actor's side and the events."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.audit import services as audit
from hjp.evidence.models import EvidenceEvent, EvidenceRequest, inbox_tab_of
from hjp.evidence.status import CLOSED, Side, check_transition


def locked(request: EvidenceRequest) -> EvidenceRequest:
    """Re-read the request under a row lock so two people cannot move it at once."""
    return EvidenceRequest.objects.select_for_update().get(pk=request.pk)


def side_of(request: EvidenceRequest, by: Actor) -> Side:
    if by.user_id is None and by.job:
        return Side.SYSTEM
    side = request.side_of(by)
    if side is None:
        raise PermissionDenied("Only the two organisations of an evidence request can change it.")
    return side


def append_event(request: EvidenceRequest, *, by: Actor, kind: str, **fields) -> EvidenceEvent:
    last = request.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    return EvidenceEvent.objects.create(
        request=request,
        sequence=last + 1,
        kind=kind,
        occurred_at=timezone.now(),
        actor_id=by.user_id,
        actor_organisation_id=by.organisation_id if by.has_membership else None,
        **fields,
    )


def move(
    request: EvidenceRequest,
    *,
    by: Actor,
    target: str,
    event_kind: str,
    reason: str = "",
    note: str = "",
    stamp: str | None = None,
) -> EvidenceRequest:
    """Move a locked request along one edge of the status machine, with its event and audit."""
    current = request.status
    check_transition(current, target, side=side_of(request, by), reason=reason)
    request.status = target
    request.inbox_tab = inbox_tab_of(target)
    request.decline_reason = reason if target == request.Status.DECLINED else ""
    request.status_note = note
    changed = ["status", "inbox_tab", "decline_reason", "status_note", "updated_at"]
    now = timezone.now()
    if stamp and getattr(request, stamp) is None:
        setattr(request, stamp, now)
        changed.append(stamp)
    if target in CLOSED:
        request.closed_at = now
        changed.append("closed_at")
    request.save(update_fields=changed)
    append_event(
        request,
        by=by,
        kind=event_kind,
        from_status=current,
        to_status=target,
        reason=reason,
        note=note,
    )
    audit.record(
        by,
        audit.Action.UPDATE,
        request,
        person=request.person,
        detail={"status": target, **({"reason": reason} if reason else {})},
    )
    return request
