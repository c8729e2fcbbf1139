"""Consent pages. Consent records are append-only: there is no URL that edits or deletes one."""

from django.urls import path

from hjp.consent import views

app_name = "consent"

urlpatterns = [
    path("people/<uuid:person_pk>/record", views.record, name="record"),
    path("<uuid:consent_pk>/withdraw", views.withdraw, name="withdraw"),
    path("renewals", views.renewals, name="renewals"),
]
