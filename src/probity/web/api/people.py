"""Users by username, as the API names them, and back: the workflow knows users by id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User

from probity.workflow.errors import InvalidError


def usernames(user_ids: Iterable[int | None]) -> dict[int, str]:
    """The usernames of these users, by id."""
    wanted = {u for u in user_ids if u is not None}
    return dict(User.objects.filter(pk__in=wanted).values_list("pk", "username"))


def user_ids(names: Sequence[tuple[str, str]]) -> dict[str, int]:
    """The ids of active users by username; ``names`` pairs each username with its place in
    the request, and every one that names no active user is a located problem."""
    found = dict(
        User.objects.filter(username__in={n for _, n in names}, is_active=True).values_list(
            "username", "pk"
        )
    )
    problems = [f"{place}: no active user {name!r}" for place, name in names if name not in found]
    if problems:
        raise InvalidError(problems)
    return found
