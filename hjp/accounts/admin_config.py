"""Django's admin, on a site that needs the service's log-in and second factor."""

from django.contrib.admin import apps as admin_apps


class HJPAdminConfig(admin_apps.AdminConfig):
    default_site = "hjp.accounts.admin_site.SecondFactorAdminSite"
