"""Logging in (password, then the second factor) and out, passwords, and switching the
organisation a user acts for."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hjp.accounts import second_factor, tasks
from hjp.accounts.actor import Actor, memberships_of
from hjp.accounts.forms import EnrolForm, LoginForm, SecondFactorForm, SwitchMembershipForm
from hjp.accounts.home import home_for
from hjp.accounts.middleware import actor_for_request, remember_actor
from hjp.accounts.sessions import start_session
from hjp.audit import services as audit
from hjp.core.forms import choice_items, error_list, field_error


def _safe_target(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return ""
    return target


def _continue(request, target: str):
    """Where a fully logged-in user goes: the organisation to work for first if they hold
    several roles and have not chosen, then the page they asked for."""
    target = target or reverse("core:home")
    if not request.actor.has_membership and request.actor.membership_count > 1:
        return redirect(f"{reverse('accounts:switch')}?{urlencode({'next': target})}")
    return redirect(target)


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Failed attempts are audited (and counted towards a pause) by hjp.accounts.lockout.
        user = form.get_user()
        login(request, user)
        start_session(request)
        request.actor = actor_for_request(request)
        pending = second_factor.required()
        audit.record(
            request.actor,
            audit.Action.LOGIN,
            user,
            detail={"second_factor": "to prove"} if pending else {},
        )
        target = _safe_target(request)
        if pending:
            return redirect(second_factor.next_step_url(user, target))
        return _continue(request, target)
    return render(
        request,
        "accounts/login.jinja",
        {"form": form, "errors": error_list(form), "next": request.GET.get("next", "")},
    )


def _needs_password_first(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if second_factor.is_satisfied(request):
        return _continue(request, _safe_target(request))
    return None


@require_http_methods(["GET", "POST"])
def prove_second_factor(request):
    """The second step of logging in: a code from the authenticator app or a recovery code."""
    if (elsewhere := _needs_password_first(request)) is not None:
        return elsewhere
    if not second_factor.has_authenticator(request.user):
        return redirect(second_factor.next_step_url(request.user, _safe_target(request)))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.prove(request, form.cleaned_data["code"], by=request.actor)
        if result.device is not None:
            if result.used_recovery_code:
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left; get new ones from "
                    "“Your log-in security” if you are running out.",
                )
            return _continue(request, _safe_target(request))
        form.add_error("code", result.error)
    return render(
        request,
        "accounts/second_factor.jinja",
        {"form": form, "errors": error_list(form), "next": _safe_target(request)},
    )


@require_http_methods(["GET", "POST"])
def set_up_second_factor(request):
    """Enrolment at the first log-in: add the service to an authenticator app, prove it with
    one code, and see the recovery codes once."""
    if (elsewhere := _needs_password_first(request)) is not None:
        return elsewhere
    if second_factor.has_authenticator(request.user):
        return redirect(second_factor.next_step_url(request.user, _safe_target(request)))
    device = second_factor.pending_authenticator(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.enrol(request, device, form.cleaned_data["code"], by=request.actor)
        if result.device is not None:
            return render(
                request,
                "accounts/recovery_codes.jinja",
                {
                    "codes": result.recovery_codes,
                    "next": _safe_target(request) or reverse("core:home"),
                },
            )
        form.add_error("code", result.error)
    return render(
        request,
        "accounts/second_factor_setup.jinja",
        {
            "form": form,
            "errors": error_list(form),
            "next": _safe_target(request),
            "secret": second_factor.secret_text(device),
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_in_security(request):
    """The user's own page: how they log in, and new recovery codes when they need them."""
    if request.method == "POST":
        codes = second_factor.new_recovery_codes(request.user, by=request.actor)
        return render(
            request,
            "accounts/recovery_codes.jinja",
            {"codes": codes, "next": reverse("accounts:security")},
        )
    return render(
        request,
        "accounts/security.jinja",
        {
            "has_authenticator": second_factor.has_authenticator(request.user),
            "codes_left": second_factor.recovery_codes_left(request.user),
            "required": second_factor.required(),
            "code_count": settings.HJP_RECOVERY_CODE_COUNT,
        },
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(request.actor, audit.Action.LOGOUT, request.user)
    logout(request)
    messages.success(request, "You have logged out")
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def switch_membership(request):
    memberships = memberships_of(request.user)
    form = SwitchMembershipForm(request.POST or None, memberships=memberships)
    if form.is_valid():
        chosen = next(m for m in memberships if str(m.pk) == form.cleaned_data["membership"])
        request.actor = Actor.for_membership(chosen, membership_count=len(memberships))
        remember_actor(request, request.actor)
        messages.success(request, f"You are now working for {chosen.organisation}")
        target = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("core:home")
        return redirect(target)
    return render(
        request,
        "accounts/switch.jinja",
        {
            "form": form,
            "errors": error_list(form),
            "items": choice_items(form["membership"]),
            "error": field_error(form, "membership"),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_GET
def home(request):
    """The landing page of the role acted in."""
    page = home_for(request.actor, request.user)
    return render(request, page.template, page.context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """A new password ends every other session of the user (Django keeps only this one)."""

    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            self.request.actor,
            audit.Action.UPDATE,
            self.request.user,
            detail={"fields": ["password"], "other_sessions": "ended"},
        )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.jinja"


class QueuedPasswordResetForm(auth_forms.PasswordResetForm):
    """Queues the email for the background worker instead of sending it in the request, so the
    answer takes as long whether or not the address has an account."""

    def save(self, **kwargs) -> None:
        tasks.send_password_reset.enqueue(email=self.cleaned_data["email"])


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
