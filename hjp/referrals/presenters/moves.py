"""The status moves a side may make on a referral, as buttons, choices and messages."""

from django.urls import reverse

from hjp.referrals.models import Referral
from hjp.referrals.status import (
    TRANSITIONS,
    Reason,
    Side,
    Status,
    TransitionRefused,
    check_transition,
)

MOVE_LABELS = {
    Status.ACCEPTED: "Accept the referral",
    Status.REJECTED: "Do not accept",
    Status.ON_HOLD: "Put on hold",
    Status.COMPLETED: "Close with an outcome",
    Status.FAILED: "Close without completing",
    Status.CANCELLED: "Cancel the referral",
    Status.ENTERED_IN_ERROR: "Mark as entered in error",
}
# Moves made on the status page; accepting and rejecting have pages of their own.
STATUS_PAGE_MOVES = [
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
    Status.FAILED,
    Status.CANCELLED,
    Status.ENTERED_IN_ERROR,
]
# Display order of the moves offered on the referral page.
MOVE_ORDER = [Status.ACCEPTED, Status.REJECTED, *STATUS_PAGE_MOVES]
MOVE_DONE = {
    Status.ON_HOLD: "Referral put on hold",
    Status.COMPLETED: "Referral closed with an outcome",
    Status.FAILED: "Referral closed",
    Status.CANCELLED: "Referral cancelled",
    Status.ENTERED_IN_ERROR: "Referral marked as entered in error",
}


def allowed_moves(status: str, side: Side | None) -> list[str]:
    """The statuses `side` may move a referral to from `status`, in display order."""
    return [target for target in MOVE_ORDER if side in TRANSITIONS.get((status, target), ())]


def move_label(status: str, target: str) -> str:
    """What the button for a move says: starting and resuming work are both 'in progress'."""
    if target == Status.IN_PROGRESS:
        return "Resume work" if status == Status.ON_HOLD else "Start work"
    return MOVE_LABELS[target]


def move_refusal(referral: Referral, side: Side | None, target: str) -> str | None:
    """Why the workflow refuses this move for this side, or None (the reason is the form's job)."""
    try:
        check_transition(referral.status, target, side=side, reason=Reason.OTHER)
    except TransitionRefused as error:
        return str(error)
    return None


def move_done_message(status: str, target: str) -> str:
    """What the page says once the move from `status` to `target` is made."""
    if target == Status.IN_PROGRESS:
        return "Work resumed" if status == Status.ON_HOLD else "Work started"
    return MOVE_DONE[target]


def status_page_moves(referral: Referral, side: Side | None) -> list[tuple[str, str]]:
    """The moves of the status page that `side` may make now, as (status, label) choices."""
    return [
        (target, move_label(referral.status, target))
        for target in allowed_moves(referral.status, side)
        if target in STATUS_PAGE_MOVES
    ]


# The one move that is the page's main action when offered: taking on a new referral. Every other
# move (and every move that ends or withdraws a referral) is a secondary button, never the green
# one; after accepting, the main action is recording a contact attempt.
PRIMARY_MOVES = {Status.ACCEPTED}


def move_links(referral: Referral, side: Side | None) -> list[dict]:
    """A button for each move `side` may make, to the page that makes it."""
    kwargs = {"referral_pk": referral.pk}
    links = []
    for target in allowed_moves(referral.status, side):
        if target == Status.ACCEPTED:
            href = reverse("referrals:accept", kwargs=kwargs)
        elif target == Status.REJECTED:
            href = reverse("referrals:reject", kwargs=kwargs)
        else:
            href = reverse("referrals:update_status", kwargs=kwargs) + f"?to={target}"
        links.append(
            {
                "text": move_label(referral.status, target),
                "href": href,
                "classes": None if target in PRIMARY_MOVES else "nhsuk-button--secondary",
            }
        )
    return links


def unable_to_contact_url(referral: Referral) -> str:
    """Close as unable to contact: fail an accepted referral, or decline one not yet accepted."""
    kwargs = {"referral_pk": referral.pk}
    if Side.RECEIVER in TRANSITIONS.get((referral.status, Status.FAILED), ()):
        url = reverse("referrals:update_status", kwargs=kwargs) + f"?to={Status.FAILED}&"
    else:
        url = reverse("referrals:reject", kwargs=kwargs) + "?"
    return url + f"reason={Reason.UNABLE_TO_CONTACT}"
