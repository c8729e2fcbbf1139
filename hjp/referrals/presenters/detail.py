"""What a referral's page shows each side beyond the referral itself."""

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.cases.models import Case
from hjp.cases.shared import shared_summaries_for_referral
from hjp.core.working_days import working_days_between
from hjp.people.presenters import PersonPresenter
from hjp.referrals.feedback import feedback_allowed
from hjp.referrals.models import ContactAttempt, Referral, ReferralEvent
from hjp.referrals.presenters.moves import unable_to_contact_url
from hjp.referrals.presenters.timeline import receiver_timeline, requester_timeline
from hjp.referrals.services import should_offer_unable_to_contact


def receiver_details(referral: Referral, actor: Actor, events: list[ReferralEvent]) -> dict:
    """The receiving service's view: the person, every event, contact attempts, the clock."""
    attempts = list(referral.attempts.select_related("recorded_by"))
    failed = sum(1 for a in attempts if a.outcome != ContactAttempt.Outcome.CONTACTED)
    clock_end = referral.first_contact_at or referral.closed_at or timezone.now()
    case = None
    if has_permission(actor, Permission.VIEW_CASES):
        case = Case.objects.visible_to(actor).filter(referral=referral).first()
    return {
        "person": PersonPresenter(referral.person),
        "timeline": receiver_timeline(events),
        "attempts": attempts,
        "failed_attempts": failed,
        "offer_unable_to_contact": should_offer_unable_to_contact(referral),
        "working_days": working_days_between(referral.sent_at, clock_end)
        if referral.sent_at
        else 0,
        "overdue": referral.is_first_contact_overdue(),
        "case": case,
        "unable_to_contact_url": unable_to_contact_url(referral),
    }


def requester_details(referral: Referral, events: list[ReferralEvent], actor: Actor) -> dict:
    """The referrer's view: status changes, and milestones and the advice service's shared
    summaries only with feedback consent."""
    feedback = feedback_allowed(referral)
    return {
        "feedback_consent": feedback,
        "timeline": requester_timeline(events, feedback_consent=feedback),
        "shared_summaries": shared_summaries_for_referral(referral, actor=actor)
        if feedback
        else [],
    }
