"""What referrers and advisers see on their home page: counts, a search box, quick actions.

The counts are aggregates of the user's own caseload, so they are not audited; no person's
details appear on these pages.
"""

from hjp.accounts.membership import current_organisation
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.consent.models import Consent
from hjp.consent.presenters import RENEWAL_WINDOW_DAYS
from hjp.people.forms import PersonSearchForm
from hjp.people.models import Person


def _care_home(user) -> dict:
    return {
        "organisation": current_organisation(user),
        "people_count": Person.objects.visible_to(user).count(),
        "renewals_due_count": Consent.objects.visible_to(user)
        .renewal_due(within_days=RENEWAL_WINDOW_DAYS)
        .count(),
        "renewal_window_days": RENEWAL_WINDOW_DAYS,
        "search_form": PersonSearchForm(),
        "can_add": has_permission(user, Permission.ADD_PERSON),
        "can_see_renewals": has_permission(user, Permission.VIEW_CONSENT_RENEWALS),
    }


def _referral_counts(user) -> dict:
    from hjp.referrals.models import Referral

    organisation = current_organisation(user)
    referrals = Referral.objects.visible_to(user)
    received = referrals.received_by(organisation.pk)
    return {
        "can_refer": has_permission(user, Permission.MAKE_REFERRAL),
        "can_log_phone": has_permission(user, Permission.LOG_PHONE_REFERRAL),
        "sent_open_count": referrals.sent_by(organisation.pk).open().count(),
        "new_count": received.filter(status=Referral.Status.REQUESTED).count(),
        "overdue_count": received.overdue_first_contact().count(),
    }


def referrer_home(user) -> dict:
    """A referrer's home: refer, find or add a patient, and consents that need renewing."""
    return {
        **_care_home(user),
        **_referral_counts(user),
        "person_noun": "patient",
        "people_noun": "patients",
    }


def advice_home(user) -> dict:
    """An adviser's or supervisor's home: the inbox, clients, and consents that need renewing."""
    return {
        **_care_home(user),
        **_referral_counts(user),
        "person_noun": "client",
        "people_noun": "clients",
    }
