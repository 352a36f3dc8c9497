"""How far the content is translated: per model, field and language, how many records are filled.

A record counts for a field only when the field has text in the record's own
language (``original_language``, or its parent's for records without one):
an empty source leaves nothing to translate. Used by the admin page
``admin/translation-status/`` and the ``translation_status`` command.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


@dataclass
class LanguageStatus:
    language: str
    filled: int = 0
    total: int = 0
    missing: list = field(default_factory=list)  # primary keys
    missing_url: str = ""

    @property
    def complete(self) -> bool:
        return self.filled == self.total


@dataclass
class FieldStatus:
    name: str
    verbose_name: str
    languages: list[LanguageStatus]


@dataclass
class ModelStatus:
    model: type[models.Model]
    fields: list[FieldStatus]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural


def translated_models() -> list[type[models.Model]]:
    """Every model with translated fields, in app and model order."""
    return sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label_lower)


def translated_fields(model) -> list[str]:
    """The names of ``model``'s translated fields, in the model's field order."""
    names = translator.get_options_for_model(model).fields
    return [f.name for f in model._meta.fields if f.name in names]


def source_language_path(model) -> str | None:
    """The lookup giving a record's own language: its ``original_language``, a source
    text's ``language``, or the ``original_language`` of the record it belongs to."""
    for name in ("original_language", "language"):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    for fk in model._meta.fields:
        if fk.many_to_one and not fk.null:
            try:
                fk.related_model._meta.get_field("original_language")
            except FieldDoesNotExist:
                continue
            return f"{fk.name}__original_language"
    return None


def source_text(row: dict, name: str, language: str | None) -> str:
    """The text a translation of field ``name`` is made from, in a ``values()`` row."""
    if language in LANGUAGES:
        return (row.get(f"{name}_{language}") or "").strip()
    # Without a known source language any filled language is a source.
    return next((row[f"{name}_{lang}"].strip() for lang in LANGUAGES if (row[f"{name}_{lang}"] or "").strip()), "")


def model_status(model) -> ModelStatus:
    """Count ``model``'s filled translations: one query, whatever the number of records."""
    names = translated_fields(model)
    path = source_language_path(model)
    columns = [f"{name}_{lang}" for name in names for lang in LANGUAGES]
    rows = list(model._default_manager.order_by("pk").values("pk", *([path] if path else []), *columns))
    result = []
    for name in names:
        statuses = {lang: LanguageStatus(lang) for lang in LANGUAGES}
        for row in rows:
            if not source_text(row, name, row.get(path) if path else None):
                continue
            for lang, status in statuses.items():
                status.total += 1
                if (row[f"{name}_{lang}"] or "").strip():
                    status.filled += 1
                else:
                    status.missing.append(row["pk"])
        result.append(FieldStatus(name, str(model._meta.get_field(name).verbose_name), list(statuses.values())))
    return ModelStatus(model, result)


def content_status(models_: list | None = None) -> list[ModelStatus]:
    """The status of every translated model (or of ``models_``): one query per model."""
    return [model_status(model) for model in (translated_models() if models_ is None else models_)]


def can_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def missing_url(model, pks: list) -> str:
    """The admin page listing the records ``pks``: the record itself when there is one."""
    opts = model._meta
    if len(pks) == 1:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pks[0]])
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{changelist}?{urlencode({f'{opts.pk.name}__in': ','.join(str(pk) for pk in pks)})}"


def translation_status_view(request):
    """Show the content translation table to staff who may view the content; each
    count of missing translations links to the admin records that miss one."""
    visible = [model for model in translated_models() if can_view(request.user, model)]
    if not visible:
        raise PermissionDenied
    status = content_status(visible)
    for model_status_ in status:
        if not admin.site.is_registered(model_status_.model):
            continue
        for field_status in model_status_.fields:
            for language in field_status.languages:
                if language.missing:
                    language.missing_url = missing_url(model_status_.model, language.missing)
    ctx = {
        **admin.site.each_context(request),
        "title": _("Content translation status"),
        "languages": [(code, name) for code, name in settings.LANGUAGES if code in LANGUAGES],
        "status": status,
    }
    return TemplateResponse(request, "admin/translation_status.html", ctx)
