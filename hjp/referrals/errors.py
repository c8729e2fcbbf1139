"""What the referral services refuse, as one family of errors that views show as a problem.

`ReferralError` is the family. `TransitionRefused` (in `hjp.referrals.status`) is the status
machine refusing a move; `ReferralRefused` is a request about a referral failing a rule that is
not a move: a service not taking referrals, no advice area, a self-referral with no way to
reach the person, an adviser from another organisation, a contact attempt on a closed referral
or in the future.
"""


class ReferralError(Exception):
    """A referral service would not do what was asked; the message says why."""


class ReferralRefused(ReferralError):
    """A referral, or something recorded on one, breaks a rule other than the status machine's."""
