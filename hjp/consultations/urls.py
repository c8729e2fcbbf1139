from django.urls import path

from hjp.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.questions, name="list"),
    path("ask/", views.ask, name="ask"),
    path("ask/people/<uuid:person_pk>/", views.ask_about, name="ask_about"),
    path("<uuid:consultation_pk>/", views.detail, name="detail"),
    path("<uuid:consultation_pk>/reply/", views.reply, name="reply"),
    path("<uuid:consultation_pk>/close/", views.close, name="close"),
]
