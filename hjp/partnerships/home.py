"""Home page context for coordinators and funders."""

from hjp.partnerships.models import Partnership, PartnershipMember
from hjp.partnerships.presenters import PartnershipSummary

AGGREGATE_ONLY = (
    "As a funder you see aggregate reports only: counts and totals, with small numbers "
    "suppressed. You never see a row about a person."
)


def coordinator_home(actor) -> dict:
    """The coordinator's partnerships with how many member organisations and sites each has."""
    partnerships = Partnership.objects.visible_to(actor).with_counts()
    return {"partnerships": [PartnershipSummary.of(p) for p in partnerships]}


def funder_home(actor) -> dict:
    """The partnerships the funder's organisation funds, and who takes part in each."""
    funded = Partnership.objects.visible_to(actor).with_part(
        actor.organisation_id, PartnershipMember.Part.FUNDER
    )
    return {
        "partnerships": [PartnershipSummary.of(p, with_members=True) for p in funded.with_counts()],
        "aggregate_only": AGGREGATE_ONLY,
    }
