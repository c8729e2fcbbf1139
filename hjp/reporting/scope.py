"""What a report covers: one partnership, a period, and optionally one site or advice area."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from hjp.partnerships.models import Partnership
from hjp.reporting.disclosure import Rules


@dataclass(frozen=True)
class ReportScope:
    partnership: Partnership
    start: datetime.date
    end: datetime.date
    site_id: object = None
    advice_area: str = ""

    @property
    def rules(self) -> Rules:
        return Rules.of(self.partnership)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as local-midnight bounds, start inclusive and end exclusive."""
        zone = timezone.get_current_timezone()
        low = datetime.datetime.combine(self.start, datetime.time.min, zone)
        high = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, zone
        )
        return low, high

    def previous(self) -> "ReportScope":
        """The period of the same length just before this one (for lapsed referrers)."""
        length = datetime.timedelta(days=self.days)
        return ReportScope(
            self.partnership,
            self.start - length,
            self.start - datetime.timedelta(days=1),
            self.site_id,
            self.advice_area,
        )

    def referral_filter(self, prefix: str = "") -> Q:
        """Referrals of the partnership sent in the period, within the site and area chosen."""
        low, high = self.moments()
        q = Q(**{f"{prefix}partnership": self.partnership}) & Q(
            **{f"{prefix}sent_at__gte": low, f"{prefix}sent_at__lt": high}
        )
        return q & self.referral_slice(prefix)

    def referral_slice(self, prefix: str = "") -> Q:
        q = Q()
        if self.site_id:
            q &= Q(**{f"{prefix}from_site_id": self.site_id})
        if self.advice_area:
            # Advice areas are a JSON list; its text holds each code in quotes on every database.
            q &= Q(**{f"{prefix}advice_areas__icontains": f'"{self.advice_area}"'})
        return q

    def outcome_filter(self, date_field: str) -> Q:
        """Outcome rows counting for the partnership, dated in the period, within the slice."""
        q = Q(partnership=self.partnership) & Q(
            **{f"{date_field}__gte": self.start, f"{date_field}__lte": self.end}
        )
        if self.site_id:
            q &= Q(case__referral__from_site_id=self.site_id)
        if self.advice_area:
            q &= Q(issue__advice_area=self.advice_area)
        return q
