"""Stored inspections and viewers move from organisations' names to organisation records.

Forward:

- Every inspection gets its unit: the region named by its ``region`` (found among the regions
  by name, or made at the top) and, under it, the unit named by its ``organisation`` (found
  among the region's units, or made); an inspection with no region gets a unit at the top. Each
  organisation made, and each inspection's new unit, leaves a historical record saying so.
- Every ``OrganisationViewer`` (a user and an organisation's name) becomes a viewer's role of
  each unit of that name (as before, the name matched the inspections of every unit so
  named), the unit made at the top when there is none. Should the name be taken at the top by
  a region, the unit is made under that region, so that the role reads what the viewer read
  before (nothing yet) and never a whole region. The viewer's history is copied onto each
  role, followed by a record of the conversion. The history of viewers already deleted goes
  with the ``HistoricalOrganisationViewer`` table (0007).

Backward: every viewer's role becomes an ``OrganisationViewer`` again, one per unit it reads
(a region's viewer: one for each of the region's units), and the viewers' roles and their
history are deleted; organisations and units stay (0005 backward drops them).

The rules are written out here rather than imported, so that this migration does what it did
whatever the application's code becomes.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

APP = "inspections"
SLUG_LENGTH = 50
MADE = "made from the inspections' names (migration 0006)"
PLACED = "unit recorded from the organisation's and region's names (migration 0006)"
CONVERTED = "converted from an organisation viewer (migration 0006)"


class _Organisations:
    """Finding and making organisation records, each made one recorded in its history."""

    def __init__(self, apps: Any, db: str) -> None:
        self.model = apps.get_model(APP, "Organisation")
        self.history = apps.get_model(APP, "HistoricalOrganisation")
        self.db = db
        self.now = timezone.now()

    def objects(self) -> Any:
        return self.model.objects.using(self.db)

    def make(self, name: str, kind: str, parent: Any) -> Any:
        taken = self.objects().filter(parent=parent, name=name).first()
        if taken is not None:
            raise RuntimeError(
                f"the {taken.kind} {name!r} stands where a {kind} of that name is needed: "
                "rename one of them, then migrate again"
            )
        made = self.objects().create(
            slug=self._free_slug(name), name=name, kind=kind, parent=parent
        )
        self.history.objects.using(self.db).create(
            id=made.pk, slug=made.slug, name=name, kind=kind, parent_id=made.parent_id,
            history_date=self.now, history_type="+", history_change_reason=MADE,
        )  # fmt: skip
        return made

    def region(self, name: str) -> Any:
        found = self.objects().filter(kind="region", name=name).order_by("pk").first()
        return found or self.make(name, "region", None)

    def unit(self, name: str, region: str | None) -> Any:
        parent = self.region(region) if region else None
        found = self.objects().filter(parent=parent, name=name, kind="unit").first()
        return found or self.make(name, "unit", parent)

    def units_named(self, name: str) -> list[Any]:
        units = list(self.objects().filter(kind="unit", name=name).order_by("pk"))
        if units:
            return units
        top = self.objects().filter(parent=None, name=name, kind="region").first()
        return [self.make(name, "unit", top)]

    def _free_slug(self, name: str) -> str:
        base = slugify(name).replace("_", "-").strip("-")[:SLUG_LENGTH] or "organisation"
        slug, n = base, 1
        while self.objects().filter(slug=slug).exists():
            n += 1
            suffix = f"-{n}"
            slug = base[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        return slug


def names_to_records(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    organisations = _Organisations(apps, db)
    now = organisations.now
    Inspection = apps.get_model(APP, "Inspection")
    HistoricalInspection = apps.get_model(APP, "HistoricalInspection")
    tracked = [f.attname for f in Inspection._meta.concrete_fields if f.name != "published_html"]
    for inspection in Inspection.objects.using(db).order_by("pk"):
        unit = organisations.unit(inspection.organisation, inspection.region)
        inspection.unit = unit
        inspection.region = unit.parent.name if unit.parent_id is not None else None
        inspection.save(using=db, update_fields=["unit", "region"])
        HistoricalInspection.objects.using(db).create(
            **{name: getattr(inspection, name) for name in tracked},
            history_date=now, history_type="~", history_change_reason=PLACED,
        )  # fmt: skip

    OrganisationViewer = apps.get_model(APP, "OrganisationViewer")
    HistoricalOrganisationViewer = apps.get_model(APP, "HistoricalOrganisationViewer")
    UserRole = apps.get_model(APP, "UserRole")
    HistoricalUserRole = apps.get_model(APP, "HistoricalUserRole")
    for viewer in OrganisationViewer.objects.using(db).order_by("pk"):
        past = list(
            HistoricalOrganisationViewer.objects.using(db)
            .filter(id=viewer.pk)
            .order_by("history_date", "history_id")
        )
        for unit in organisations.units_named(viewer.organisation):
            role, made = UserRole.objects.using(db).get_or_create(
                user_id=viewer.user_id, role="viewer", organisation=unit
            )
            if not made:
                continue
            for h in past:
                HistoricalUserRole.objects.using(db).create(
                    id=role.pk, user_id=h.user_id, role="viewer", organisation_id=unit.pk,
                    history_date=h.history_date, history_type=h.history_type,
                    history_user_id=h.history_user_id,
                    history_change_reason=h.history_change_reason,
                )  # fmt: skip
            HistoricalUserRole.objects.using(db).create(
                id=role.pk, user_id=role.user_id, role="viewer", organisation_id=unit.pk,
                history_date=now, history_type="~" if past else "+",
                history_change_reason=CONVERTED,
            )  # fmt: skip


def records_to_names(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    Organisation = apps.get_model(APP, "Organisation")
    OrganisationViewer = apps.get_model(APP, "OrganisationViewer")
    UserRole = apps.get_model(APP, "UserRole")
    HistoricalUserRole = apps.get_model(APP, "HistoricalUserRole")
    roles = UserRole.objects.using(db).filter(role="viewer").select_related("organisation")
    for role in roles.order_by("pk"):
        org = role.organisation
        units = (
            [org]
            if org.kind == "unit"
            else list(Organisation.objects.using(db).filter(parent=org, kind="unit"))
        )
        for unit in units:
            OrganisationViewer.objects.using(db).get_or_create(
                user_id=role.user_id, organisation=unit.name
            )
    HistoricalUserRole.objects.using(db).filter(role="viewer").delete()
    roles.delete()


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0005_organisations_roles_workflow_records"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.RunPython(names_to_records, records_to_names),
    ]
