"""Which translations are stale: made from a source-language text that has changed since.

For every translated field of a record and every language other than the
record's own, ``TranslationCheck`` keeps a fingerprint of the source-language
text as it was when that translation was last saved. Saving a record records
it for each translation the save changed; a translation that predates these
checks gets the fingerprint of the source as it stood before the save, so a
change of the source in the same save leaves it stale. A translator who finds
a stale translation still right confirms it (``confirm()``). Fixtures loaded
raw (``loaddata``) and bulk ``update()`` record nothing.

Used by the side-by-side view (``sources.translation_status.translation_record_view``)
and the translation status page; generic over every model registered for
translation, so the leaf knows none of them.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from modeltranslation.translator import NotRegistered, translator

from sources.models import TranslationCheck

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
FRESH, STALE = "fresh", "stale"


def fingerprint(text: str | None) -> str:
    """A fingerprint of ``text`` that ignores how its spaces and line breaks are laid out."""
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()


def translated_fields(model) -> list[str]:
    """``model``'s translated fields in field order; empty for a model not registered for translation."""
    try:
        names = translator.get_options_for_model(model).fields
    except NotRegistered:
        return []
    return [f.name for f in model._meta.fields if f.name in names]


def source_language_path(model) -> str | None:
    """The lookup giving a record's own language: its ``original_language``, a source text's
    ``language``, or the ``original_language`` of the record it belongs to."""
    names = {f.name for f in model._meta.fields}
    for name in ("original_language", "language"):
        if name in names:
            return name
    for fk in model._meta.fields:
        if fk.many_to_one and not fk.null and "original_language" in {f.name for f in fk.related_model._meta.fields}:
            return f"{fk.name}__original_language"
    return None


def source_language(obj) -> str | None:
    """The language ``obj`` was written in (a query when it is its parent's and the parent is not loaded)."""
    path = source_language_path(type(obj))
    value = obj
    for part in (path or "").split("__"):
        if not part or value is None:
            return None
        value = getattr(value, part)
    return value if value in LANGUAGES else None


def checks_for(obj) -> dict[tuple[str, str], TranslationCheck]:
    """``obj``'s checks by (field, language): one query."""
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = TranslationCheck.objects.filter(content_type=content_type, object_id=obj.pk)
    return {(check.field, check.language): check for check in rows}


def state(check: TranslationCheck | None, source_text: str) -> str:
    """``STALE`` when the translation was made from another source text than ``source_text``."""
    if check is not None and check.source_hash != fingerprint(source_text):
        return STALE
    return FRESH


def keep_sources(obj, cells: dict[tuple[str, str], str]) -> None:
    """Keep, for each (field, language) of ``obj`` in ``cells``, the source text it now matches: one query."""
    if not cells:
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    TranslationCheck.objects.bulk_create(
        [
            TranslationCheck(
                content_type=content_type,
                object_id=obj.pk,
                field=field,
                language=language,
                source_hash=fingerprint(text),
            )
            for (field, language), text in cells.items()
        ],
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "field", "language"],
        update_fields=["source_hash", "checked_at"],
    )


def confirm(obj, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Mark the translations ``pairs`` (field, language) of ``obj`` as made from its current source text.

    Called by the side-by-side view when a translator finds a stale translation
    still right. Pairs that are not a translated field in another language than
    the source are ignored; returns those confirmed.
    """
    source = source_language(obj)
    if source is None:
        return []
    fields = set(translated_fields(type(obj)))
    kept = [(name, lang) for name, lang in pairs if name in fields and lang in LANGUAGES and lang != source]
    keep_sources(obj, {(name, lang): getattr(obj, f"{name}_{source}") or "" for name, lang in kept})
    return kept


@receiver(pre_save, dispatch_uid="sources.translation_checks.before")
def _remember_texts(sender, instance, raw=False, **kwargs) -> None:
    """Read the stored texts of a translated record about to be saved (one query)."""
    instance._texts_before = None
    fields = translated_fields(sender)
    if raw or not fields or instance.pk is None or instance._state.adding:
        return
    columns = [f"{name}_{lang}" for name in fields for lang in LANGUAGES]
    instance._texts_before = sender._base_manager.filter(pk=instance.pk).values(*columns).first()


@receiver(post_save, dispatch_uid="sources.translation_checks.saved")
def _record_translations(sender, instance, created=False, raw=False, **kwargs) -> None:
    """Record what each translation this save changed was made from (one query, or none)."""
    fields = translated_fields(sender)
    if raw or not fields:
        return
    source = source_language(instance)
    if source is None:
        return
    before = getattr(instance, "_texts_before", None)
    known = checks_for(instance) if before is not None else {}
    cells = {}
    for name in fields:
        source_now = getattr(instance, f"{name}_{source}") or ""
        for language in LANGUAGES:
            if language == source:
                continue
            text = getattr(instance, f"{name}_{language}") or ""
            if not text.strip():
                continue
            if before is None or text != (before.get(f"{name}_{language}") or ""):
                cells[(name, language)] = source_now
            elif (name, language) not in known:
                # Translated before checks were kept: it matched the source as it stood.
                cells[(name, language)] = before.get(f"{name}_{source}") or ""
    keep_sources(instance, cells)


@receiver(post_delete, dispatch_uid="sources.translation_checks.deleted")
def _forget_translations(sender, instance, **kwargs) -> None:
    """Delete a deleted record's checks (one query): the relation is generic, so nothing cascades."""
    if translated_fields(sender):
        content_type = ContentType.objects.get_for_model(sender)
        TranslationCheck.objects.filter(content_type=content_type, object_id=instance.pk).delete()
