"""A history record's change reason is a text field: it holds the reason a user gave for a
step, which has no length limit of its own (the setting
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0007_remove_organisation_viewer"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.AlterField(
            model_name="historicalanswer",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalinspection",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicaljudgement",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicaluserrole",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
    ]
