"""The receiving service's inbox: its tabs with their counts, and one row per referral."""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from hjp.core.counts import count_text
from hjp.core.keyset import AFTER, BEFORE, COUNT_CAP
from hjp.core.working_days import working_days_between
from hjp.referrals.models import InboxTab, Referral
from hjp.referrals.presenters.referral import ReferralPresenter


@dataclass(frozen=True)
class InboxRow:
    """One inbox row's data: the referral with its presenter and first-contact figures."""

    referral: Referral
    presenter: ReferralPresenter
    age_band: str
    waiting_days: int
    overdue: bool

    @classmethod
    def of(cls, referral: Referral, today: date) -> "InboxRow":
        end = referral.first_contact_at or referral.closed_at or today
        return cls(
            referral=referral,
            presenter=ReferralPresenter(referral),
            age_band=referral.person.age_band(today),
            waiting_days=working_days_between(referral.sent_at, end) if referral.sent_at else 0,
            overdue=referral.is_first_contact_overdue(today),
        )


def inbox_rows(referrals: list[Referral], today: date) -> list[InboxRow]:
    return [InboxRow.of(referral, today) for referral in referrals]


def tab_links(
    query: QueryDict, current: str, counts: dict[str, int], *, cap: int = COUNT_CAP
) -> list[dict]:
    """The links of the tabs, each with its count ("more than 1,000" past the cap), keeping the
    filters chosen and starting each tab at its first page."""
    links = []
    for tab, label in InboxTab.choices:
        params = query.copy()
        params["tab"] = tab
        for key in ("page", AFTER, BEFORE):
            params.pop(key, None)
        links.append(
            {
                "text": f"{label} ({count_text(counts[tab], cap)})",
                "href": "?" + params.urlencode(),
                "current": tab == current,
            }
        )
    return links
