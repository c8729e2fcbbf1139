"""What each role lands on after logging in; each app supplies the context for its roles."""

from dataclasses import dataclass, field
from importlib import import_module

from hjp.accounts.membership import current_membership, memberships_of
from hjp.accounts.models import Role

# Role -> (template, "module:function" that returns the page's context for the user).
HOME_PAGES = {
    Role.REFERRER: ("core/home_referrer.jinja", "hjp.people.home:referrer_home"),
    Role.ADVISER: ("core/home_advice.jinja", "hjp.people.home:advice_home"),
    Role.SUPERVISOR: ("core/home_advice.jinja", "hjp.people.home:advice_home"),
    Role.COORDINATOR: ("core/home_coordinator.jinja", "hjp.partnerships.home:coordinator_home"),
    Role.FUNDER: ("core/home_funder.jinja", "hjp.partnerships.home:funder_home"),
    Role.PRIVACY_OFFICER: (
        "core/home_privacy_officer.jinja",
        "hjp.audit.home:privacy_officer_home",
    ),
    Role.ADMIN: ("core/home_admin.jinja", None),
}


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
    template, provider = HOME_PAGES[Role(membership.role)]
    if provider:
        module, function = provider.split(":")
        context.update(getattr(import_module(module), function)(user))
    return HomePage(template, context)
