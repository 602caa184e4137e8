"""A practice example keeps the case it is about (its pseudonym is checked against the case's
record)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0011_narrative_history"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.AddField(
            model_name="historicalpracticeexample",
            name="case_id",
            field=models.CharField(blank=True, max_length=100, null=True),
        ),
        migrations.AddField(
            model_name="practiceexample",
            name="case_id",
            field=models.CharField(blank=True, max_length=100, null=True),
        ),
    ]
