"""Where the site's facts come from: the source texts, and what every content record keeps about its origin."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sources.text import SINGLE_LINE, ascii_slug

LANGUAGE_CHOICES = settings.LANGUAGES
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class SourceManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(models.Model):
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


class Sourced(models.Model):
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
