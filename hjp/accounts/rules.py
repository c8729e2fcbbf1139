"""`rules` predicates behind each named permission."""

import rules

from hjp.accounts.membership import current_membership
from hjp.accounts.permissions import ROLE_PERMISSIONS, Permission


def _role_holds(permission: Permission):
    allowed = ROLE_PERMISSIONS[permission]

    @rules.predicate(name=f"role_holds:{permission}")
    def predicate(user) -> bool:
        membership = current_membership(user)
        return membership is not None and membership.role in allowed

    return predicate


@rules.predicate
def is_member_of_partnership(user, partnership) -> bool:
    """True when the user's current organisation takes part in the partnership."""
    if partnership is None:
        return True
    membership = current_membership(user)
    return membership is not None and partnership.has_member(membership.organisation_id)


_OBJECT_SCOPED = {Permission.VIEW_PARTNERSHIP, Permission.MANAGE_PARTNERSHIP}

for _permission in Permission:
    _predicate = _role_holds(_permission)
    if _permission in _OBJECT_SCOPED:
        _predicate = _predicate & is_member_of_partnership
    rules.add_perm(_permission.value, _predicate)


def has_permission(user, permission: Permission, obj=None) -> bool:
    """Ask the rules table directly, so a superuser flag never bypasses a role."""
    return rules.has_perm(permission.value, user, obj)


def require_permission(user, permission: Permission, obj=None) -> None:
    """Raise PermissionDenied unless the user's current role holds the permission."""
    from django.core.exceptions import PermissionDenied

    if not has_permission(user, permission, obj):
        raise PermissionDenied(f"Your role does not allow {permission.value}.")
