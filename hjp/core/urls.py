from django.urls import path

from hjp.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy", views.privacy, name="privacy"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("fonts.css", views.fonts, name="fonts"),
]
