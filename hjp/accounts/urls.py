from django.urls import path

from hjp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login", views.login_view, name="login"),
    path("logout", views.logout_view, name="logout"),
    path("login/code", views.prove_second_factor, name="second_factor"),
    path("login/set-up", views.set_up_second_factor, name="second_factor_setup"),
    path("security", views.log_in_security, name="security"),
    path("organisation", views.switch_membership, name="switch"),
    path("password", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/changed", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
