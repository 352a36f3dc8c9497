"""How far the content is translated: per model, field and language, how many records are filled.

A record counts for a field only when the field has text in the record's own
language (``original_language``, or its parent's for records without one):
an empty source leaves nothing to translate. Used by the admin page
``admin/translation-status/`` and the ``translation_status`` command.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from sources import translation_checks
from sources.models import TranslationCheck
from sources.translation_checks import fingerprint, source_language_path, translated_fields

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


@dataclass
class LanguageStatus:
    language: str
    filled: int = 0
    total: int = 0
    missing: list = field(default_factory=list)  # primary keys
    missing_url: str = ""
    # Translated from a source text that has changed since (sources.translation_checks).
    stale: list = field(default_factory=list)  # primary keys
    stale_url: str = ""

    @property
    def complete(self) -> bool:
        return self.filled == self.total


@dataclass
class FieldStatus:
    name: str
    verbose_name: str
    languages: list[LanguageStatus]


@dataclass
class RecordToCheck:
    """A record with a missing or stale translation, for the side-by-side view."""

    pk: int
    label: str
    missing: int = 0
    stale: int = 0
    url: str = ""


@dataclass
class ModelStatus:
    model: type[models.Model]
    fields: list[FieldStatus]
    to_check: list[RecordToCheck] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural


def translated_models() -> list[type[models.Model]]:
    """Every model with translated fields, in app and model order."""
    return sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label_lower)


def source_text(row: dict, name: str, language: str | None) -> str:
    """The text a translation of field ``name`` is made from, in a ``values()`` row."""
    if language in LANGUAGES:
        return (row.get(f"{name}_{language}") or "").strip()
    # Without a known source language any filled language is a source.
    return next((row[f"{name}_{lang}"].strip() for lang in LANGUAGES if (row[f"{name}_{lang}"] or "").strip()), "")


def model_status(model, fingerprints: dict | None = None) -> ModelStatus:
    """Count ``model``'s filled and stale translations: one query, two without ``fingerprints``.

    ``fingerprints`` maps (pk, field, language) to the fingerprint a
    translation was made from (``TranslationCheck``), as ``content_status``
    reads them for every model at once.
    """
    if fingerprints is None:
        fingerprints = stored_fingerprints([model]).get(model, {})
    names = translated_fields(model)
    path = source_language_path(model)
    columns = [f"{name}_{lang}" for name in names for lang in LANGUAGES]
    rows = list(model._default_manager.order_by("pk").values("pk", *([path] if path else []), *columns))
    result = []
    to_check = {}
    for name in names:
        statuses = {lang: LanguageStatus(lang) for lang in LANGUAGES}
        for row in rows:
            own = row.get(path) if path else None
            text = source_text(row, name, own)
            if not text:
                continue
            for lang, status in statuses.items():
                status.total += 1
                if not (row[f"{name}_{lang}"] or "").strip():
                    status.missing.append(row["pk"])
                    _to_check(to_check, model, row, names, own).missing += 1
                    continue
                status.filled += 1
                stored = fingerprints.get((row["pk"], name, lang))
                if lang != own and stored is not None and stored != fingerprint(text):
                    status.stale.append(row["pk"])
                    _to_check(to_check, model, row, names, own).stale += 1
        result.append(FieldStatus(name, str(model._meta.get_field(name).verbose_name), list(statuses.values())))
    return ModelStatus(model, result, sorted(to_check.values(), key=lambda record: record.pk))


def _to_check(found: dict, model, row: dict, names: list[str], own: str | None) -> RecordToCheck:
    """The entry of ``found`` for ``row``, named by its first translated text in its own language."""
    if row["pk"] not in found:
        label = next((source_text(row, name, own) for name in names if source_text(row, name, own)), "")
        found[row["pk"]] = RecordToCheck(
            row["pk"],
            label or f"{model._meta.verbose_name} {row['pk']}",
            url=reverse("admin_translation_record", args=[model._meta.app_label, model._meta.model_name, row["pk"]]),
        )
    return found[row["pk"]]


def stored_fingerprints(models_: list) -> dict:
    """For each of ``models_``, what its translations were made from, by (pk, field, language): one query."""
    content_types = ContentType.objects.get_for_models(*models_)
    by_id = {content_type.pk: model for model, content_type in content_types.items()}
    found = {model: {} for model in models_}
    checks = TranslationCheck.objects.filter(content_type__in=list(content_types.values())).values_list(
        "content_type_id", "object_id", "field", "language", "source_hash"
    )
    for content_type_id, object_id, name, language, source_hash in checks:
        found[by_id[content_type_id]][(object_id, name, language)] = source_hash
    return found


def content_status(models_: list | None = None) -> list[ModelStatus]:
    """The status of every translated model (or of ``models_``): one query per model, and one for the checks."""
    models_ = translated_models() if models_ is None else models_
    fingerprints = stored_fingerprints(models_)
    return [model_status(model, fingerprints[model]) for model in models_]


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
                if len(language.stale) == 1:
                    # What changed is best seen beside the source.
                    language.stale_url = reverse(
                        "admin_translation_record",
                        args=[
                            model_status_.model._meta.app_label,
                            model_status_.model._meta.model_name,
                            language.stale[0],
                        ],
                    )
                elif language.stale:
                    language.stale_url = missing_url(model_status_.model, language.stale)
    ctx = {
        **admin.site.each_context(request),
        "title": _("Content translation status"),
        "languages": [(code, name) for code, name in settings.LANGUAGES if code in LANGUAGES],
        "status": status,
    }
    return TemplateResponse(request, "admin/translation_status.html", ctx)


def translation_record_view(request, app_label: str, model_name: str, pk: str):
    """Show one record's translated fields side by side, for a translator: the
    record's own language first, then the others, each text marked missing or
    stale (its source text changed after it was saved); a translator who may
    change the record confirms stale translations that are still right.

    Linked from the translation status page and each record's change form.
    """
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if model not in translated_models():
        raise Http404
    if not can_view(request.user, model):
        raise PermissionDenied
    obj = get_object_or_404(model._default_manager, pk=pk)
    opts = model._meta
    may_change = request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        pairs = [tuple(value.split(":", 1)) for value in request.POST.getlist("confirm") if ":" in value]
        confirmed = translation_checks.confirm(obj, pairs)
        messages.success(
            request,
            ngettext(
                "Confirmed %(count)d translation as still right.",
                "Confirmed %(count)d translations as still right.",
                len(confirmed),
            )
            % {"count": len(confirmed)},
        )
        return redirect(request.path)
    source = translation_checks.source_language(obj)
    order = [source, *(code for code in LANGUAGES if code != source)] if source else list(LANGUAGES)
    names = dict(settings.LANGUAGES)
    checks = translation_checks.checks_for(obj)
    rows, missing, stale = [], 0, 0
    for name in translated_fields(model):
        source_value = (getattr(obj, f"{name}_{source}") or "") if source else ""
        cells = []
        for code in order:
            text = getattr(obj, f"{name}_{code}") or ""
            check = checks.get((name, code))
            if code == source:
                state = "source"
            elif not source_value.strip():
                state = "no-source"
            elif not text.strip():
                state = "missing"
            else:
                state = translation_checks.state(check, source_value)
            missing += state == "missing"
            stale += state == translation_checks.STALE
            cells.append({"language": code, "text": text, "state": state, "check": check, "value": f"{name}:{code}"})
        rows.append({"name": name, "verbose_name": opts.get_field(name).verbose_name, "cells": cells})
    registered = admin.site.is_registered(model)
    ctx = {
        **admin.site.each_context(request),
        "title": gettext("Translations side by side: %(record)s") % {"record": obj},
        "opts": opts,
        "object": obj,
        "source": source,
        "languages": [{"code": code, "name": names[code], "source": code == source} for code in order],
        "rows": rows,
        "missing": missing,
        "stale": stale,
        "may_change": may_change,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]) if registered else "",
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") if registered else "",
    }
    return TemplateResponse(request, "admin/translation_record.html", ctx)


def translation_record_url(obj) -> str:
    """The side-by-side view of ``obj``'s translations."""
    return reverse("admin_translation_record", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])
