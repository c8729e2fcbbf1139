"""The admin site behind the same log-in as the service: the password page with its pause after
failures and its audit, then the second factor. The admin has no log-in page of its own."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from hjp.accounts import second_factor


class SecondFactorAdminSite(admin.AdminSite):
    site_header = "HJP platform administration"
    site_title = "HJP platform administration"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and second_factor.is_satisfied(request)

    def login(self, request, extra_context=None):
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        if request.user.is_authenticated and second_factor.is_satisfied(request):
            # Logged in fully, but not someone who may use the admin site.
            raise PermissionDenied
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
