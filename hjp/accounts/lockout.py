"""Brute-force protection for log-in (django-axes) and the audit of every failed attempt.

After `AXES_FAILURE_LIMIT` failures for one account, or from one address, log-in is paused for
that account or address for `AXES_COOLOFF_TIME`, even with the right password. Every failure,
and every attempt refused while paused, is in the audit trail (the attempted account named by its
id when it exists, never by the address typed). There is one log-in page: the admin site's sends
people to it (hjp/accounts/admin_site.py), so the admin is protected and audited the same way.
"""

import math

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from hjp.accounts.actor import Actor
from hjp.accounts.forms import LoginForm
from hjp.accounts.models import User
from hjp.audit import context
from hjp.audit import services as audit

PAUSED = (
    "Logging in is paused for {minutes} minutes after too many failed attempts. "
    "Try again later, or ask your system administrator for help"
)


def attempted_username(request, credentials) -> str:
    """The account an attempt was for, as typed but in one case, so "A@x" and "a@x" count as one."""
    username = (credentials or {}).get("username") or ""
    return username.strip().lower()


def client_address(request) -> str | None:
    """The address the audit trail records for the request (our own proxy's view of it)."""
    return context.current().client_address


def paused_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return PAUSED.format(minutes=minutes)


def paused_response(request, original_response=None, credentials=None):
    """The log-in page with a plain message, answered with 429 Too Many Requests."""
    form = LoginForm(request, data=None)
    errors = [{"text": paused_message(), "href": "#id_username"}]
    return render(
        request,
        "accounts/login.jinja",
        {"form": form, "errors": errors, "next": "", "paused": True},
        status=429,
    )


def _account_id(credentials) -> str:
    username = attempted_username(None, credentials)
    if not username:
        return ""
    found = User.objects.filter(email__iexact=username).values_list("pk", flat=True).first()
    return str(found) if found else ""


@receiver(user_login_failed)
def record_failed_log_in(sender, credentials, request=None, **kwargs):
    """Audit a failed log-in; django-axes (connected first) has marked the request if log-in is
    now paused for the account or the address."""
    paused = bool(getattr(request, "axes_locked_out", False))
    account = _account_id(credentials)
    audit.record(
        Actor.anonymous(),
        audit.Action.LOGIN_PAUSED if paused else audit.Action.LOGIN_FAILED,
        outcome=audit.Outcome.DENIED,
        object_type="accounts.user" if account else "",
        object_id=account,
        detail={"page": "admin" if request and request.path.startswith("/admin/") else "service"},
    )
