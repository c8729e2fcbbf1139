"""Every change to a case, split by subject: `lifecycle` (opening and the referral's closing),
`issues`, `closure`, `notes`, `deadlines`, `documents`, `appointments` and `reviews`.

Only `lifecycle` is re-exported here, for the referrals app that opens and closes cases; import
the others by their module, since some of them call the referrals app in turn.
"""

from hjp.cases.services.lifecycle import close_case, close_cases_of_referral, open_case

__all__ = ["close_case", "close_cases_of_referral", "open_case"]
