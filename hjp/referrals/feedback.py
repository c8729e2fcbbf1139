"""What the referring side may be told about a referral: the rule every channel shares."""

from hjp.consent.models import Purpose
from hjp.consent.services import consent_in_force
from hjp.referrals.models import Referral, ReferralEvent

# Milestones that reach the referrer only with feedback consent.
CONSENTED_MILESTONES = frozenset({ReferralEvent.Kind.FIRST_CONTACT})


def feedback_allowed(referral: Referral) -> bool:
    """Milestone summaries reach the referrer only with feedback consent to their organisation."""
    if referral.from_organisation is None:
        return False
    return (
        consent_in_force(referral.person, Purpose.FEEDBACK, referral.from_organisation) is not None
    )
