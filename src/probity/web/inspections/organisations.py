"""Organisations as records, and the roles users hold.

An :class:`Organisation` is the inspectorate, a region, or a unit (what an inspection
inspects, whatever its framework calls it); a unit's parent is its region,
a region's may be the inspectorate. An inspection names its unit (``Inspection.unit``) and keeps
the bundle's names beside it (``organisation``, ``region``), equal to the unit's name and its
region's: :func:`place` sets all three, :func:`unit_named` finds or creates the records a
bundle names, :func:`rename_followed` carries an organisation's new name or place to its
inspections.

A :class:`UserRole` is one role a user holds (:class:`Role`, the workflow's roles); a viewer's
is of one unit or region (a regional viewer reads every unit of the region). A superuser counts
as an administrator whether or not they hold the role (:mod:`probity.web.inspections.access`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from probity.web.inspections.models import Inspection

SLUG_LENGTH = 50


class OrganisationKind(models.TextChoices):
    """What an organisation is."""

    INSPECTORATE = "inspectorate", "Inspectorate"
    REGION = "region", "Region"
    UNIT = "unit", "Unit"


# The kinds an organisation of each kind may sit under (None: at the top).
PARENT_KINDS: dict[str, frozenset[str | None]] = {
    OrganisationKind.INSPECTORATE: frozenset({None}),
    OrganisationKind.REGION: frozenset({None, OrganisationKind.INSPECTORATE}),
    OrganisationKind.UNIT: frozenset({None, OrganisationKind.REGION}),
}


class Organisation(models.Model):
    """The inspectorate, a region or a unit. ``slug`` is short and never changes once given;
    ``name`` is unique among the organisation's siblings (and among those at the top)."""

    slug = models.CharField(
        max_length=SLUG_LENGTH,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", "Letters, digits and hyphens only.")],
        help_text="A short name that never changes: letters, digits and hyphens.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("parent", "name"),
                condition=Q(parent__isnull=False),
                name="organisation_name_among_siblings",
            ),
            models.UniqueConstraint(
                fields=("name",),
                condition=Q(parent__isnull=True),
                name="organisation_name_at_top",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind"
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.INSPECTORATE) | Q(parent__isnull=True),
                name="inspectorate_at_top",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    def clean(self) -> None:
        """A unit sits under a region (or nothing), a region under the inspectorate (or
        nothing); what sits under this one, and the inspections of a unit, must stay so."""
        parent_kind = self.parent.kind if self.parent is not None else None
        if parent_kind not in PARENT_KINDS.get(self.kind, frozenset()):
            raise ValidationError(
                {"parent": f"A {self.get_kind_display().lower()} cannot sit under a {parent_kind}."}
            )
        if self.pk is None:
            return
        children = self.children.exclude(kind__in=_kinds_under(self.kind))
        if children.exists():
            raise ValidationError({"kind": f"{children.first()} cannot sit under a {self.kind}."})
        if self.kind != OrganisationKind.UNIT and self.inspections.exists():
            raise ValidationError({"kind": "Inspections inspect this unit: it must stay one."})


def _kinds_under(kind: str) -> list[str]:
    return [child for child, parents in PARENT_KINDS.items() if kind in parents]


class OrganisationConflictError(Exception):
    """An organisation of another kind already has the name where one is wanted."""

    def __init__(self, existing: Organisation, kind: str) -> None:
        super().__init__(
            f"{existing} already has the name {existing.name!r} where a {kind} is wanted"
        )
        self.existing = existing


def unit_named(name: str, region: str | None, *, using: str = DEFAULT_DB_ALIAS) -> Organisation:
    """The unit of this name under the region of this name (at the top when ``region`` is
    empty), each found or created: the region by its name among the regions, the unit by its
    name among the region's units. An organisation of another kind in the way raises
    :class:`OrganisationConflictError`."""
    parent = None
    if region:
        parent = (
            Organisation.objects.using(using)
            .filter(kind=OrganisationKind.REGION, name=region)
            .order_by("pk")
            .first()
        ) or _create(region, OrganisationKind.REGION, None, using)
    found = Organisation.objects.using(using).filter(parent=parent, name=name).first()
    if found is None:
        return _create(name, OrganisationKind.UNIT, parent, using)
    if found.kind != OrganisationKind.UNIT:
        raise OrganisationConflictError(found, OrganisationKind.UNIT)
    return found


def _create(name: str, kind: str, parent: Organisation | None, using: str) -> Organisation:
    if parent is None:
        taken = Organisation.objects.using(using).filter(parent=None, name=name).first()
        if taken is not None:
            raise OrganisationConflictError(taken, kind)
    return Organisation.objects.using(using).create(
        slug=free_slug(name, using=using), name=name, kind=kind, parent=parent
    )


def free_slug(name: str, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """A slug made from the name that no organisation has yet (``-2``, ``-3``… added when
    needed)."""
    base = slugify(name).replace("_", "-").strip("-")[:SLUG_LENGTH] or "organisation"
    slug, n = base, 1
    while Organisation.objects.using(using).filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
    return slug


def place(inspection: Inspection, unit: Organisation) -> None:
    """Make ``unit`` the inspection's, and its names (the unit's and its region's) the
    inspection's ``organisation`` and ``region`` (not saved)."""
    inspection.unit = unit
    inspection.organisation = unit.name
    inspection.region = unit.parent.name if unit.parent is not None else None


def rename_followed(organisation: Organisation, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Give the inspections of the organisation (a unit, or a region's units) the names it now
    has, each saved with its history; the number changed."""
    from probity.web.inspections.models import Inspection

    inspections = Inspection.objects.using(using).select_related("unit__parent")
    changed = 0
    for inspection in inspections.filter(Q(unit=organisation) | Q(unit__parent=organisation)):
        before = (inspection.organisation, inspection.region)
        assert inspection.unit is not None  # the filter's
        place(inspection, inspection.unit)
        if (inspection.organisation, inspection.region) != before:
            inspection.save(using=using, update_fields=["organisation", "region"])
            changed += 1
    return changed


class Role(models.TextChoices):
    """What a user is in Probity (the workflow's roles, :class:`probity.workflow.model.Role`).
    A user may hold several."""

    ADMIN = "admin", "Administrator"
    LEAD = "lead", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    QUALITY_LEAD = "quality_lead", "Quality lead"
    ANALYST = "analyst", "Analyst"
    VIEWER = "viewer", "Organisation viewer"


# The organisations a viewer may be the viewer of.
VIEWED_KINDS = frozenset({OrganisationKind.UNIT, OrganisationKind.REGION})


class UserRole(models.Model):
    """One role a user holds; a viewer's is of one unit or region (``organisation``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="user_roles"
    )

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        ordering = ("user", "role", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("user", "role", "organisation"),
                condition=Q(organisation__isnull=False),
                name="user_role_key",
            ),
            models.UniqueConstraint(
                fields=("user", "role"),
                condition=Q(organisation__isnull=True),
                name="user_role_key_no_organisation",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_role"),
            models.CheckConstraint(
                condition=~Q(role=Role.VIEWER) | Q(organisation__isnull=False),
                name="viewer_of_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.organisation.name}" if self.organisation is not None else ""
        return f"{self.user} – {self.get_role_display()}{where}"

    def clean(self) -> None:
        """A viewer views a unit or a region."""
        if self.role != Role.VIEWER:
            return
        if self.organisation is None or self.organisation.kind not in VIEWED_KINDS:
            raise ValidationError({"organisation": "A viewer views a unit or a region."})
