"""The audit's own events: reads of case-level data, imports, changes to accounts, exports of
the audit trail; who (a user, or a command line named) and when."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0015_erasure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("actor", models.CharField(blank=True, default="", max_length=200)),
                ("kind", models.CharField(max_length=20)),
                ("inspection_label", models.CharField(blank=True, default="", max_length=200)),
                ("subject", models.CharField(max_length=300)),
                ("old", models.TextField(blank=True, default="")),
                ("new", models.TextField(blank=True, default="")),
                ("reason", models.TextField(blank=True, default="")),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit_events",
                        to="inspections.inspection",
                    ),
                ),
            ],
            options={
                "ordering": ("at", "pk"),
            },
        ),
    ]
