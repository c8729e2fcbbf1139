"""What every outcome service shares: which partnership a result counts for, and the checks."""

import datetime

from django.utils import timezone

from hjp.accounts.actor import Actor
from hjp.cases.models import Case, CaseIssue
from hjp.outcomes.errors import DATE_IN_FUTURE, OutcomeError
from hjp.partnerships.models import Partnership, PartnershipMember


def partnership_of(case: Case) -> Partnership | None:
    """The partnership a case's results count for: its referral's, else its service's only one.

    A case opened without a referral counts for the partnership in which its advice
    organisation provides advice, when there is exactly one; otherwise for none.
    """
    if case.referral_id is not None:
        return case.referral.partnership
    partnerships = list(
        Partnership.objects.with_part(
            case.organisation_id, PartnershipMember.Part.ADVICE_PROVIDER
        ).order_by()[:2]
    )
    return partnerships[0] if len(partnerships) == 1 else None


def row_fields(issue: CaseIssue, *, by: Actor) -> dict:
    """The columns every outcome row of an issue carries."""
    case = issue.case
    return {
        "case": case,
        "issue": issue,
        "person_id": case.person_id,
        "partnership": partnership_of(case),
        "recorded_by_id": by.user_id,
    }


def not_in_future(value: datetime.date | None, *, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise OutcomeError(DATE_IN_FUTURE, field=field)
