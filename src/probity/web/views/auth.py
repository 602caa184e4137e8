"""Sign in and sign out (Django's own views, in the GOV.UK look; django-axes throttles)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="probity/sign_in.html", redirect_authenticated_user=True
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
]
