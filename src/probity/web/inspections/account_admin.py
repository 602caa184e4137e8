"""Users in the Django admin, their changes kept in the audit trail: an account activated or
deactivated, the staff or superuser flag, the groups and permissions, the name and e-mail
address, each as an account change (old → new, who, when), and a password set (never the
password itself), as the People pages and the
account commands keep them. Only what the admin's own forms save is recorded here: other
paths record their own changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from probity.web.inspections.audit import record_event

# The account's fields as the trail names them; the active flag in the People pages' words.
FLAGS = {"is_staff": "staff (Django admin)", "is_superuser": "superuser"}
TEXTS = {"first_name": "first name", "last_name": "last name", "email": "e-mail address",
         "username": "username"}  # fmt: skip
ACTIVE = {True: "active", False: "deactivated"}


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _names(rows: Iterable[Any]) -> str:
    return ", ".join(sorted(str(r) for r in rows))


def account_state(user: User) -> dict[str, str]:
    """What the trail compares of an account, each in the words the trail shows."""
    if user.pk is None:
        return {}
    state = {"account": ACTIVE[user.is_active]}
    state |= {label: _yes_no(getattr(user, f)) for f, label in FLAGS.items()}
    state |= {label: getattr(user, f) or "" for f, label in TEXTS.items()}
    state["groups"] = _names(user.groups.all())
    state["permissions"] = _names(user.user_permissions.all())
    return state


class AccountAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, each change of an account recorded: the account as it stood is
    read before the form saves, compared after its groups and permissions are saved too."""

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[Any], change: bool
    ) -> None:
        before = account_state(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        request._probity_account_before = before  # type: ignore[attr-defined]  # save_related's

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        user: User = form.instance
        before: dict[str, str] = getattr(request, "_probity_account_before", {})
        by = request.user.pk
        name = user.get_username()
        if not change:
            record_event("user", f"User {name}: added in the Django admin", by=by,
                         new=ACTIVE[user.is_active])  # fmt: skip
            return
        for field, now in account_state(user).items():
            was = before.get(field, "")
            if was != now:
                record_event("user", f"User {name}, {field}", by=by, old=was, new=now)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page that sets a user's password; a password set is recorded (never the
        password)."""
        response: HttpResponse = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            record_event("user", f"User {user.get_username()}, password", by=request.user.pk,
                         new="set in the Django admin")  # fmt: skip
        return response


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
