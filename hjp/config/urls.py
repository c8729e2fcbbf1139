"""Top-level URL map; each app owns its namespace."""

from django.contrib import admin
from django.urls import include, path

from hjp.accounts.views import home
from hjp.core.urls import urlpatterns as core_urlpatterns
from hjp.referrals.views.public import short_link

# The home page belongs to accounts (it depends on the role acted in) but keeps the name
# "core:home" beside the health check and static pages, which core serves without knowing roles.
core_patterns = ([path("", home, name="home"), *core_urlpatterns], "core")

urlpatterns = [
    path("", include(core_patterns)),
    path("account/", include("hjp.accounts.urls")),
    path("partnerships/", include("hjp.partnerships.urls")),
    path("people/", include("hjp.people.urls")),
    path("consent/", include("hjp.consent.urls")),
    path("audit/", include("hjp.privacy.urls")),
    path("referrals/", include("hjp.referrals.urls")),
    path("refer/", include("hjp.referrals.public_urls")),
    # The short self-referral address printed on posters (hjp/directory/models.py).
    path("r/<str:code>", short_link, name="self_referral_short"),
    path("cases/", include("hjp.cases.urls")),
    path("evidence/", include("hjp.evidence.urls")),
    path("consultations/", include("hjp.consultations.urls")),
    path("clinics/", include("hjp.clinics.urls")),
    path("outcomes/", include("hjp.outcomes.urls")),
    path("reports/", include("hjp.reporting.urls")),
    path("services/", include("hjp.directory.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "hjp.core.views.permission_denied"
handler404 = "hjp.core.views.not_found"
handler500 = "hjp.core.views.server_error"
