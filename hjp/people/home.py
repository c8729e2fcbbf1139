"""What referrers and advisers see on their home page: counts, a search box, quick actions.

The counts are aggregates of the actor's own caseload, so they are not audited; no person's
details appear on these pages.
"""

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.consent.models import Consent
from hjp.consent.presenters import RENEWAL_WINDOW_DAYS
from hjp.people.forms import PersonSearchForm
from hjp.people.models import Person
from hjp.referrals.models import Referral


def _care_home(actor) -> dict:
    return {
        "organisation": {"name": actor.organisation_name},
        "people_count": Person.objects.visible_to(actor).count(),
        "renewals_due_count": Consent.objects.visible_to(actor)
        .renewal_due(within_days=RENEWAL_WINDOW_DAYS)
        .count(),
        "renewal_window_days": RENEWAL_WINDOW_DAYS,
        "search_form": PersonSearchForm(),
        "can_add": has_permission(actor, Permission.ADD_PERSON),
        "can_see_renewals": has_permission(actor, Permission.VIEW_CONSENT_RENEWALS),
    }


def _referral_counts(actor: Actor) -> dict:
    referrals = Referral.objects.visible_to(actor)
    received = referrals.received_by(actor.organisation_id)
    return {
        "can_refer": has_permission(actor, Permission.MAKE_REFERRAL),
        "can_log_phone": has_permission(actor, Permission.LOG_PHONE_REFERRAL),
        "sent_open_count": referrals.sent_by(actor.organisation_id).open().count(),
        "new_count": received.filter(status=Referral.Status.REQUESTED).count(),
        "overdue_count": received.overdue_first_contact().count(),
    }


def referrer_home(actor) -> dict:
    """A referrer's home: refer, find or add a patient, and consents that need renewing."""
    return {
        **_care_home(actor),
        **_referral_counts(actor),
        "person_noun": "patient",
        "people_noun": "patients",
    }


def advice_home(actor) -> dict:
    """An adviser's or supervisor's home: the inbox, clients, and consents that need renewing."""
    return {
        **_care_home(actor),
        **_referral_counts(actor),
        "person_noun": "client",
        "people_noun": "clients",
    }
