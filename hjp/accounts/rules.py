"""`rules` predicates behind each named permission; each reads the `Actor` it is given."""

import rules
from django.core.exceptions import PermissionDenied

from hjp.accounts.actor import Actor
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission


def _role_holds(permission: Permission):
    allowed = ROLE_PERMISSIONS[permission]

    @rules.predicate(name=f"role_holds:{permission}")
    def predicate(actor: Actor) -> bool:
        return isinstance(actor, Actor) and actor.role is not None and actor.role in allowed

    return predicate


@rules.predicate
def is_member_of_partnership(actor: Actor, partnership) -> bool:
    """True when the organisation acted for takes part in the partnership."""
    if partnership is None:
        return True
    return actor.organisation_id is not None and partnership.has_member(actor.organisation_id)


_OBJECT_SCOPED = {Permission.VIEW_PARTNERSHIP, Permission.MANAGE_PARTNERSHIP}

for _permission in Permission:
    _predicate = _role_holds(_permission)
    if _permission in _OBJECT_SCOPED:
        _predicate = _predicate & is_member_of_partnership
    rules.add_perm(_permission.value, _predicate)


def has_permission(actor: Actor, permission: Permission, obj=None) -> bool:
    """Ask the rules table directly, so a superuser flag never bypasses a role."""
    _require_actor(actor)
    return rules.has_perm(permission.value, actor, obj)


def require_permission(actor: Actor, permission: Permission, obj=None) -> None:
    """Raise PermissionDenied unless the role acted in holds the permission."""
    if not has_permission(actor, permission, obj):
        raise PermissionDenied(f"Your role does not allow {permission.value}.")


def _require_actor(actor) -> None:
    if not isinstance(actor, Actor):
        raise TypeError(f"Expected an Actor, got {type(actor).__name__}")
