"""Translated content as gettext .po files, so translators use one tool for interface and content.

Each entry is one field of one record in one language: ``msgctxt`` names the
record by its natural key and the field (``events.session:gala-concert:title``;
a key of several parts is joined with "/"), ``msgid`` is the text in the
record's own language and ``msgstr`` the translation. An extracted comment
keeps a hash of the translation as exported, so ``import_po`` can tell a field
an organiser changed after the export from one the file fills in.
Called by the ``export_content_po`` and ``import_content_po`` commands.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst

from sources.models import StaleEdit
from sources.text import CONTROL_CHARACTERS, strip_control_characters
from sources.translation_status import LANGUAGES, source_language_path, translated_fields, translated_models

HASH_PREFIX = "exported translation: sha256 "
SOURCE_PREFIX = "source language: "


def value_hash(value: str) -> str:
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


def context_for(record: models.Model, name: str) -> str:
    key = "/".join(str(part) for part in record.natural_key())
    return f"{record._meta.label_lower}:{key}:{name}"


def _lookup(record: models.Model, path: str | None):
    value = record
    for part in (path or "").split("__"):
        if not part or value is None:
            break
        value = getattr(value, part)
    return value if path else None


def source_of(record: models.Model, name: str, language: str | None) -> str:
    """The text ``name`` is translated from: the record's own language, else the first filled one."""
    if language in LANGUAGES:
        return getattr(record, f"{name}_{language}") or ""
    return next((getattr(record, f"{name}_{lang}") for lang in LANGUAGES if getattr(record, f"{name}_{lang}")), "")


def _records(model):
    # Natural keys and source languages follow the required foreign keys.
    related = [f.name for f in model._meta.fields if f.many_to_one and not f.null]
    return model._default_manager.select_related(*related).order_by("pk")


def export_po(language: str) -> polib.POFile:
    """Return every translatable content field as a .po catalogue for ``language``.

    Fields written in ``language`` itself, and fields whose source text is
    empty, are left out: there is nothing to translate.
    """
    exported_at = timezone.now().replace(microsecond=0).isoformat()
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "programme content",
        "POT-Creation-Date": exported_at,
        "PO-Revision-Date": exported_at,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for model in translated_models():
        path = source_language_path(model)
        names = translated_fields(model)
        for record in _records(model):
            own = _lookup(record, path)
            if own == language:
                continue
            for name in names:
                source = source_of(record, name, own)
                if not source.strip():
                    continue
                current = getattr(record, f"{name}_{language}") or ""
                # Text stored before the validators existed may hold control
                # characters, which .po files and translation tools do not carry.
                po.append(
                    polib.POEntry(
                        msgctxt=context_for(record, name),
                        msgid=strip_control_characters(source),
                        msgstr=strip_control_characters(current),
                        comment=f"{SOURCE_PREFIX}{own or '-'}\n{HASH_PREFIX}{value_hash(current)} at {exported_at}",
                    )
                )
    return po


@dataclass
class Change:
    context: str
    old: str
    new: str


@dataclass
class ImportReport:
    language: str = ""
    changed: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    fuzzy: int = 0


def _exported_hash(entry: polib.POEntry) -> str | None:
    for line in (entry.comment or "").splitlines():
        if line.startswith(HASH_PREFIX):
            return line[len(HASH_PREFIX) :].split()[0]
    return None


def _resolve(context: str):
    """Return the record and field a context names, or raise ``LookupError`` saying why not."""
    parts = context.split(":")
    if len(parts) != 3:
        raise LookupError("not of the form app.model:key:field")
    label, key, name = parts
    model = next((m for m in translated_models() if m._meta.label_lower == label), None)
    if model is None:
        raise LookupError(f"no translated model {label}")
    if name not in translated_fields(model):
        raise LookupError(f"{label} has no translated field {name}")
    try:
        record = model._default_manager.get_by_natural_key(*key.split("/"))
    except (ObjectDoesNotExist, TypeError, ValueError, ValidationError) as exc:
        raise LookupError(f"no {label} {key}") from exc
    return model, record, name


def import_po(path: str | Path, *, language: str | None = None, force: bool = False, user=None) -> ImportReport:
    """Write the translations of a filled .po file into the content and report what happened.

    Refuses the whole file (``report.errors``, nothing written) when its
    language is wrong or an entry names no record, or carries control
    characters or too long a text. A field whose translation changed since the
    export (or whose source text did) is a conflict: left as it is unless
    ``force``. Fuzzy and empty translations are skipped. With ``user``, each
    changed record gets an entry in its admin history, as an edit in the
    admin would.
    """
    report = ImportReport()
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        report.errors.append(f"cannot read {path}: {exc}")
        return report
    report.language = file_language = (po.metadata.get("Language") or "").strip()
    if file_language not in LANGUAGES:
        report.errors.append(f"the file's Language header is {file_language!r}, not one of {', '.join(LANGUAGES)}")
        return report
    if language and language != file_language:
        report.errors.append(f"the file is for {file_language!r}, not {language!r}")
        return report

    planned = []
    for entry in po:
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        try:
            model, record, name = _resolve(context)
        except LookupError as exc:
            report.errors.append(f"{context or '(no context)'}: {exc}")
            continue
        if entry.fuzzy:
            report.fuzzy += 1
            continue
        value = entry.msgstr
        if not value.strip():
            report.untranslated += 1
            continue
        column = f"{name}_{file_language}"
        if CONTROL_CHARACTERS.search(value):
            report.errors.append(f"{context}: the translation contains control characters")
            continue
        try:
            model._meta.get_field(column).run_validators(value)
        except ValidationError as exc:
            report.errors.append(f"{context}: {' '.join(exc.messages)}")
            continue
        own = _lookup(record, source_language_path(model))
        if own == file_language and not force:
            report.conflicts.append(f"{context}: the record is now written in {file_language}; left as it is")
            continue
        current = getattr(record, column) or ""
        if value == current:
            report.unchanged += 1
            continue
        exported = _exported_hash(entry)
        if not force:
            if exported is None:
                report.conflicts.append(f"{context}: no export hash in the file; left as it is")
                continue
            if exported != value_hash(current):
                report.conflicts.append(f"{context}: changed in the admin since the export; left as it is")
                continue
            if strip_control_characters(source_of(record, name, own)) != entry.msgid:
                report.conflicts.append(f"{context}: the source text changed since the export; left as it is")
                continue
        planned.append((record, column, Change(context, current, value)))

    if report.errors:
        return report
    # One save per record, with all its translated columns: each save checks
    # the version the record was read at (sources.models.Versioned).
    by_record: dict = {}
    for record, column, change in planned:
        target, columns = by_record.setdefault((type(record), record.pk), (record, []))
        setattr(target, column, change.new)
        columns.append(column)
    try:
        with transaction.atomic():
            for target, columns in by_record.values():
                # auto_now fields are only written when named in update_fields.
                auto = [f.name for f in target._meta.concrete_fields if f.name == "updated_at"]
                target.save(update_fields=[*columns, *auto])
            if user is not None:
                _log_history(user, planned)
    except StaleEdit:
        report.errors.append("a record was saved in the admin during the import; nothing was imported, run it again")
        return report
    report.changed = [change for _record, _column, change in planned]
    return report


def _log_history(user, planned) -> None:
    """Write one admin history entry per changed record, naming the translated columns."""
    from django.contrib.admin.models import CHANGE, LogEntry

    columns: dict[tuple, tuple] = {}
    for record, column, _change in planned:
        key = (record._meta.label, record.pk)
        columns.setdefault(key, (record, []))[1].append(column)
    for record, column_names in columns.values():
        # Like the admin, the history names fields by their labels ("Title [en]").
        names = [capfirst(str(record._meta.get_field(name).verbose_name)) for name in column_names]
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[record],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": names}}],
            single_object=True,
        )
