"""What referral pages show, shaped for the NHS.UK components: tags, timelines, summary rows,
inbox and sent-list rows, and the moves each side may make."""

from hjp.referrals.presenters.detail import receiver_details, requester_details
from hjp.referrals.presenters.inbox import InboxRow, inbox_rows, tab_links
from hjp.referrals.presenters.moves import (
    MOVE_LABELS,
    allowed_moves,
    move_done_message,
    move_label,
    move_links,
    move_refusal,
    status_page_moves,
    unable_to_contact_url,
)
from hjp.referrals.presenters.referral import (
    STATUS_TAG_CLASSES,
    ReferralPresenter,
    caller_hint,
    status_tag,
)
from hjp.referrals.presenters.sent import SentRow, sent_rows
from hjp.referrals.presenters.summary import referral_rows
from hjp.referrals.presenters.timeline import (
    CONSENTED_MILESTONES,
    STATUS_EVENTS,
    TimelineEntry,
    receiver_timeline,
    requester_timeline,
)

__all__ = [
    "CONSENTED_MILESTONES",
    "MOVE_LABELS",
    "STATUS_EVENTS",
    "STATUS_TAG_CLASSES",
    "InboxRow",
    "ReferralPresenter",
    "SentRow",
    "TimelineEntry",
    "allowed_moves",
    "caller_hint",
    "inbox_rows",
    "move_done_message",
    "move_label",
    "move_links",
    "move_refusal",
    "receiver_details",
    "receiver_timeline",
    "referral_rows",
    "requester_details",
    "requester_timeline",
    "sent_rows",
    "status_page_moves",
    "status_tag",
    "tab_links",
    "unable_to_contact_url",
]
