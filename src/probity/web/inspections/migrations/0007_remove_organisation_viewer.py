"""The organisation viewers (and their history) are gone: 0006 made each one a viewer's role
of a unit (``UserRole``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012 (Django's migration format)
        ("inspections", "0006_organisations_from_names"),
    ]

    operations = [  # noqa: RUF012 (Django's migration format)
        migrations.DeleteModel(name="HistoricalOrganisationViewer"),
        migrations.DeleteModel(name="OrganisationViewer"),
    ]
