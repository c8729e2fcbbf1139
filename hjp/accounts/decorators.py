"""View decorators that declare which permission a page needs."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from hjp.accounts.permissions import Permission
from hjp.accounts.rules import has_permission
from hjp.audit import services as audit


def permission_required(permission: Permission):
    """Log-in first, then the permission (403 without it, audited as denied)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            actor = request.actor
            if not actor.has_membership and actor.membership_count > 1:
                # Several roles and none chosen yet: choose, then come back to this page.
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:switch')}?{query}")
            if not has_permission(request.actor, permission):
                audit.record(
                    request.actor,
                    audit.Action.DENIED,
                    outcome=audit.Outcome.DENIED,
                    detail={"permission": permission.value, "view": view.__name__},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
