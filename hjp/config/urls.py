"""Top-level URL map; each app owns its namespace."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hjp.core.urls")),
    path("account/", include("hjp.accounts.urls")),
    path("partnerships/", include("hjp.partnerships.urls")),
    path("people/", include("hjp.people.urls")),
    path("consent/", include("hjp.consent.urls")),
    path("audit/", include("hjp.audit.urls")),
    path("referrals/", include("hjp.referrals.urls")),
    path("refer/", include("hjp.referrals.public_urls")),
    path("cases/", include("hjp.cases.urls")),
    path("services/", include("hjp.directory.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "hjp.core.views.permission_denied"
handler404 = "hjp.core.views.not_found"
handler500 = "hjp.core.views.server_error"
