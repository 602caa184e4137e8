"""The record of password reset requests, by which they are throttled (by address and by
e-mail address)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0020_disproportionality"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.CreateModel(
            name="ResetRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("email", models.CharField(max_length=254)),
            ],
            options={
                "ordering": ("at", "pk"),
            },
        ),
    ]
