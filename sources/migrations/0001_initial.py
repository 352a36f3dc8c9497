"""The leaf app takes over the source texts (table renamed by events.0007) and adds the content revision."""

import django.db.models.deletion  # noqa: F401
from django.db import migrations, models

import sources.text


def move_content_type(apps, schema_editor, old="events", new="sources"):
    # Admin history and permissions (the Translator group's included) follow
    # the model to its new app.
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model="source").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="sources", new="events")


SINGLE_LINE = [sources.text.validate_single_line]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0007_move_source_table"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Source",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "key",
                            models.SlugField(
                                help_text="The file name in fixtures/sources/, without .txt.",
                                max_length=64,
                                unique=True,
                                verbose_name="key",
                            ),
                        ),
                        ("title", models.CharField(max_length=300, validators=SINGLE_LINE, verbose_name="title")),
                        (
                            "title_kk",
                            models.CharField(max_length=300, null=True, validators=SINGLE_LINE, verbose_name="title"),
                        ),
                        (
                            "title_ru",
                            models.CharField(max_length=300, null=True, validators=SINGLE_LINE, verbose_name="title"),
                        ),
                        (
                            "title_en",
                            models.CharField(max_length=300, null=True, validators=SINGLE_LINE, verbose_name="title"),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("kk", "Kazakh"), ("ru", "Russian"), ("en", "English")],
                                max_length=2,
                                verbose_name="language of the text",
                            ),
                        ),
                        (
                            "published_at",
                            models.CharField(
                                blank=True,
                                help_text="As the text prints it; left empty when the text gives none.",
                                max_length=40,
                                verbose_name="publication date as printed",
                            ),
                        ),
                        (
                            "url",
                            models.URLField(
                                blank=True, help_text="Only where the text itself names it.", verbose_name="address"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "source text",
                        "verbose_name_plural": "source texts",
                        "ordering": ["key"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(verbose_name="content last changed")),
            ],
            options={
                "verbose_name": "content revision",
                "verbose_name_plural": "content revisions",
            },
        ),
    ]
