from django.urls import path

from hjp.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:case_pk>/", views.detail, name="detail"),
]
