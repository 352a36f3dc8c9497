"""Let organisers review (and delete a wrong entry of) the change log.

0004_roles gave the Organiser group the permissions that existed then; the
Change model came later in 0005. The log is written by the system, so
organisers get view and delete, not add or change.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


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
    organiser.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=["view_change", "delete_change"])
    )
    # Organisers cannot add or change log entries; drop what 0004 may have granted.
    organiser.permissions.remove(
        *Permission.objects.filter(content_type__app_label="events", codename__in=["add_change", "change_change"])
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organiser = Group.objects.filter(name="Organiser").first()
    if organiser is not None:
        organiser.permissions.remove(
            *Permission.objects.filter(content_type__app_label="events", content_type__model="change")
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0005_session_sequence_and_change_log")]

    operations = [migrations.RunPython(grant, revoke)]
