"""The programme fixtures: loaded once into an empty site, reloaded over a live one only on request.

``loaddata`` writes rows as they are in the files and calls no ``save()``. Over
a site organisers have worked on it would put back the fixtures' times and
titles while keeping the change log that announced the organisers' edits, and
would set every session's calendar SEQUENCE back to the fixture's, so
subscribed calendars would ignore later corrections. So ``loaddata`` is used
only for a site with no content (``seed_site``, which ``make run`` calls), and
``reload_fixtures`` goes through ``save()`` instead:

- Only records that differ from the fixtures, or are missing, are written;
  records organisers added are kept, and nothing is deleted.
- A session the reload changes is saved like an organiser's edit: its SEQUENCE
  is never lower than before (the larger of the stored and the fixture's
  value) and rises when its time, place, status, title or description
  changes, and a change residents can see is logged as a Change (the change
  log and the Atom feed then tell of the reload's own "moved back", so they
  agree with the data). A changed record's ``updated_at`` is the time of the
  reload, so Last-Modified and sitemaps move forward too.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import models, transaction
from django.utils import timezone
from modeltranslation.translator import translator

from events.models import Programme, Session

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# In load order: the source texts first, since every record names its source.
SITE_FIXTURES = [
    FIXTURES_DIR / "sources.json",
    FIXTURES_DIR / "almaty-days.json",
    FIXTURES_DIR / "president-visit.json",
    FIXTURES_DIR / "august-conference.json",
]
# The content revision is bookkeeping of the caches, and a translation check of
# the translations (what each was made from), not content an organiser made.
NOT_CONTENT = {"sources.revision", "sources.translationcheck"}


def site_content() -> dict[str, int]:
    """Count the records of the programme apps, and the admin's history, by model label; only those with rows.

    ``seed_site`` loads the fixtures only when this is empty. The admin's
    history counts too: a site whose organisers deleted every programme has
    been worked on, and seeding it again would bring the deleted back.
    """
    labels = [
        model._meta.label_lower
        for app in settings.CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in NOT_CONTENT
    ]
    counts = {label: apps.get_model(label)._base_manager.count() for label in [*labels, "admin.logentry"]}
    return {label: count for label, count in counts.items() if count}


def describe_content(counts: dict[str, int]) -> str:
    """Say in a few words what ``counts`` (from ``site_content``) holds: "2 programmes, 14 sessions, 153 records"."""
    programmes = counts.get(Programme._meta.label_lower, 0)
    sessions = counts.get(Session._meta.label_lower, 0)
    return f"{programmes} programme(s), {sessions} session(s), {sum(counts.values())} record(s) in all"


@dataclass(frozen=True)
class Difference:
    """One field whose stored value a reload would overwrite, both values as an organiser reads them."""

    field: str
    stored: str
    fixture: str


@dataclass(frozen=True)
class Overwrite:
    """A stored record the fixtures would change: its natural key, the fields, its last edit in the admin."""

    label: str
    key: str
    differences: tuple[Difference, ...]
    last_admin_change: str = ""

    def __str__(self):
        fields = "; ".join(f"{d.field} {d.stored} -> {d.fixture}" for d in self.differences)
        edited = f" (last changed in the admin {self.last_admin_change})" if self.last_admin_change else ""
        return f"{self.label} {self.key}: {fields}{edited}"


@dataclass
class ReloadPlan:
    """What reloading the fixtures would do: records to overwrite, to add, left as they are, and kept."""

    overwrites: list[Overwrite] = field(default_factory=list)
    added: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    # Stored records the fixtures do not have (organisers added them): kept.
    kept: Counter = field(default_factory=Counter)

    @property
    def changes_anything(self) -> bool:
        return bool(self.overwrites or self.added)

    def same_changes(self, other: "ReloadPlan") -> bool:
        return self.overwrites == other.overwrites and self.added == other.added

    def lines(self) -> list[str]:
        """The plan as the command prints it: each overwritten record, each model it touches, the totals."""
        overwritten = Counter(overwrite.label for overwrite in self.overwrites)

        def counts(label=None):
            def n(counter):
                return counter[label] if label else sum(counter.values())

            return (
                f"{n(overwritten)} to overwrite, {n(self.added)} to add, {n(self.unchanged)} as in the fixtures, "
                f"{n(self.kept)} not in the fixtures (kept)"
            )

        touched = sorted(set(overwritten) | set(self.added) | set(self.kept))
        return [
            *(str(overwrite) for overwrite in self.overwrites),
            *(f"{label}: {counts(label)}" for label in touched),
            f"In all: {counts()}.",
        ]


def plan_reload(fixtures: list[Path] = SITE_FIXTURES) -> ReloadPlan:
    """Compare the database with ``fixtures`` record by record, changing nothing; for ``reload_fixtures``."""
    return _walk(fixtures, apply=False)


@transaction.atomic
def reload_fixtures(*, fixtures: list[Path] = SITE_FIXTURES, expected: ReloadPlan) -> ReloadPlan:
    """Write the fixtures' values over the records that differ, through save(); add the missing ones.

    Called by ``reload_fixtures`` once the operator has confirmed ``expected``
    (from ``plan_reload``). If the site changed in between, so that the
    reload would do something else than was shown, nothing is written and
    ``StalePlan`` is raised; if a record fails the admin's checks beside
    what organisers changed, nothing is written and ``ReloadRefused`` says
    which and why.
    """
    done = _walk(fixtures, apply=True)
    if not done.same_changes(expected):
        raise StalePlan
    return done


class StalePlan(Exception):
    """The site changed between showing what a reload would overwrite and confirming it."""


class ReloadRefused(Exception):
    """A fixture record the site's rules refuse next to what organisers have changed; nothing is written."""


def _walk(fixtures: list[Path], *, apply: bool) -> ReloadPlan:
    plan = ReloadPlan()
    matched: dict[type[models.Model], set] = {}
    for path in fixtures:
        for record in json.loads(Path(path).read_text(encoding="utf-8")):
            model = apps.get_model(record["model"])
            label = model._meta.label_lower
            matched.setdefault(model, set())
            try:
                (item,) = serializers.deserialize("python", [record])
            except (DeserializationError, ObjectDoesNotExist):
                if apply:
                    raise
                # A record whose parent (say, a day) is not stored yet: new, like its parent.
                plan.added[label] += 1
                continue
            instance = item.object
            stored = model._base_manager.filter(pk=instance.pk).first() if instance.pk is not None else None
            if stored is None:
                plan.added[label] += 1
                if apply:
                    _save_checked(instance, label)
                    _set_many_to_many(instance, item.m2m_data)
                    matched[model].add(instance.pk)
                continue
            matched[model].add(stored.pk)
            differences = _differences(model, stored, instance, item.m2m_data)
            if not differences:
                plan.unchanged[label] += 1
                continue
            plan.overwrites.append(
                Overwrite(label, _key(stored), tuple(differences), last_admin_change=_last_admin_change(stored))
            )
            if apply:
                _overwrite(model, stored, instance, item.m2m_data)
    for model, pks in matched.items():
        kept = model._base_manager.exclude(pk__in=pks).count()
        if kept:
            plan.kept[model._meta.label_lower] = kept
    return plan


def _compared_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a reload compares and writes: what an organiser can edit, each language on its own.

    Left out: the primary key, fields the model keeps itself (``updated_at``,
    a session's absolute times and SEQUENCE, a photo's size and renditions:
    ``editable=False``; the ``version`` that guards against stale saves, which
    the save moves on), and modeltranslation's original columns, which mirror
    the ``_kk``/``_ru``/``_en`` ones.
    """
    mirrored = set()
    if model in translator.get_registered_models():
        mirrored = set(translator.get_options_for_model(model).all_fields)
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in mirrored and f.name != "version"
    ]


def _differences(model, stored, instance, m2m_data: dict) -> list[Difference]:
    differences = [
        Difference(f.name, _shown(f, stored), _shown(f, instance))
        for f in _compared_fields(model)
        if f.value_from_object(stored) != f.value_from_object(instance)
    ]
    for name, pks in m2m_data.items():
        related = model._meta.get_field(name).related_model
        current = set(getattr(stored, name).values_list("pk", flat=True))
        if current != set(pks):
            differences.append(Difference(name, _shown_set(related, current), _shown_set(related, pks)))
    return differences


def _overwrite(model, stored, instance, m2m_data: dict) -> None:
    """Put the fixture's values on the stored record and save it as an organiser's edit would be saved."""
    for f in _compared_fields(model):
        setattr(stored, f.attname, f.value_from_object(instance))
    if isinstance(stored, Session):
        # Session.save() raises it from here when the time, place, status,
        # title or description changes; it never goes back.
        stored.sequence = max(stored.sequence, instance.sequence)
    _save_checked(stored, model._meta.label_lower)
    _set_many_to_many(stored, m2m_data)


def _save_checked(obj: models.Model, label: str) -> None:
    """Save ``obj`` after the checks the admin makes (a session's space free at its time, ...).

    The fixtures pass them on their own, but not always beside what
    organisers have changed since: a session they renamed still holds the
    space the fixture's session wants back.
    """
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ReloadRefused(f"{label} {_key(obj)}: {' '.join(error.messages)}") from error
    obj.save()


def _set_many_to_many(instance, m2m_data: dict) -> None:
    for name, pks in m2m_data.items():
        getattr(instance, name).set(pks)


def _key(obj: models.Model) -> str:
    if hasattr(obj, "natural_key"):
        return "/".join(str(part) for part in obj.natural_key())
    return str(obj.pk)


def _shown(f: models.Field, obj: models.Model) -> str:
    value = f.value_from_object(obj)
    if value is None or value == "":
        return "(empty)"
    if f.is_relation:
        return _key(f.related_model._base_manager.get(pk=value))
    if isinstance(value, datetime.time):
        # As the programme prints it.
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _shown_set(model: type[models.Model], pks) -> str:
    keys = sorted(_key(obj) for obj in model._base_manager.filter(pk__in=pks))
    return "[" + ", ".join(keys) + "]"


def _last_admin_change(obj: models.Model) -> str:
    """Who last changed ``obj`` in the admin and when ("by alice on 2026-12-01 20:30"), or ""; one query."""
    entry = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None:
        return ""
    return f"by {entry.user.get_username()} on {timezone.localtime(entry.action_time):%Y-%m-%d %H:%M}"
