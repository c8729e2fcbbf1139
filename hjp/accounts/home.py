"""What each role lands on after logging in; each app supplies the context for its roles."""

from dataclasses import dataclass, field
from importlib import import_module

from hjp.accounts.actor import Actor, memberships_of
from hjp.accounts.models import Role, User

# Role -> (template, "module:function" that returns the page's context for the actor). The
# providers are named, not imported: they live in apps above this one.
HOME_PAGES = {
    Role.REFERRER: ("core/home_referrer.jinja", "hjp.people.home:referrer_home"),
    Role.ADVISER: ("core/home_advice.jinja", "hjp.cases.home:advice_home"),
    Role.SUPERVISOR: ("core/home_advice.jinja", "hjp.cases.home:advice_home"),
    Role.COORDINATOR: ("core/home_coordinator.jinja", "hjp.partnerships.home:coordinator_home"),
    Role.FUNDER: ("core/home_funder.jinja", "hjp.partnerships.home:funder_home"),
    Role.PRIVACY_OFFICER: (
        "core/home_privacy_officer.jinja",
        "hjp.privacy.home:privacy_officer_home",
    ),
    Role.ADMIN: ("core/home_admin.jinja", None),
}


@dataclass
class HomePage:
    template: str
    context: dict = field(default_factory=dict)


def home_for(actor: Actor, user: User) -> HomePage:
    """Pick the landing page for the role acted in."""
    context = {"acting_for": actor if actor.has_membership else None}
    if not actor.has_membership:
        context["memberships"] = memberships_of(user)
        template = "core/home_choose.jinja" if context["memberships"] else "core/home_no_role.jinja"
        return HomePage(template, context)
    template, provider = HOME_PAGES[Role(actor.role)]
    if provider:
        module, function = provider.split(":")
        context.update(getattr(import_module(module), function)(actor))
    return HomePage(template, context)
