"""The evidence request's status machine and which side may move each edge."""

from enum import StrEnum

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    PROVIDED = "provided", "Provided"
    CLARIFICATION_REQUESTED = "clarification_requested", "Clarification requested"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class DeclineReason(models.TextChoices):
    NOT_OBLIGED = "not_obliged", "Not obliged to provide it"
    DOES_NOT_KNOW_PATIENT = "does_not_know_patient", "Does not know the person well enough"
    FEE_NOT_AGREED = "fee_not_agreed", "Fee not agreed"
    CONSENT_PROBLEM = "consent_problem", "A problem with the person's consent"
    OTHER = "other", "Other"


class Side(StrEnum):
    """Who may move an edge: the advice organisation that asked, the health organisation asked,
    or the platform's clock."""

    REQUESTER = "requester"
    RESPONDER = "responder"
    SYSTEM = "system"


CLOSED = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED})
# Waiting for the health team: what their inbox lists as to do.
AWAITING_ANSWER = frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.CLARIFICATION_REQUESTED})

TRANSITIONS: dict[tuple[str, str], frozenset[Side]] = {
    (Status.DRAFT, Status.SENT): frozenset({Side.REQUESTER}),
    (Status.DRAFT, Status.WITHDRAWN): frozenset({Side.REQUESTER}),
    (Status.SENT, Status.ACKNOWLEDGED): frozenset({Side.RESPONDER}),
    (Status.SENT, Status.PROVIDED): frozenset({Side.RESPONDER}),
    (Status.SENT, Status.DECLINED): frozenset({Side.RESPONDER}),
    (Status.SENT, Status.WITHDRAWN): frozenset({Side.REQUESTER}),
    (Status.SENT, Status.EXPIRED): frozenset({Side.SYSTEM}),
    (Status.ACKNOWLEDGED, Status.PROVIDED): frozenset({Side.RESPONDER}),
    (Status.ACKNOWLEDGED, Status.DECLINED): frozenset({Side.RESPONDER}),
    (Status.ACKNOWLEDGED, Status.WITHDRAWN): frozenset({Side.REQUESTER}),
    (Status.ACKNOWLEDGED, Status.EXPIRED): frozenset({Side.SYSTEM}),
    (Status.PROVIDED, Status.CLARIFICATION_REQUESTED): frozenset({Side.REQUESTER}),
    (Status.CLARIFICATION_REQUESTED, Status.PROVIDED): frozenset({Side.RESPONDER}),
    (Status.CLARIFICATION_REQUESTED, Status.WITHDRAWN): frozenset({Side.REQUESTER}),
}
REASON_REQUIRED = frozenset({Status.DECLINED})

ILLEGAL_TRANSITION = "An evidence request that is {current} cannot be moved to {target}"
NOT_YOUR_SIDE = "Only the {sides} can move an evidence request from {current} to {target}"
REASON_MISSING = "Select why the request is declined"
SIDE_NAMES = {
    Side.REQUESTER: "advice service that asked",
    Side.RESPONDER: "health team asked",
    Side.SYSTEM: "platform",
}


class TransitionRefused(Exception):
    """A move the status machine or the actor's side does not allow."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def check_transition(current: str, target: str, *, side: Side, reason: str = "") -> None:
    """Raise TransitionRefused unless `side` may move a request from `current` to `target`."""
    sides = TRANSITIONS.get((current, target))
    if sides is None:
        raise TransitionRefused(
            ILLEGAL_TRANSITION.format(
                current=Status(current).label.lower(), target=Status(target).label.lower()
            )
        )
    if side not in sides:
        raise TransitionRefused(
            NOT_YOUR_SIDE.format(
                sides=" or ".join(SIDE_NAMES[s] for s in sorted(sides)),
                current=Status(current).label.lower(),
                target=Status(target).label.lower(),
            )
        )
    if target in REASON_REQUIRED and reason not in DeclineReason.values:
        raise TransitionRefused(REASON_MISSING, field="reason")
