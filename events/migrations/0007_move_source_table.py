"""Source texts move to the leaf app ``sources``: first their table takes that app's name.

``sources.0001_initial`` then takes the model over in the migration state,
and ``0009_source_moved`` removes it from this app's state; the rows never move.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_organisers_review_changes"),
    ]

    operations = [
        migrations.AlterModelTable(name="source", table="sources_source"),
    ]
