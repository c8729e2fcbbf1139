from django.urls import path

from hjp.cases.views import cases, reviews

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
    path("reviews/", reviews.dashboard, name="reviews"),
    path("reviews/schedule/", reviews.schedule, name="review_schedule"),
    path("reviews/sample/", reviews.draw_sample, name="review_sample"),
    path("reviews/export/", reviews.export, name="reviews_export"),
    path("reviews/<uuid:review_pk>/", reviews.detail, name="review"),
    path(
        "reviews/actions/<uuid:action_pk>/confirm/",
        reviews.confirm_action,
        name="review_action_confirm",
    ),
    path("<uuid:case_pk>/review/", reviews.add, name="review_add"),
]
