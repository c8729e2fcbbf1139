from django.urls import path

from hjp.cases.views import cases

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("<uuid:case_pk>/", cases.detail, name="detail"),
    # Issues, conflict checks, opening directly, closing and reopening, caseloads.
    # Notes.
    # Tasks and deadlines.
    # Documents.
    # Appointments.
    # File review.
]
