from django.urls import path

from hjp.evidence.views import adviser, health

app_name = "evidence"

urlpatterns = [
    path("inbox/", health.inbox, name="inbox"),
    path("issues/<uuid:issue_pk>/new/", adviser.new, name="new"),
    path("<uuid:evidence_pk>/", adviser.detail, name="detail"),
    path("<uuid:evidence_pk>/send/", adviser.send, name="send"),
    path("<uuid:evidence_pk>/withdraw/", adviser.withdraw, name="withdraw"),
    path("<uuid:evidence_pk>/clarify/", adviser.clarify, name="clarify"),
    path("<uuid:evidence_pk>/fee-paid/", adviser.fee_paid, name="fee_paid"),
    path("<uuid:evidence_pk>/answer/", health.answer, name="answer"),
    path("<uuid:evidence_pk>/answered/", health.answered, name="answered"),
    path("<uuid:evidence_pk>/acknowledge/", health.acknowledge, name="acknowledge"),
    path("<uuid:evidence_pk>/decline/", health.decline, name="decline"),
    path(
        "<uuid:evidence_pk>/attachments/<uuid:document_pk>/",
        health.attachment,
        name="attachment",
    ),
]
