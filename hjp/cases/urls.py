from django.urls import path

from hjp.cases.views import cases, notes, reviews

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("<uuid:case_pk>/", cases.detail, name="detail"),
    # Issues, conflict checks, opening directly, closing and reopening, caseloads.
    # Notes.
    path("<uuid:case_pk>/notes/", notes.note_list, name="notes"),
    path("<uuid:case_pk>/notes/new/", notes.add, name="note_add"),
    path("notes/<uuid:note_pk>/", notes.detail, name="note"),
    path("notes/<uuid:note_pk>/change/", notes.edit, name="note_edit"),
    path("notes/<uuid:note_pk>/entered-in-error/", notes.mark_in_error, name="note_error"),
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
