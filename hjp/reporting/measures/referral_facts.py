"""The referrals of a report, read once: counted by every dimension the figures break them down
by, with the first-contact counts, in one GROUP BY; reach and timeliness figures are sums over it.

The rows grow with the combinations of month, referrer, site, direction, advice areas and status
(a few thousand at most), not with the number of referrals.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth

from hjp.partnerships.models import Organisation, Site
from hjp.referrals.models import Referral
from hjp.referrals.status import Reason, Status
from hjp.reporting.scope import ReportScope

DIMENSIONS = (
    "month",
    "from_organisation_id",
    "from_site_id",
    "direction",
    "advice_areas",
    "status",
    "status_reason",
)


def referrals_in(scope: ReportScope):
    """Referrals sent in the period (drafts are never sent), within the site and area chosen."""
    return Referral.objects.filter(scope.referral_filter()).exclude(status=Status.DRAFT)


@dataclass
class ReferralFacts:
    """Counts of the period's referrals by each dimension, and the first-contact counts."""

    total: int = 0
    by: dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in DIMENSIONS})
    accepted: int = 0
    contacted_within_target: int = 0
    unable_to_contact: int = 0
    status_reasons: Counter = field(default_factory=Counter)

    def by_status_and_reason(self) -> Counter:
        """(status, reason) -> referrals."""
        return self.status_reasons


def referral_facts(scope: ReportScope) -> ReferralFacts:
    """One statement: the period's referrals grouped by every dimension the reports show."""
    accepted = Q(accepted_at__isnull=False)
    rows = (
        referrals_in(scope)
        .annotate(month=TruncMonth("sent_at"), contacted_on=TruncDate("first_contact_at"))
        .values(*DIMENSIONS)
        .annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=accepted),
            within=Count(
                "pk",
                filter=accepted
                & Q(first_contact_due__isnull=False, contacted_on__lte=F("first_contact_due")),
            ),
            unable=Count(
                "pk",
                filter=accepted & Q(status=Status.FAILED, status_reason=Reason.UNABLE_TO_CONTACT),
            ),
        )
        .order_by()
    )
    facts = ReferralFacts()
    for row in rows:
        facts.total += row["n"]
        facts.accepted += row["accepted"]
        facts.contacted_within_target += row["within"]
        facts.unable_to_contact += row["unable"]
        facts.status_reasons[row["status"], row["status_reason"]] += row["n"]
        for dimension in DIMENSIONS:
            value = row[dimension]
            key = tuple(value) if isinstance(value, list) else value
            facts.by[dimension][key] += row["n"]
    _name(facts, "from_organisation_id", Organisation)
    _name(facts, "from_site_id", Site)
    return facts


def _name(facts: ReferralFacts, dimension: str, model) -> None:
    """Key the counts by name instead of id (names are read for the few ids there are)."""
    ids = [key for key in facts.by[dimension] if key is not None]
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    facts.by[dimension] = Counter({names.get(key): n for key, n in facts.by[dimension].items()})
