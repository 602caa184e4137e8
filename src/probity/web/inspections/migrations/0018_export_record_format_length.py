"""An export's record has room for a form that names a case (a case read through the API)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0016_audit_event"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.AlterField(
            model_name="exportrecord",
            name="format",
            field=models.CharField(max_length=120),
        ),
    ]
