"""The sections of the report's words an inspector of the team may write."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0012_practice_example_case"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.AddField(
            model_name="historicalmembership",
            name="report_sections",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="membership",
            name="report_sections",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
