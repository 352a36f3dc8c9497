"""Where the site's facts come from: the source texts, and what every content record keeps about its origin."""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from sources.text import SINGLE_LINE, ascii_slug

LANGUAGE_CHOICES = settings.LANGUAGES
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class StaleEdit(ValidationError):
    """A save of a copy read before someone else saved the same record (``Versioned``)."""


class Versioned(models.Model):
    """A record two organisers may edit at once: a stale copy is refused instead of overwriting.

    ``version`` goes up by one with every save. ``save()`` first moves it on with
    a conditional ``UPDATE ... SET version = v + 1 WHERE id = ... AND version = v``
    (``v`` being the version this copy was read at), in the same transaction as
    the save itself: of two copies read at one version only the first is
    written, the second raises ``StaleEdit`` and changes nothing. The admin
    posts the version its form was opened at (``sources.admin``), and
    ``clean()`` turns a stale one into a form error naming who saved the record
    and when, so the organiser keeps what they typed. Bulk ``QuerySet.update()``
    and ``loaddata`` do not move it.
    """

    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Counts the saves; a form opened at an older version cannot overwrite.")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        manager = type(self)._base_manager.db_manager(kwargs.get("using") or router.db_for_write(type(self)))
        with transaction.atomic(using=manager.db):
            if self.version is None:  # a form that did not post its version checks nothing
                self.version = manager.filter(pk=self.pk).values_list("version", flat=True).first() or 0
            expected = self.version
            moved_on = manager.filter(pk=self.pk, version=expected).update(version=expected + 1)
            if not moved_on and manager.filter(pk=self.pk).exists():
                raise StaleEdit(self.stale_message(), code="stale")
            self.version = expected + 1
            if kwargs.get("update_fields") is not None and "version" not in kwargs["update_fields"]:
                kwargs["update_fields"] = [*kwargs["update_fields"], "version"]
            super().save(*args, **kwargs)

    def clean(self):
        """Refuse a copy read at an older version than the stored one (``stale``); one query."""
        super().clean()
        if self._state.adding or self.pk is None or self.version is None:
            return
        stored = type(self)._base_manager.filter(pk=self.pk)
        if transaction.get_connection(stored.db).in_atomic_block:
            # The admin's save runs in one transaction: the row stays locked
            # (on PostgreSQL) from this check to the save.
            stored = stored.select_for_update()
        stored_version = stored.values_list("version", flat=True).first()
        if stored_version is not None and stored_version != self.version:
            self.stored_version = stored_version
            raise ValidationError(self.stale_message(), code="stale")

    def stale_message(self) -> str:
        """Who saved this record last and when, as the organiser reads it (two queries)."""
        entry = (
            LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(self)), object_id=str(self.pk))
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        keep = _(
            "Your changes are still in the form below and are not saved: open the record in another tab to see "
            "theirs, then save here again to replace them with yours."
        )
        if entry is None:
            return "{} {}".format(_("Someone else saved this record after you opened it."), keep)
        return "{} {}".format(
            _("%(name)s saved this record at %(time)s, after you opened it.")
            % {
                "name": entry.user.get_full_name() or entry.user.get_username(),
                "time": formats.date_format(timezone.localtime(entry.action_time), "DATETIME_FORMAT"),
            },
            keep,
        )


class SourceManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(Versioned):
    """A text the site's facts are drawn from (see fixtures/sources/)."""

    key = models.SlugField(
        _("key"), max_length=64, unique=True, help_text=_("The file name in fixtures/sources/, without .txt.")
    )
    title = models.CharField(_("title"), max_length=300, validators=SINGLE_LINE)
    language = models.CharField(_("language of the text"), max_length=2, choices=LANGUAGE_CHOICES)
    published_at = models.CharField(
        _("publication date as printed"),
        max_length=40,
        blank=True,
        help_text=_("As the text prints it; left empty when the text gives none."),
    )
    url = models.URLField(_("address"), blank=True, help_text=_("Only where the text itself names it."))

    objects = SourceManager()

    class Meta:
        verbose_name = _("source text")
        verbose_name_plural = _("source texts")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class Sourced(Versioned):
    """Where a record's facts come from and which language it was written in."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("source text"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for records entered by organisers."),
    )
    original_language = models.CharField(
        _("written in"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="ru",
        help_text=_("The language the text was written in; the others are translations."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class SlugManager(models.Manager):
    """Natural keys by slug, so fixtures load twice without duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def unique_slug(model: type[models.Model], text: str, *, exclude_pk=None, max_length: int = 90) -> str:
    """Return a slug made from ``text`` that no other ``model`` record uses: the one slug maker.

    Adds "-2", "-3", ... when the plain slug is taken. Called by ``save()`` of a
    programme or session saved without a slug, by the admin's session form and by
    ``events.services.duplicate_sessions``. One query.
    """
    base = ascii_slug(text, max_length=max_length) or model._meta.model_name
    taken = set(
        model._default_manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Revision(models.Model):
    """When the site's public content last changed: one row, moved on by every save or delete of content.

    The public pages' ETag and Last-Modified (``sources.caching``) come from it,
    so a browser or proxy revalidating a page gets 304 until an organiser
    changes something, and a full page right after. A bulk ``QuerySet.update()``
    sends no signal and does not move it; the admin, services and imports save
    records one by one.
    """

    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("content revision")
        verbose_name_plural = _("content revisions")

    def __str__(self):
        return self.changed_at.isoformat()


class TranslationCheck(models.Model):
    """What one translation of one field was made from: a fingerprint of the source-language text.

    Written whenever the translation in ``language`` is saved (or a translator
    confirms it is still right); when the source-language text changes later,
    the fingerprints differ and the translation is shown as stale until it is
    saved or confirmed again. Generic, so that every app's translated models
    share it without the leaf knowing them (``sources.translation_checks``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    source_hash = models.CharField(max_length=64)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation check")
        verbose_name_plural = _("translation checks")
        constraints = [
            # One fingerprint per translated field and language of a record; the
            # upsert of translation_checks.record() relies on it, and the side by
            # side view and status page read a record's or a model's rows by its
            # leading columns.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="sources_translationcheck_unique"
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field}_{self.language}"
