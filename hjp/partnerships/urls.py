from django.urls import path

from hjp.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("organisations/<uuid:organisation_pk>/", views.organisation, name="organisation"),
    path("<uuid:partnership_pk>/", views.detail, name="detail"),
    path("<uuid:partnership_pk>/edit", views.edit, name="edit"),
    path(
        "<uuid:partnership_pk>/organisations/add", views.add_organisation, name="add_organisation"
    ),
    path("<uuid:partnership_pk>/members/add", views.add_member, name="add_member"),
    path("<uuid:partnership_pk>/members/<uuid:member_pk>/end", views.end_member, name="end_member"),
    path("<uuid:partnership_pk>/sites/add", views.add_site, name="add_site"),
    path("<uuid:partnership_pk>/sites/<uuid:site_pk>/edit", views.edit_site, name="edit_site"),
]
