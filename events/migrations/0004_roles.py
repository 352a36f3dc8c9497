"""The two organiser roles as groups, with their permissions.

Organiser: add, change, delete and view everything in the programme apps
(events, venues, people, gallery) and nothing in auth, so an organiser cannot
hand out accounts or roles.

Translator: view and change on the models that carry kk/ru/en text, and no
add or delete; the admin then lets them edit only the translated fields
(ContentAdminMixin in sources/admin.py reads "no add permission" that way).

Permissions are created here first: on a fresh database they would otherwise
appear only in post_migrate, after this migration has run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROGRAMME_APPS = ["events", "venues", "people", "gallery"]

# The models listed in each app's translation.py (the ones with kk/ru/en columns).
TRANSLATED_MODELS = {
    "events": ["source", "programme", "day", "session", "sessionperson", "topic"],
    "venues": ["venue", "space"],
    "people": ["honour", "person"],
    "gallery": ["exhibit", "photo"],
}


def create_all_permissions(apps):
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions
        # skips an app without one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    organiser, _ = Group.objects.get_or_create(name="Organiser")
    organiser.permissions.set(Permission.objects.filter(content_type__app_label__in=PROGRAMME_APPS))

    translator, _ = Group.objects.get_or_create(name="Translator")
    translator_permissions = Permission.objects.none()
    for app_label, models in TRANSLATED_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ("view", "change")]
        translator_permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    translator.permissions.set(translator_permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Organiser", "Translator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_session_no_overlap_in_space"),
        ("venues", "0001_initial"),
        ("people", "0001_initial"),
        ("gallery", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
