"""Partnerships, members, sites, funding and goals shaped for NHS.UK components."""

from hjp.partnerships.presenters.partnerships import (
    NO_MEMBERS,
    NOT_SET,
    SETTINGS_LABELS,
    OrganisationPresenter,
    PartnershipPresenter,
    PartnershipSummary,
    current_members,
    membership_rows,
    partnership_rows,
    site_rows,
)

__all__ = [
    "NOT_SET",
    "NO_MEMBERS",
    "SETTINGS_LABELS",
    "OrganisationPresenter",
    "PartnershipPresenter",
    "PartnershipSummary",
    "current_members",
    "membership_rows",
    "partnership_rows",
    "site_rows",
]
