"""An inspection's ISBN and the language of its report's headings: two optional fields of
the bundle's inspection table, kept so that an inspection exported is the one imported."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0008_history_change_reason_text"),
    ]

    operations = [  # noqa: RUF012
        migrations.AddField(
            model_name="historicalinspection",
            name="isbn",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="language",
            field=models.CharField(blank=True, max_length=8, null=True),
        ),
        migrations.AddField(
            model_name="inspection",
            name="isbn",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name="inspection",
            name="language",
            field=models.CharField(blank=True, max_length=8, null=True),
        ),
    ]
