"""The record of each case's personal data erased (on request, or at the end of its
retention period): which case, what kind of data, by whom, when and why, never the data."""

import uuid

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0014_glossary"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.CreateModel(
            name="Erasure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("inspection_id", models.CharField(max_length=200)),
                ("case_id", models.CharField(max_length=100)),
                (
                    "kind",
                    models.CharField(
                        choices=[("request", "On request"), ("retention", "Retention period over")],
                        max_length=20,
                    ),
                ),
                ("reason", models.TextField()),
                ("by", models.CharField(max_length=150)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("erased", models.JSONField(default=dict)),
            ],
            options={
                "ordering": ("at", "pk"),
            },
        ),
    ]
