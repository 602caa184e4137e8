"""The second factor's pages: the code asked for after the password, setting up an
authenticator app, the recovery codes (shown once), one's own second factor, and removing it
with one's password. The rules are in :mod:`probity.web.inspections.second_factor`; the gate
that sends a session to these pages is :mod:`probity.web.second_factor_gate`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.web.inspections import second_factor
from probity.web.inspections.people_forms import error_list
from probity.web.inspections.second_factor import Missing
from probity.web.sign_in_throttle import password_checks_paused, password_failed
from probity.web.views.allowed import signed_in_user

PAUSED = (
    "Too many wrong passwords: your authenticator app cannot be removed for now. Try again "
    "in 15 minutes"
)
# Recovery codes just made, kept in the session from the step that made them to the page
# that shows them, once.
CODES_KEY = "probity.second_factor.codes"


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code", max_length=32, error_messages={"required": "Enter the code"}
    )


class PasswordForm(forms.Form):
    """The user's password, to remove their second factor."""

    password = forms.CharField(
        label="Your password", error_messages={"required": "Enter your password"}
    )


def _next(request: HttpRequest) -> str:
    """Where to go once the code is given: the page asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("inspections")


def _to(name: str, request: HttpRequest) -> HttpResponse:
    """A redirect to one of these pages, carrying where to go afterwards."""
    return redirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")


def _passed(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Mark the session as past the second factor, under a new session key (so that a
    session id seen before the code is worth nothing after it)."""
    request.session.cycle_key()
    otp_login(request, device)


@login_required
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The code asked for after the password, from the app or a recovery code."""
    owed = second_factor.missing(request)
    if owed is None:
        return redirect(_next(request))
    if owed is Missing.SET_UP:
        return _to("two-factor-set-up", request)
    user = signed_in_user(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        checked = second_factor.check_code(user, form.cleaned_data["code"])
        if checked.device is not None:
            _passed(request, checked.device)
            if isinstance(checked.device, StaticDevice):
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request, f"You used a recovery code: {left} left. Make new ones if few are left"
                )
            return redirect(_next(request))
        form.add_error("code", checked.problem or second_factor.WRONG)
    context = {"form": form, "errors": error_list(form), "next": _next(request)}
    return render(request, "probity/two_factor/code.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its secret as text and as a QR code, confirmed with a code
    it shows. Someone who has one already gives its code first (the gate) and cannot set up a
    second one here: they remove the first."""
    user = signed_in_user(request)
    if second_factor.app_device(user) is not None:
        if second_factor.missing(request) is Missing.CODE:
            return _to("sign-in-code", request)
        return redirect("two-factor")
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = second_factor.confirm(device, form.cleaned_data["code"])
        if problem is None:
            _passed(request, device)
            request.session[CODES_KEY] = second_factor.new_recovery_codes(user)
            return _to("recovery-codes", request)
        form.add_error("code", problem)
    context = {
        "form": form,
        "errors": error_list(form),
        "secret": second_factor.secret_text(device),
        "qr_code": second_factor.qr_code(device),
        "required": second_factor.required_of(user),
        "next": _next(request),
    }
    return render(request, "probity/two_factor/set_up.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once; a POST makes ten new ones in their place."""
    user = signed_in_user(request)
    if second_factor.app_device(user) is None:
        return redirect("two-factor")
    if request.method == "POST":
        request.session[CODES_KEY] = second_factor.new_recovery_codes(user)
        return redirect("recovery-codes")
    codes = request.session.pop(CODES_KEY, None)
    context = {
        "codes": codes if isinstance(codes, list) else None,
        "left": second_factor.recovery_codes_left(user),
        "next": _next(request),
    }
    return render(request, "probity/two_factor/recovery_codes.html", context)


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    """The user's second factor: set up or not, recovery codes left, what they may do."""
    user = signed_in_user(request)
    device = second_factor.app_device(user)
    context = {
        "device": device,
        "required": second_factor.required_of(user),
        "left": second_factor.recovery_codes_left(user) if device else 0,
    }
    return render(request, "probity/two_factor/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator and the recovery codes, after the password."""
    user = signed_in_user(request)
    if second_factor.app_device(user) is None:
        return redirect("two-factor")
    form = PasswordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = user.get_username()
        if password_checks_paused(request, username):
            # Counted like sign-in: after the limit even the right password waits.
            form.add_error("password", PAUSED)
            status = 403
        elif user.check_password(form.cleaned_data["password"]):
            second_factor.remove(user)
            second_factor.forget_in_session(request)
            messages.success(request, "Your authenticator app and recovery codes are removed")
            return HttpResponseRedirect(reverse("two-factor"))
        else:
            password_failed(request, username)
            form.add_error("password", "Your password is not right")
    context = {
        "form": form,
        "errors": error_list(form),
        "required": second_factor.required_of(user),
    }
    return render(request, "probity/two_factor/remove.html", context, status=status)


urlpatterns = [
    path("sign-in/code/", sign_in_code, name="sign-in-code"),
    path("account/two-factor/", overview, name="two-factor"),
    path("account/two-factor/set-up/", set_up, name="two-factor-set-up"),
    path("account/two-factor/recovery-codes/", recovery_codes, name="recovery-codes"),
    path("account/two-factor/remove/", remove, name="two-factor-remove"),
]
