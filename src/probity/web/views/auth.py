"""Sign in and sign out, and setting one's password through a one-time link (Django's own
views, in the GOV.UK look; django-axes throttles sign-in)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="probity/sign_in.html", redirect_authenticated_user=True
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="probity/set_password.html",
            success_url=reverse_lazy("password-set"),
            post_reset_login=False,
        ),
        name="set-password",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="probity/password_set.html"),
        name="password-set",
    ),
]
