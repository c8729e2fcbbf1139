"""Home page context for coordinators and funders."""

from hjp.accounts.membership import current_organisation
from hjp.partnerships.models import Partnership, PartnershipMember
from hjp.partnerships.presenters import PartnershipSummary

AGGREGATE_ONLY = (
    "As a funder you see aggregate reports only: counts and totals, with small numbers "
    "suppressed. You never see a row about a person."
)


def coordinator_home(user) -> dict:
    """The coordinator's partnerships with how many member organisations and sites each has."""
    partnerships = Partnership.objects.visible_to(user).with_counts()
    return {"partnerships": [PartnershipSummary.of(p) for p in partnerships]}


def funder_home(user) -> dict:
    """The partnerships the funder's organisation funds, and who takes part in each."""
    organisation = current_organisation(user)
    funded = Partnership.objects.visible_to(user).with_part(
        organisation, PartnershipMember.Part.FUNDER
    )
    return {
        "partnerships": [PartnershipSummary.of(p, with_members=True) for p in funded.with_counts()],
        "aggregate_only": AGGREGATE_ONLY,
    }
