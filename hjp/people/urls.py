from django.urls import path

from hjp.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("add", views.add, name="add"),
    path("<uuid:person_pk>/", views.detail, name="detail"),
    path("<uuid:person_pk>/edit", views.edit, name="edit"),
]
