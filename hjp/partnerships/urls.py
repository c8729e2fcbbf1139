from django.urls import path

from hjp.partnerships import views
from hjp.partnerships.views import funding

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
    path("<uuid:partnership_pk>/funding/", funding.funding, name="funding"),
    path("<uuid:partnership_pk>/funding/streams/add", funding.add_stream, name="add_stream"),
    path("<uuid:partnership_pk>/funding/in-kind/add", funding.add_support, name="add_support"),
    path("funding/streams/<uuid:stream_pk>/change", funding.change_stream, name="change_stream"),
    path("<uuid:partnership_pk>/goals/add", funding.add_goal, name="add_goal"),
    path("goals/<uuid:goal_pk>/", funding.goal, name="goal"),
    path("goals/<uuid:goal_pk>/revise", funding.revise_goal, name="revise_goal"),
    path("goals/<uuid:goal_pk>/retire", funding.retire_goal, name="retire_goal"),
]
