from django.urls import path

from hjp.clinics import views

app_name = "clinics"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("services/<uuid:service_pk>/", views.service_clinics, name="service"),
    path("services/<uuid:service_pk>/schedules/new", views.add_schedule, name="add_schedule"),
    path("services/<uuid:service_pk>/rebook", views.rebooking_list, name="rebooking_list"),
    path("sessions/<uuid:session_pk>/", views.session, name="session"),
    path("sessions/<uuid:clinic_pk>/change", views.change_session, name="change_session"),
    path("sessions/<uuid:clinic_pk>/cancel", views.cancel_session, name="cancel_session"),
    path("bookings/<uuid:booking_pk>/rebook", views.rebook, name="rebook"),
]
