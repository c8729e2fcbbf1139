"""What each role lands on after logging in."""

from dataclasses import dataclass, field

from hjp.accounts.membership import current_membership, memberships_of
from hjp.accounts.models import Role


@dataclass
class HomePage:
    template: str
    context: dict = field(default_factory=dict)


def home_for(user) -> HomePage:
    """Pick the landing page for the user's current role."""
    membership = current_membership(user)
    context = {"membership": membership, "memberships": memberships_of(user)}
    if membership is None:
        return HomePage("core/home_no_role.jinja", context)
    return HomePage(f"core/home_{_template_suffix(membership.role)}.jinja", context)


def _template_suffix(role: str) -> str:
    if role in (Role.ADVISER, Role.SUPERVISOR):
        return "advice"
    return {
        Role.REFERRER: "referrer",
        Role.COORDINATOR: "coordinator",
        Role.FUNDER: "funder",
        Role.PRIVACY_OFFICER: "privacy_officer",
        Role.ADMIN: "admin",
    }[role]
