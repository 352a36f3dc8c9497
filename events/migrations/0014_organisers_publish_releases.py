"""Let organisers publish releases and read them.

0004_roles gave the Organiser group the permissions that existed then. A
release is made by publishing (``events.releases.publish_release``) and is
never edited or deleted, so organisers get add and view on releases, and view
on the copies a release keeps of days and sessions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTED = ["add_release", "view_release", "view_releasedday", "view_releasedsession"]
MODELS = ["release", "releasedday", "releasedsession"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organiser = Group.objects.filter(name="Organiser").first()
    if organiser is None:
        return
    organiser.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename__in=GRANTED))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organiser = Group.objects.filter(name="Organiser").first()
    if organiser is not None:
        organiser.permissions.remove(
            *Permission.objects.filter(content_type__app_label="events", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0013_releases")]

    operations = [migrations.RunPython(grant, revoke)]
