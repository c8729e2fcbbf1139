"""The header navigation each role sees, and the account details the layout shows."""

from django.conf import settings
from django.urls import reverse

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import Permission

# (label, url name, permission that shows it; None for everyone with a role) in display order.
NAVIGATION = [
    ("Home", "core:home", None),
    ("People", "people:list", Permission.BROWSE_PEOPLE),
    ("Inbox", "referrals:inbox", Permission.ACT_ON_REFERRAL),
    ("Your referrals", "referrals:sent", Permission.VIEW_REFERRALS),
    ("Evidence requests", "evidence:inbox", Permission.ANSWER_EVIDENCE),
    ("Questions", "consultations:list", Permission.CONSULT),
    ("Cases", "cases:list", Permission.VIEW_CASES),
    ("Clinics", "clinics:upcoming", Permission.VIEW_CLINIC_DAY),
    ("Consent renewals", "consent:renewals", Permission.VIEW_CONSENT_RENEWALS),
    ("Services", "directory:list", Permission.SET_SERVICE_CAPACITY),
    ("Partnerships", "partnerships:list", Permission.BROWSE_PARTNERSHIPS),
    ("Reports", "reporting:list", Permission.VIEW_REPORTS),
    ("Audit trail", "audit:search", Permission.VIEW_AUDIT),
]


def navigation_items(actor: Actor, path: str) -> list[dict]:
    if not actor.has_membership:
        return []
    items = []
    for label, name, permission in NAVIGATION:
        if permission is not None and not actor.can(permission):
            continue
        href = reverse(name)
        current = path == href if href == "/" else path.startswith(href)
        items.append({"text": label, "href": href, "current": current})
    return items


def layout(request) -> dict:
    """Context every page's layout needs (a Jinja2 context processor)."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {
            "navigation": [],
            "acting_for": None,
            "can_switch": False,
            "font_host": settings.HJP_FONT_HOST,
        }
    return {
        "font_host": settings.HJP_FONT_HOST,
        "navigation": navigation_items(actor, request.path),
        "acting_for": actor if actor.has_membership else None,
        "can_switch": actor.membership_count > 1,
    }
