"""Log in, and the one page the benchmark measures."""

from django.contrib.auth.views import LoginView
from django.urls import path

from bench.reference import views

urlpatterns = [
    path("login", LoginView.as_view(template_name="login.html"), name="login"),
    path("", views.select_one, name="select_one"),
]
