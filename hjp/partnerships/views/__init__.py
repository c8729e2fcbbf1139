"""Partnership pages, split by subject: the partnership, its members and sites
(`partnerships`), and its funding, in-kind support and goals (`funding`)."""

from hjp.partnerships.views.partnerships import (
    MEMBER_ENDED,
    ORGANISATION_ADDED,
    SETTINGS_SAVED,
    SITE_ADDED,
    SITE_SAVED,
    add_member,
    add_organisation,
    add_site,
    detail,
    edit,
    edit_site,
    end_member,
    organisation,
    partnership_list,
)

__all__ = [
    "MEMBER_ENDED",
    "ORGANISATION_ADDED",
    "SETTINGS_SAVED",
    "SITE_ADDED",
    "SITE_SAVED",
    "add_member",
    "add_organisation",
    "add_site",
    "detail",
    "edit",
    "edit_site",
    "end_member",
    "organisation",
    "partnership_list",
]
