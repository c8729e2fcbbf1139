"""The header navigation each role sees."""

from django.urls import reverse

from hjp.accounts.membership import current_membership, memberships_of
from hjp.accounts.models import Role

# (label, url name, roles that see it) in display order.
NAVIGATION = [
    ("Home", "core:home", set(Role)),
    ("People", "people:list", {Role.REFERRER, Role.ADVISER, Role.SUPERVISOR}),
    ("Inbox", "referrals:inbox", {Role.ADVISER, Role.SUPERVISOR, Role.REFERRER}),
    ("Your referrals", "referrals:sent", {Role.REFERRER, Role.ADVISER, Role.SUPERVISOR}),
    ("Cases", "cases:list", {Role.ADVISER, Role.SUPERVISOR}),
    ("Consent renewals", "consent:renewals", {Role.REFERRER, Role.ADVISER, Role.SUPERVISOR}),
    ("Services", "directory:list", {Role.COORDINATOR, Role.SUPERVISOR}),
    (
        "Partnerships",
        "partnerships:list",
        {Role.COORDINATOR, Role.SUPERVISOR, Role.FUNDER, Role.PRIVACY_OFFICER},
    ),
    ("Audit trail", "audit:search", {Role.PRIVACY_OFFICER}),
]


def navigation_items(user, path: str) -> list[dict]:
    membership = current_membership(user)
    if membership is None:
        return []
    items = []
    for label, name, roles in NAVIGATION:
        if membership.role not in roles:
            continue
        href = reverse(name)
        current = path == href if href == "/" else path.startswith(href)
        items.append({"text": label, "href": href, "current": current})
    return items


def layout(request) -> dict:
    """Context every page's layout needs (a Jinja2 context processor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "membership": None, "can_switch": False}
    return {
        "navigation": navigation_items(user, request.path),
        "membership": current_membership(user),
        "can_switch": len(memberships_of(user)) > 1,
    }
