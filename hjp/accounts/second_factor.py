"""The second factor every account proves after its password: a code from an authenticator app
(TOTP, RFC 6238) or one of ten single-use recovery codes, kept by django-otp.

A user without an authenticator enrols at their first log-in; until the second factor is proved,
`SecondFactorMiddleware` lets the session reach only the pages that prove or enrol it. An admin
may reset a user's second factor (they enrol again at their next log-in). `HJP_MFA_REQUIRED`
may be switched off for a local demo only (`manage.py check` warns otherwise).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjp.accounts.actor import Actor
from hjp.accounts.forms import CODE_MISSING
from hjp.accounts.models import User
from hjp.audit import services as audit
from hjp.audit.services import audited_atomic

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

CODE_WRONG = "The code is not right. Check your authenticator app and enter the code it shows now"
CODE_PAUSED = (
    "Too many wrong codes. Wait a minute before trying again; each wrong code makes the wait longer"
)


def required() -> bool:
    return settings.HJP_MFA_REQUIRED


def is_satisfied(request) -> bool:
    """Whether the session may go past the second-factor pages."""
    if not required() or not request.user.is_authenticated:
        return True
    # Set only by `_mark_proved`. Removing a user's devices always ends their sessions too
    # (`reset`), so the mark needs no device query on every request.
    return DEVICE_ID_SESSION_KEY in request.session


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def next_step_url(user: User, target: str) -> str:
    """Where a user who has given their password but not their second factor goes next."""
    name = "accounts:second_factor" if has_authenticator(user) else "accounts:second_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': target})}" if target else reverse(name)


def secret_text(device: TOTPDevice) -> str:
    """The device's key as an authenticator app asks for it: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_code(text: str) -> str:
    return "".join(text.split()).replace("-", "").lower()


@dataclass(frozen=True)
class Verification:
    """What came of a code: the device that accepted it, or why none did."""

    device: TOTPDevice | StaticDevice | None
    error: str = ""
    recovery_codes: tuple[str, ...] = ()

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def _check(devices, code: str) -> Verification:
    paused = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            paused = True
            continue
        if device.verify_token(code):
            return Verification(device)
    return Verification(None, CODE_PAUSED if paused else CODE_WRONG)


@audited_atomic
def prove(request, code: str, *, by: Actor) -> Verification:
    """Check a code from the user's authenticator app or a recovery code; on success the session
    counts as proved (with a new session key). Every attempt is audited."""
    user = request.user
    code = normalise_code(code)
    if not code:
        return Verification(None, CODE_MISSING)
    if code.isdigit():
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
    result = _check(list(devices), code)
    if result.device is None:
        audit.record(
            by,
            audit.Action.LOGIN_FAILED,
            user,
            outcome=audit.Outcome.DENIED,
            detail={"second_factor": "wrong code" if result.error == CODE_WRONG else "paused"},
        )
        return result
    _mark_proved(request, result.device)
    factor = "recovery code" if result.used_recovery_code else "authenticator app"
    audit.record(by, audit.Action.LOGIN, user, detail={"second_factor": factor})
    return result


def _mark_proved(request, device) -> None:
    # A new session key once the log-in is complete, so one seen before it is worth nothing.
    request.session.cycle_key()
    django_otp.login(request, device)


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator the user is enrolling: one unconfirmed device, made once and kept until
    it is confirmed, so reloading the page does not change the key the app was given."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@audited_atomic
def enrol(request, device: TOTPDevice, code: str, *, by: Actor) -> Verification:
    """Confirm the authenticator with its first code: any earlier authenticator of the user is
    removed, new recovery codes are made (`recovery_codes`, to be shown once), and the session
    counts as proved. Nothing changes if the code is wrong."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    result = _check([device], normalise_code(code))
    if result.device is None:
        audit.record(
            by,
            audit.Action.LOGIN_FAILED,
            user,
            outcome=audit.Outcome.DENIED,
            detail={"second_factor": "wrong code while enrolling"},
        )
        return result
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    _mark_proved(request, device)
    audit.record(by, audit.Action.UPDATE, user, detail={"second_factor": "enrolled"})
    return Verification(device, recovery_codes=tuple(codes))


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.HJP_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@audited_atomic
def new_recovery_codes(user: User, *, by: Actor) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working)."""
    codes = _replace_recovery_codes(user)
    audit.record(by, audit.Action.UPDATE, user, detail={"second_factor": "new recovery codes"})
    return codes


@audited_atomic
def reset(user: User, *, by: Actor) -> None:
    """An admin removes a user's second factor: every session of theirs ends, and they enrol a
    new authenticator at their next log-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    audit.record(by, audit.Action.UPDATE, user, detail={"second_factor": "reset by an admin"})


@audited_atomic
def log_out_everywhere(user: User, *, by: Actor) -> None:
    """End every session of the user on their next request, wherever they are logged in (the
    generation is part of the hash each session keeps; see User._get_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    audit.record(by, audit.Action.LOGOUT, user, detail={"ended": "everywhere"})


class SecondFactorMiddleware:
    """Keep a session that has not proved its second factor to the pages that prove or enrol it
    (and log-out); every other page sends it there first."""

    OPEN_NAMES = (
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "accounts:logout",
        "accounts:login",
        "core:healthz",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def __call__(self, request):
        if is_satisfied(request) or request.path_info in self.open_paths():
            return self.get_response(request)
        target = request.get_full_path() if request.method == "GET" else ""
        return redirect(next_step_url(request.user, target))

    def open_paths(self) -> frozenset[str]:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in self.OPEN_NAMES)
        return self._open_paths
