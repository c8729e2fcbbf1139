"""Every permission in the platform, named once, and which roles hold it."""

from enum import StrEnum

from hjp.accounts.models import Role


class Permission(StrEnum):
    VIEW_PEOPLE = "people.view"
    SEARCH_PEOPLE = "people.search"
    ADD_PERSON = "people.add"
    CHANGE_PERSON = "people.change"
    VIEW_CONSENT = "consent.view"
    RECORD_CONSENT = "consent.record"
    VIEW_CONSENT_RENEWALS = "consent.view_renewals"
    VIEW_PARTNERSHIP = "partnerships.view"
    MANAGE_PARTNERSHIP = "partnerships.manage"
    VIEW_AUDIT = "audit.view"


_CARE_STAFF = {Role.REFERRER, Role.ADVISER, Role.SUPERVISOR}

# Deny by default: a role holds only what is listed here.
ROLE_PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_PEOPLE: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.SEARCH_PEOPLE: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.ADD_PERSON: frozenset(_CARE_STAFF),
    Permission.CHANGE_PERSON: frozenset(_CARE_STAFF),
    Permission.VIEW_CONSENT: frozenset(_CARE_STAFF | {Role.PRIVACY_OFFICER}),
    Permission.RECORD_CONSENT: frozenset(_CARE_STAFF),
    Permission.VIEW_CONSENT_RENEWALS: frozenset(_CARE_STAFF),
    Permission.VIEW_PARTNERSHIP: frozenset(set(Role) - {Role.ADMIN}),
    Permission.MANAGE_PARTNERSHIP: frozenset({Role.COORDINATOR}),
    Permission.VIEW_AUDIT: frozenset({Role.PRIVACY_OFFICER}),
}

# Roles whose organisation's shares make a person visible to them.
PERSON_VIEWING_ROLES = ROLE_PERMISSIONS[Permission.VIEW_PEOPLE]
