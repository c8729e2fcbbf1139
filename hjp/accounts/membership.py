"""The membership a user is acting under right now (one organisation, one role)."""

from hjp.accounts.models import Membership

SESSION_KEY = "hjp_membership_id"
_CACHE_ATTRIBUTE = "_hjp_current_membership"


def memberships_of(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_hjp_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("organisation"))
        user._hjp_memberships = cached
    return cached


def current_membership(user) -> Membership | None:
    """The membership chosen for this session, else the user's first one."""
    if not getattr(user, "is_authenticated", False):
        return None
    chosen = getattr(user, _CACHE_ATTRIBUTE, None)
    if chosen is not None:
        return chosen
    memberships = memberships_of(user)
    return memberships[0] if memberships else None


def act_as(user, membership_id: str | None) -> Membership | None:
    """Set the membership the user acts under, if it is one of theirs."""
    for membership in memberships_of(user):
        if str(membership.pk) == str(membership_id):
            setattr(user, _CACHE_ATTRIBUTE, membership)
            return membership
    return None


def current_role(user) -> str | None:
    membership = current_membership(user)
    return membership.role if membership else None


def current_organisation(user):
    membership = current_membership(user)
    return membership.organisation if membership else None
