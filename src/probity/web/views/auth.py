"""Sign in and sign out, setting one's password through a one-time link, and asking for such
a link by e-mail when the password is forgotten (Django's own views, in the GOV.UK look;
django-axes throttles sign-in; the second factor's pages are in
:mod:`probity.web.views.second_factor`).

Asking for a link says the same whether or not the address is an account's, so that the page
tells nobody which addresses are. The link is made with ``PROBITY_BASE_URL``, never the request's
host. Requests are throttled by address and by e-mail address
(:func:`probity.web.sign_in_throttle.reset_allowed`): beyond the limit the answer is the same
and no mail is sent. A new password does not pass the second factor: it is asked for at the
next sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse_lazy

from probity.web.sign_in_throttle import reset_allowed


class ResetByEmail(auth_views.PasswordResetView):
    """Django's view, its link made with the configured address rather than the request's."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        """Send the link (to an account's address only, and within the limit of requests
        from one address and for one e-mail address) and say the same either way."""
        if not reset_allowed(self.request, form.cleaned_data["email"]):
            # The same answer as a link sent: the page tells nothing of the limit either.
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {"base_url": settings.PROBITY_BASE_URL}
        return super().form_valid(form)


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
        "password-reset/",
        ResetByEmail.as_view(
            template_name="probity/password_reset/form.html",
            email_template_name="probity/password_reset/email.txt",
            subject_template_name="probity/password_reset/subject.txt",
            success_url=reverse_lazy("password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="probity/password_reset/sent.html"),
        name="password-reset-sent",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="probity/password_set.html"),
        name="password-set",
    ),
]
