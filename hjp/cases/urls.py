from django.urls import path

from hjp.cases.views import appointments, cases, deadlines, documents, issues, notes, reviews

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("<uuid:case_pk>/", cases.detail, name="detail"),
    path("workload/", cases.workload, name="workload"),
    path("<uuid:case_pk>/close/", cases.close, name="close"),
    path("<uuid:case_pk>/closed/", cases.closed, name="closed"),
    path("<uuid:case_pk>/reopen/", cases.reopen, name="reopen"),
    # Issues, conflict checks, opening directly, closing and reopening, caseloads.
    path("for-person/<uuid:person_pk>/new/", issues.open_for_person, name="open"),
    path("<uuid:case_pk>/issues/new/", issues.add, name="issue_add"),
    path("issues/<uuid:issue_pk>/", issues.detail, name="issue"),
    path("issues/<uuid:issue_pk>/level/", issues.level, name="issue_level"),
    path("issues/<uuid:issue_pk>/stage/", issues.stage, name="issue_stage"),
    path("issues/<uuid:issue_pk>/parties/new/", issues.party_add, name="party_add"),
    path("issues/<uuid:issue_pk>/conflict-check/", issues.conflict_check, name="conflict_check"),
    path("issues/<uuid:issue_pk>/conflict-waiver/", issues.conflict_waive, name="conflict_waive"),
    # Notes.
    path("<uuid:case_pk>/notes/", notes.note_list, name="notes"),
    path("<uuid:case_pk>/notes/new/", notes.add, name="note_add"),
    path("notes/<uuid:note_pk>/", notes.detail, name="note"),
    path("notes/<uuid:note_pk>/change/", notes.edit, name="note_edit"),
    path("notes/<uuid:note_pk>/entered-in-error/", notes.mark_in_error, name="note_error"),
    # Tasks and deadlines.
    path("<uuid:case_pk>/tasks/new/", deadlines.task_add, name="task_add"),
    path("<uuid:case_pk>/deadlines/new/", deadlines.deadline_add, name="deadline_add"),
    path(
        "<uuid:case_pk>/documents/<uuid:document_pk>/deadline/",
        deadlines.deadline_from_document,
        name="deadline_from_document",
    ),
    path("tasks/<uuid:task_pk>/", deadlines.task_detail, name="task"),
    path("tasks/<uuid:task_pk>/settle/", deadlines.task_complete, name="task_complete"),
    path("tasks/<uuid:task_pk>/due-date/", deadlines.task_due_date, name="task_due_date"),
    path("deadlines/", deadlines.deadlines_due, name="deadlines_due"),
    path("reminders/", deadlines.reminders, name="reminders"),
    # Documents.
    path("<uuid:case_pk>/documents/", documents.document_list, name="documents"),
    path("<uuid:case_pk>/documents/new/", documents.upload, name="document_upload"),
    path("documents/<uuid:document_pk>/", documents.detail, name="document"),
    path("documents/<uuid:document_pk>/download/", documents.download, name="document_download"),
    # Appointments.
    path("<uuid:case_pk>/appointments/new/", appointments.book, name="appointment_book"),
    path("appointments/", appointments.mine, name="my_appointments"),
    path("appointments/<uuid:appointment_pk>/", appointments.detail, name="appointment"),
    path(
        "appointments/<uuid:appointment_pk>/attendance/",
        appointments.attendance,
        name="appointment_attendance",
    ),
    path(
        "appointments/<uuid:appointment_pk>/move/",
        appointments.reschedule,
        name="appointment_reschedule",
    ),
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
