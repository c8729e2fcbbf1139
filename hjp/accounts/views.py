"""Logging in and out, passwords, and switching the organisation a user acts for."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hjp.accounts.actor import Actor, memberships_of
from hjp.accounts.forms import LoginForm, SwitchMembershipForm
from hjp.accounts.home import home_for
from hjp.accounts.middleware import actor_for_request, remember_actor
from hjp.accounts.sessions import start_session
from hjp.audit import services as audit
from hjp.core.forms import choice_items, error_list, field_error


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            start_session(request)
            request.actor = actor_for_request(request)
            audit.record(request.actor, audit.Action.LOGIN, user)
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(
                target, {request.get_host()}, request.is_secure()
            ):
                target = reverse_lazy("core:home")
            if not request.actor.has_membership and request.actor.membership_count > 1:
                # Several roles: the user says which organisation they work for first.
                return redirect(f"{reverse('accounts:switch')}?{urlencode({'next': target})}")
            return redirect(target)
        audit.record(Actor.anonymous(), audit.Action.LOGIN_FAILED, outcome=audit.Outcome.DENIED)
    return render(
        request,
        "accounts/login.jinja",
        {"form": form, "errors": error_list(form), "next": request.GET.get("next", "")},
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
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.jinja"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
