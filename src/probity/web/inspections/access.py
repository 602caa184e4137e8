"""Who may see and do what: every view asks here, and every query of inspection data starts
from one of these querysets, so that a link hidden in a page is never the only guard.

- Administrators (a superuser, or a user holding the ``admin`` role) may do everything, in
  every inspection.
- A lead inspector may do everything in their inspection: assign cases, quality-assure,
  judge domain one, publish.
- An inspector reads their inspection's dashboard and cases, and edits only the cases
  assigned to them, until the case is quality-assured or the inspection published.
- A viewer reads the published reports of the unit they view (a ``viewer`` role of the unit),
  of every unit of the region they view (of the region), or of one inspection (their part in
  it), and nothing before publication.

A user with no part in an inspection is told it does not exist (404), so that ids do not
leak; a user with a part who asks for more than it allows is refused (403).
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from probity.web.inspections.models import Case, CaseStatus, Inspection, Membership, Part
from probity.web.inspections.organisations import Role, UserRole

AnyUser = User | AnonymousUser


class Access(StrEnum):
    """A user's standing in one inspection, from the most to the least."""

    ADMIN = "admin"
    LEAD = "lead"
    INSPECTOR = "inspector"
    VIEWER = "viewer"

    @property
    def leads(self) -> bool:
        """May act as the inspection's lead (administrators may)."""
        return self in (Access.ADMIN, Access.LEAD)

    @property
    def works_on(self) -> bool:
        """Is one of the inspection's team (reads its dashboard and cases)."""
        return self is not Access.VIEWER


# The parts in an inspection's team that work on it (a viewer's part does not).
TEAM_PARTS = (Part.LEAD, Part.INSPECTOR)


def is_admin(user: AnyUser) -> bool:
    """Whether the user is an administrator: a superuser, or holding the ``admin`` role."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or UserRole.objects.filter(user=user, role=Role.ADMIN).exists()


def visible_inspections(user: AnyUser) -> QuerySet[Inspection]:
    """The inspections the user may see at all."""
    if not user.is_authenticated or not user.is_active:
        return Inspection.objects.none()
    if is_admin(user):
        return Inspection.objects.all()
    parts = Membership.objects.filter(user=user)
    viewed = UserRole.objects.filter(user=user, role=Role.VIEWER).values("organisation")
    published_to_them = (
        Q(pk__in=parts.filter(role=Part.VIEWER).values("inspection"))
        | Q(unit__in=viewed)
        | Q(unit__parent__in=viewed)
    )
    return Inspection.objects.filter(
        Q(pk__in=parts.filter(role__in=TEAM_PARTS).values("inspection"))
        | (Q(is_published=True) & published_to_them)
    )


def access_to(user: AnyUser, inspection: Inspection) -> Access | None:
    """The user's standing in the inspection, or None if they have none."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_admin(user):
        return Access.ADMIN
    part = (
        Membership.objects.filter(user=user, inspection=inspection)
        .values_list("role", flat=True)
        .first()
    )
    if part == Part.LEAD:
        return Access.LEAD
    if part == Part.INSPECTOR:
        return Access.INSPECTOR
    if inspection.is_published and (part == Part.VIEWER or views_unit(user, inspection.unit_id)):
        return Access.VIEWER
    return None


def views_unit(user: AnyUser, unit_id: int | None) -> bool:
    """Whether the user holds a viewer's role of the unit, or of its region."""
    if unit_id is None or user.pk is None:
        return False
    return (
        UserRole.objects.filter(user_id=user.pk, role=Role.VIEWER)
        .filter(Q(organisation_id=unit_id) | Q(organisation__children=unit_id))
        .exists()
    )


def inspection_for(
    user: AnyUser, inspection_id: str, *, allow: frozenset[Access] | set[Access]
) -> tuple[Inspection, Access]:
    """The inspection and the user's standing in it, if the standing is one of ``allow``.

    404 when the user has no part in it (or it does not exist); 403 when their part is not
    enough.
    """
    # An id no stored one can match is not looked up (PostgreSQL refuses NUL in text).
    found = (
        Inspection.objects.filter(inspection_id=inspection_id) if _storable(inspection_id) else None
    )
    inspection = None if found is None else found.first()
    access = None if inspection is None else access_to(user, inspection)
    if inspection is None or access is None:
        raise Http404("No such inspection")
    if access not in allow:
        raise PermissionDenied(f"{access.value} may not do this in {inspection_id}")
    return inspection, access


TEAM = frozenset({Access.ADMIN, Access.LEAD, Access.INSPECTOR})
LEADS = frozenset({Access.ADMIN, Access.LEAD})
EVERYONE = frozenset(Access)


def visible_cases(user: AnyUser, inspection: Inspection, access: Access) -> QuerySet[Case]:
    """The inspection's cases the user may see: an inspector only those assigned to them."""
    cases = Case.objects.filter(inspection=inspection)
    if access is Access.INSPECTOR:
        return cases.filter(assessor_id=user.pk)
    if not access.works_on:
        return cases.none()
    return cases


def may_edit_case(user: AnyUser, access: Access, inspection: Inspection, case: Case) -> bool:
    """Whether the user may change the case's answers now."""
    if inspection.is_published or case.status == CaseStatus.QUALITY_ASSURED:
        return False
    if access.leads:
        return True
    return access is Access.INSPECTOR and case.assessor_id == user.pk


def case_for(
    user: AnyUser, inspection: Inspection, access: Access, case_id: str, *, edit: bool = False
) -> Case:
    """One case of the inspection, for reading (the team) or editing (its assessor or a lead).

    404 for a case not in the inspection; 403 for a case the user may not read or edit.
    """
    case = (
        Case.objects.filter(inspection=inspection, case_id=case_id).first()
        if _storable(case_id)
        else None
    )
    if case is None:
        raise Http404("No such case")
    if not access.works_on:
        raise PermissionDenied("Viewers read published reports only")
    if access is Access.INSPECTOR and case.assessor_id != user.pk:
        raise PermissionDenied("This case is assigned to another inspector")
    if edit and not may_edit_case(user, access, inspection, case):
        raise PermissionDenied("This case cannot be changed now")
    return case


def _storable(text: str) -> bool:
    """Whether a text from a URL could be a stored id at all."""
    return "\x00" not in text
