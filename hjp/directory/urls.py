from django.urls import path

from hjp.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("add", views.add, name="add"),
    path("<uuid:service_pk>/capacity", views.capacity, name="capacity"),
    path(
        "<uuid:service_pk>/self-referral-qr-code.svg",
        views.self_referral_qr_code,
        name="self_referral_qr_code",
    ),
]
