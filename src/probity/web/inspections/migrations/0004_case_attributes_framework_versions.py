"""Cases carry the attributes their framework declares, and inspections the framework they are
recorded under.

- ``Case.attributes`` (JSON) replaces the ten columns of the adult PDU framework's cases;
  every stored case, and every historical record of one, keeps its values under the column's
  name (true or false for the yes-or-no columns, the text for the others), so the history of
  changes survives.
- ``Inspection.pdu`` is ``organisation`` (its framework says how to call it); ``region`` may
  be empty; ``framework_hash`` names the ``FrameworkVersion`` (a framework file's exact text)
  the inspection is rated under. Inspections stored before this migration record the file
  installed when their framework is first needed
  (:func:`probity.web.inspections.frameworks.framework_of`), so that this migration depends on
  no framework file.
- ``PduViewer`` is ``OrganisationViewer``, of an organisation by its name.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The columns that were the cases' attributes (hmip-adult-pdu-2021), yes-or-no ones first.
BOOLEAN_COLUMNS = (
    "unpaid_work_only",
    "court_report",
    "disability",
    "drug_misuse",
    "alcohol_misuse",
)
COLUMNS = (
    "case_type", "unpaid_work_only", "court_report", "rosh", "gender", "ethnic_group",
    "disability", "drug_misuse", "alcohol_misuse", "practitioner_grade",
)  # fmt: skip
BATCH = 1000


def _attributes(row: Any) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in COLUMNS:
        value = getattr(row, name)
        out[name] = bool(value) if name in BOOLEAN_COLUMNS else value
    return out


def columns_to_attributes(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    for model_name in ("Case", "HistoricalCase"):
        model = apps.get_model("inspections", model_name)
        key = model._meta.pk.name
        rows = []
        for row in model.objects.using(db).order_by(key).iterator(chunk_size=BATCH):
            row.attributes = _attributes(row)
            rows.append(row)
            if len(rows) >= BATCH:
                model.objects.using(db).bulk_update(rows, ["attributes"])
                rows = []
        if rows:
            model.objects.using(db).bulk_update(rows, ["attributes"])


def attributes_to_columns(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    for model_name in ("Case", "HistoricalCase"):
        model = apps.get_model("inspections", model_name)
        key = model._meta.pk.name
        rows = []
        for row in model.objects.using(db).order_by(key).iterator(chunk_size=BATCH):
            stored = row.attributes or {}
            for name in COLUMNS:
                value = stored.get(name)
                if name in BOOLEAN_COLUMNS:
                    setattr(row, name, bool(value))
                else:
                    setattr(row, name, "" if value is None else str(value))
            rows.append(row)
        for start in range(0, len(rows), BATCH):
            model.objects.using(db).bulk_update(rows[start : start + BATCH], list(COLUMNS))


def _temporary_defaults() -> list[migrations.operations.base.Operation]:
    """Defaults on the old columns, so that going back can add them to tables with rows
    (the data step then fills them in)."""
    ops: list[migrations.operations.base.Operation] = []
    for model_name in ("case", "historicalcase"):
        for name in BOOLEAN_COLUMNS:
            ops.append(
                migrations.AlterField(
                    model_name=model_name, name=name, field=models.BooleanField(default=False)
                )
            )
        for name, length in (
            ("case_type", 50), ("rosh", 50), ("gender", 50), ("ethnic_group", 100),
            ("practitioner_grade", 50),
        ):  # fmt: skip
            ops.append(
                migrations.AlterField(
                    model_name=model_name,
                    name=name,
                    field=models.CharField(max_length=length, default=""),
                )
            )
    return ops


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0003_judgement_version_published_report"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        # The cases' attributes.
        migrations.AddField(
            model_name="case", name="attributes", field=models.JSONField(default=dict)
        ),
        migrations.AddField(
            model_name="historicalcase", name="attributes", field=models.JSONField(default=dict)
        ),
        *_temporary_defaults(),
        migrations.RunPython(columns_to_attributes, attributes_to_columns),
        *(
            migrations.RemoveField(model_name=model_name, name=name)
            for model_name in ("case", "historicalcase")
            for name in COLUMNS
        ),
        # The organisation inspected, its region, and the framework recorded.
        migrations.RenameField(model_name="inspection", old_name="pdu", new_name="organisation"),
        migrations.RenameField(
            model_name="historicalinspection", old_name="pdu", new_name="organisation"
        ),
        migrations.AlterField(
            model_name="inspection",
            name="region",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AlterField(
            model_name="historicalinspection",
            name="region",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="inspection",
            name="framework_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="framework_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.CreateModel(
            name="FrameworkVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("framework_id", models.CharField(max_length=200)),
                ("content_hash", models.CharField(max_length=64, unique=True)),
                ("text", models.TextField()),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        # The viewers of an organisation's published reports.
        migrations.RemoveConstraint(model_name="pduviewer", name="pdu_viewer_key"),
        migrations.RenameModel(old_name="PduViewer", new_name="OrganisationViewer"),
        migrations.RenameField(
            model_name="organisationviewer", old_name="pdu", new_name="organisation"
        ),
        migrations.AlterField(
            model_name="organisationviewer",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="organisation_views",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="organisationviewer",
            constraint=models.UniqueConstraint(
                fields=("user", "organisation"), name="organisation_viewer_key"
            ),
        ),
        migrations.RenameModel(
            old_name="HistoricalPduViewer", new_name="HistoricalOrganisationViewer"
        ),
        migrations.RenameField(
            model_name="historicalorganisationviewer", old_name="pdu", new_name="organisation"
        ),
        migrations.AlterModelOptions(
            name="historicalorganisationviewer",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical organisation viewer",
                "verbose_name_plural": "historical organisation viewers",
            },
        ),
    ]
