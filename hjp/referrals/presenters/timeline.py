"""The timeline of a referral as each side may see it."""

from dataclasses import dataclass
from datetime import datetime

from hjp.referrals.feedback import CONSENTED_MILESTONES
from hjp.referrals.models import ReferralEvent

# Events that change the referral's status: these reach the referrer whatever the consent.
STATUS_EVENTS = frozenset(
    {
        ReferralEvent.Kind.SUBMITTED,
        ReferralEvent.Kind.ACCEPTED,
        ReferralEvent.Kind.REJECTED,
        ReferralEvent.Kind.CANCELLED,
        ReferralEvent.Kind.STARTED,
        ReferralEvent.Kind.ON_HOLD,
        ReferralEvent.Kind.RESUMED,
        ReferralEvent.Kind.COMPLETED,
        ReferralEvent.Kind.FAILED,
        ReferralEvent.Kind.ENTERED_IN_ERROR,
    }
)

__all__ = [
    "CONSENTED_MILESTONES",
    "STATUS_EVENTS",
    "TimelineEntry",
    "receiver_timeline",
    "requester_timeline",
]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a referral's timeline as a given viewer may see it."""

    title: str
    occurred_at: datetime
    status: str
    reason: str = ""
    summary: str = ""
    note: str = ""
    actor: str = ""


def receiver_timeline(events: list[ReferralEvent]) -> list[TimelineEntry]:
    """The receiving service sees every event in full, including notes and who did it."""
    return [
        TimelineEntry(
            title=event.get_kind_display(),
            occurred_at=event.occurred_at,
            status=event.to_status,
            reason=event.get_reason_display() if event.reason else "",
            summary=event.summary,
            note=event.note,
            actor=str(event.actor) if event.actor else "",
        )
        for event in events
    ]


def requester_timeline(
    events: list[ReferralEvent], *, feedback_consent: bool
) -> list[TimelineEntry]:
    """The referrer sees status changes; with feedback consent, milestone summaries and reasons
    too. Notes, contact attempts and casework never cross."""
    entries = []
    for event in events:
        if event.kind in STATUS_EVENTS or (feedback_consent and event.kind in CONSENTED_MILESTONES):
            entries.append(
                TimelineEntry(
                    title=event.get_kind_display(),
                    occurred_at=event.occurred_at,
                    status=event.to_status,
                    reason=event.get_reason_display() if feedback_consent and event.reason else "",
                    summary=event.summary if feedback_consent else "",
                )
            )
    return entries
