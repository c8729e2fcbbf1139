"""The referral status machine (the FHIR Task referral workflow) and who may move each edge."""

from enum import StrEnum

from django.db import models

from hjp.referrals.errors import ReferralError


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REQUESTED = "requested", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"
    IN_PROGRESS = "in-progress", "In progress"
    ON_HOLD = "on-hold", "On hold"
    FAILED = "failed", "Closed, not completed"
    COMPLETED = "completed", "Completed"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


class Reason(models.TextChoices):
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    DECLINED = "declined", "Declined by the person"
    NO_CAPACITY = "no_capacity", "No capacity"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    DUPLICATE = "duplicate", "Duplicate referral"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    OTHER = "other", "Other"


class Side(StrEnum):
    """Which end of the referral may move an edge."""

    REQUESTER = "requester"
    RECEIVER = "receiver"


REASON_REQUIRED = frozenset({Status.REJECTED, Status.CANCELLED, Status.ON_HOLD, Status.FAILED})
CLOSED = frozenset(
    {Status.REJECTED, Status.CANCELLED, Status.FAILED, Status.COMPLETED, Status.ENTERED_IN_ERROR}
)
OPEN = frozenset(set(Status) - CLOSED)

# (from, to) -> sides allowed to make that move. Entered-in-error is added for every status below.
TRANSITIONS: dict[tuple[str, str], frozenset[Side]] = {
    (Status.DRAFT, Status.REQUESTED): frozenset({Side.REQUESTER}),
    (Status.DRAFT, Status.CANCELLED): frozenset({Side.REQUESTER}),
    (Status.REQUESTED, Status.ACCEPTED): frozenset({Side.RECEIVER}),
    (Status.REQUESTED, Status.REJECTED): frozenset({Side.RECEIVER}),
    (Status.REQUESTED, Status.CANCELLED): frozenset({Side.REQUESTER, Side.RECEIVER}),
    (Status.ACCEPTED, Status.IN_PROGRESS): frozenset({Side.RECEIVER}),
    (Status.ACCEPTED, Status.ON_HOLD): frozenset({Side.RECEIVER}),
    (Status.ACCEPTED, Status.COMPLETED): frozenset({Side.RECEIVER}),
    (Status.ACCEPTED, Status.FAILED): frozenset({Side.RECEIVER}),
    (Status.ACCEPTED, Status.CANCELLED): frozenset({Side.REQUESTER, Side.RECEIVER}),
    (Status.IN_PROGRESS, Status.ON_HOLD): frozenset({Side.RECEIVER}),
    (Status.IN_PROGRESS, Status.COMPLETED): frozenset({Side.RECEIVER}),
    (Status.IN_PROGRESS, Status.FAILED): frozenset({Side.RECEIVER}),
    (Status.IN_PROGRESS, Status.CANCELLED): frozenset({Side.REQUESTER, Side.RECEIVER}),
    (Status.ON_HOLD, Status.IN_PROGRESS): frozenset({Side.RECEIVER}),
    (Status.ON_HOLD, Status.CANCELLED): frozenset({Side.REQUESTER, Side.RECEIVER}),
    (Status.ON_HOLD, Status.FAILED): frozenset({Side.RECEIVER}),
}
for _status in Status:
    if _status != Status.ENTERED_IN_ERROR:
        TRANSITIONS[(_status, Status.ENTERED_IN_ERROR)] = frozenset({Side.REQUESTER, Side.RECEIVER})

ILLEGAL_TRANSITION = "A referral that is {current} cannot be moved to {target}"
NOT_YOUR_SIDE = "Only the {sides} of a referral can move it from {current} to {target}"
REASON_MISSING = "Select a reason the referral is {target}"


class TransitionRefused(ReferralError):
    """A status change that the workflow or the actor's side does not allow."""


def check_transition(current: str, target: str, *, side: Side, reason: str) -> None:
    """Raise TransitionRefused unless `side` may move a referral from `current` to `target`."""
    current_label, target_label = Status(current).label.lower(), Status(target).label.lower()
    sides = TRANSITIONS.get((current, target))
    if sides is None:
        raise TransitionRefused(
            ILLEGAL_TRANSITION.format(current=current_label, target=target_label)
        )
    if side not in sides:
        names = " or ".join(
            "referring organisation" if s == Side.REQUESTER else "receiving service"
            for s in sorted(sides)
        )
        raise TransitionRefused(
            NOT_YOUR_SIDE.format(sides=names, current=current_label, target=target_label)
        )
    if target in REASON_REQUIRED and not reason:
        raise TransitionRefused(REASON_MISSING.format(target=target_label))
