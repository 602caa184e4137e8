"""What the navigation of every page needs to know: which parts of the service the user may
go to (the policy decides, as the pages themselves ask it), and whether a link is to the part
the page is in."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils import timezone

from probity.web.inspections.actors import request_actor
from probity.web.inspections.models import Membership, Part
from probity.workflow.policy import Action, decide

register = template.Library()


@dataclass(frozen=True)
class Navigation:
    """The links across inspections the user may follow."""

    people: bool
    organisations: bool
    audit: bool  # the whole trail, or the trail of an inspection they lead


@register.simple_tag
def navigation_for(request: HttpRequest) -> Navigation:
    """The links the signed-in user's roles allow (people and organisations:
    administrators; the audit trail: administrators and leads of an inspection)."""
    actor, today = request_actor(request), timezone.localdate()
    return Navigation(
        people=decide(actor, Action.MANAGE_USERS, today=today).allowed,
        organisations=decide(actor, Action.MANAGE_ORGANISATIONS, today=today).allowed,
        audit=decide(actor, Action.READ_WHOLE_AUDIT, today=today).allowed
        or Membership.objects.filter(user_id=actor.user_id, role=Part.LEAD).exists(),
    )


@register.filter
def within(path: str, prefix: str) -> bool:
    """Whether the page's path is under the prefix (``/people/``)."""
    return path.startswith(prefix)
