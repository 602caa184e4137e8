"""A signed-in user's own API tokens: the list (name, first characters, created, last used,
revoked), a new one (shown once, then never again: only its SHA-256 is kept), and revoking one.
Nobody sees or revokes another user's tokens: theirs are not found. A token is made only from
a session that gave its second factor where the user has or needs one (a token then works
alone: the API asks for no code), since a token outlives the session."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from probity.web.inspections import second_factor, tokens
from probity.web.inspections.people_forms import error_list
from probity.web.inspections.tokens import ApiToken
from probity.web.views.allowed import signed_in_user

# A token just issued, kept in the session from the step that made it to the page that shows
# it, once.
TOKEN_KEY = "probity.account.token"
NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100


class TokenForm(forms.Form):
    """What a new token is for."""

    name = forms.CharField(
        label="What is the token for?",
        max_length=NAME_LENGTH,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": f"What the token is for must be {NAME_LENGTH} characters or fewer",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens, and a new one."""
    user = signed_in_user(request)
    if second_factor.missing(request) is not None:
        # The gate (probity.web.second_factor_gate) sends such a session away first; this
        # view does not rely on it.
        return redirect(f"{reverse('sign-in-code')}?next={reverse('api-tokens')}")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record, token = tokens.issue(user, form.cleaned_data["name"].strip())
        request.session[TOKEN_KEY] = {"id": record.pk, "token": token}
        return redirect("api-tokens")
    shown = _issued(request)
    context = {
        "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"),
        "issued": shown,
        "form": form,
        "errors": error_list(form),
    }
    return render(request, "probity/account/tokens.html", context)


def _issued(request: HttpRequest) -> dict[str, object] | None:
    """The token just issued, with its record, taken out of the session (shown once)."""
    kept = request.session.pop(TOKEN_KEY, None)
    if not isinstance(kept, dict) or not isinstance(kept.get("id"), int):
        return None
    record = ApiToken.objects.filter(pk=kept["id"], user=signed_in_user(request)).first()
    return None if record is None else {"record": record, "token": kept.get("token")}


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's tokens, after a confirmation."""
    record = ApiToken.objects.filter(pk=token_id, user=signed_in_user(request)).first()
    if record is None:
        raise Http404("No such token")
    if request.method == "POST":
        if tokens.revoke(ApiToken.objects.filter(pk=record.pk)):
            messages.success(request, f"The token “{record.name}” is revoked")
        return redirect("api-tokens")
    return render(request, "probity/account/revoke.html", {"token": record})


urlpatterns = [
    path("tokens/", api_tokens, name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", api_token_revoke, name="api-token-revoke"),
]
