"""Home page context for coordinators and funders."""

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from hjp.partnerships.models import FundingStream, Partnership, PartnershipMember
from hjp.partnerships.presenters import PartnershipSummary

RENEWAL_HORIZON_MONTHS = 9
AGGREGATE_ONLY = (
    "As a funder you see aggregate reports only: counts and totals, with small numbers "
    "suppressed. You never see a row about a person."
)


def renewals_due(actor, today=None) -> list[dict]:
    """Funding streams of the coordinator's partnerships whose renewal is due within 9 months."""
    today = today or timezone.localdate()
    horizon = today + relativedelta(months=RENEWAL_HORIZON_MONTHS)
    streams = (
        FundingStream.objects.visible_to(actor)
        .filter(end_date__gte=today)
        .select_related("partnership", "funder")
    )
    due = []
    for stream in streams:
        decision = stream.renewal_date or stream.end_date
        if decision <= horizon:
            due.append(
                {
                    "text": f"{stream.name} ({stream.funder.name}), {stream.partnership.name}",
                    "date": decision,
                    "url": reverse(
                        "partnerships:funding", kwargs={"partnership_pk": stream.partnership_id}
                    ),
                }
            )
    return sorted(due, key=lambda row: row["date"])


def coordinator_home(actor) -> dict:
    """The coordinator's partnerships with how many member organisations and sites each has,
    and the funding renewals coming up."""
    partnerships = Partnership.objects.visible_to(actor).with_counts()
    return {
        "partnerships": [PartnershipSummary.of(p) for p in partnerships],
        "renewals": renewals_due(actor),
    }


def funder_home(actor) -> dict:
    """The partnerships the funder's organisation funds, and who takes part in each."""
    funded = Partnership.objects.visible_to(actor).with_part(
        actor.organisation_id, PartnershipMember.Part.FUNDER
    )
    return {
        "partnerships": [PartnershipSummary.of(p, with_members=True) for p in funded.with_counts()],
        "aggregate_only": AGGREGATE_ONLY,
    }
