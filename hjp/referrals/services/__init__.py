"""Every change to a referral: one function per state change, atomic, permission and consent
checked, an immutable event, the audit record, then the notification queued.

Split by what the change is about; import from here (`from hjp.referrals import services`).
"""

from hjp.referrals.feedback import feedback_allowed
from hjp.referrals.services._common import Deadline
from hjp.referrals.services.contact import (
    ATTEMPT_IN_FUTURE,
    CONTACT_ON_CLOSED,
    failed_attempts,
    record_contact_attempt,
    should_offer_unable_to_contact,
)
from hjp.referrals.services.submission import (
    ADVICE_AREA_REQUIRED,
    NOT_SAFE_TO_LEAVE_MESSAGE,
    SAFE_TO_LEAVE_MESSAGE,
    SELF_REFERRAL_CONTACT_REQUIRED,
    SELF_REFERRALS_NOT_ACCEPTED,
    SERVICE_NOT_IN_PARTNERSHIP,
    SERVICE_NOT_TAKING_REFERRALS,
    log_phone_referral,
    submit_referral,
    submit_self_referral,
)
from hjp.referrals.services.transitions import (
    ADVISER_NOT_IN_SERVICE,
    accept_referral,
    amend_window_open,
    cancel_referral,
    complete_referral,
    fail_referral,
    hold_referral,
    mark_entered_in_error,
    move_referral,
    reject_referral,
    resume_referral,
    start_referral,
    withdraw_to_correct,
)

__all__ = [
    "ADVICE_AREA_REQUIRED",
    "ADVISER_NOT_IN_SERVICE",
    "ATTEMPT_IN_FUTURE",
    "CONTACT_ON_CLOSED",
    "NOT_SAFE_TO_LEAVE_MESSAGE",
    "SAFE_TO_LEAVE_MESSAGE",
    "SELF_REFERRALS_NOT_ACCEPTED",
    "SELF_REFERRAL_CONTACT_REQUIRED",
    "SERVICE_NOT_IN_PARTNERSHIP",
    "SERVICE_NOT_TAKING_REFERRALS",
    "Deadline",
    "accept_referral",
    "amend_window_open",
    "cancel_referral",
    "complete_referral",
    "fail_referral",
    "failed_attempts",
    "feedback_allowed",
    "hold_referral",
    "log_phone_referral",
    "mark_entered_in_error",
    "move_referral",
    "record_contact_attempt",
    "reject_referral",
    "resume_referral",
    "should_offer_unable_to_contact",
    "start_referral",
    "submit_referral",
    "submit_self_referral",
    "withdraw_to_correct",
]
