"""The lead's choice to include the disproportionality chapter in an inspection's report."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0019_second_answers"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.AddField(
            model_name="historicalinspection",
            name="disproportionality",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="inspection",
            name="disproportionality",
            field=models.BooleanField(default=False),
        ),
    ]
