"""Photo exhibits: the institution they come from, photographers and photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from gallery import images
from sources.links import slug_url
from sources.models import SlugManager, Sourced, Versioned
from sources.text import MULTI_LINE, SINGLE_LINE


def photos_without_alt_text_error(photos) -> ValidationError:
    """The message an organiser reads when publishing an exhibit whose ``photos`` lack a text alternative."""
    names = dict(settings.LANGUAGES)
    listed = "; ".join(
        f"{photo.key} ({', '.join(str(names[lang]) for lang in photo.missing_alt_languages())})" for photo in photos
    )
    return ValidationError(
        _(
            "An exhibit cannot be published while a photo lacks its text alternative. "
            "Add it to these photos, in the languages shown: %(photos)s."
        ),
        code="photos_without_alt_text",
        params={"photos": listed},
    )


class ExhibitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_index_page(self):
        """Published exhibits for ``events.views.exhibit_index``: the institution joined, ``photo_count``.

        One query; the session each is shown at is joined by the view's loader in ``events``.
        """
        return self.published().select_related("institution").annotate(photo_count=Count("photos"))

    def for_exhibit_page(self):
        """Published exhibits for ``events.views.exhibit_detail``, three queries.

        Joins the institution and preloads ``credit_list`` (photographers in
        order) and ``photo_list`` (photos in order, with their photographer).
        """
        return (
            self.published()
            .select_related("institution")
            .prefetch_related(
                Prefetch(
                    "credits", queryset=ExhibitPhotographer.objects.select_related("person"), to_attr="credit_list"
                ),
                Prefetch("photos", queryset=Photo.objects.select_related("photographer"), to_attr="photo_list"),
            )
        )


ExhibitManager = SlugManager.from_queryset(ExhibitQuerySet)


class Exhibit(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300, validators=SINGLE_LINE)
    description = models.TextField(_("description"), blank=True, validators=MULTI_LINE)
    institution = models.ForeignKey(
        "people.Person",
        verbose_name=_("from the collection of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibits",
    )
    photographers = models.ManyToManyField(
        "people.Person",
        through="ExhibitPhotographer",
        related_name="photographed_exhibits",
        verbose_name=_("photographers"),
        blank=True,
    )
    photographers_note = models.CharField(
        _("note on the photographers"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("For example that the source names only some of them."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # The admin checks the photos as posted (gallery.forms.PhotoInlineFormSet),
    # so clean() must not judge them by what is stored before the save.
    photos_checked_by_form = False

    objects = ExhibitManager()

    class Meta:
        verbose_name = _("photo exhibit")
        verbose_name_plural = _("photo exhibits")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("gallery:exhibit", self.slug)

    def clean(self):
        """Refuse to publish while a stored photo lacks its text alternative in a language (one query)."""
        super().clean()
        if self.is_published and self.pk and not self.photos_checked_by_form:
            missing = [photo for photo in self.photos.all() if photo.missing_alt_languages()]
            if missing:
                raise ValidationError({"is_published": photos_without_alt_text_error(missing)})

    def natural_key(self):
        return (self.slug,)


class ExhibitPhotographerManager(models.Manager):
    def get_by_natural_key(self, exhibit_slug, person_slug):
        return self.get(exhibit__slug=exhibit_slug, person__slug=person_slug)


class ExhibitPhotographer(models.Model):
    exhibit = models.ForeignKey(Exhibit, verbose_name=_("exhibit"), on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("photographer"), on_delete=models.PROTECT, related_name="exhibit_credits"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ExhibitPhotographerManager()

    class Meta:
        verbose_name = _("photographer of an exhibit")
        verbose_name_plural = _("photographers of an exhibit")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibit", "person"], name="gallery_exhibitphotographer_unique"),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.order}"

    def natural_key(self):
        return (self.exhibit.slug, self.person.slug)

    natural_key.dependencies = ["gallery.exhibit", "people.person"]


class PhotoManager(models.Manager):
    def get_by_natural_key(self, exhibit_slug, key):
        return self.get(exhibit__slug=exhibit_slug, key=key)


class Photo(Versioned):
    exhibit = models.ForeignKey(Exhibit, verbose_name=_("exhibit"), on_delete=models.CASCADE, related_name="photos")
    key = models.SlugField(_("key"), max_length=100)
    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/",
        blank=True,
        help_text=_("May be added later: until then the page shows an “image pending” tile."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True, validators=SINGLE_LINE)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    photographer = models.ForeignKey(
        "people.Person",
        verbose_name=_("photographer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    source_reference = models.CharField(
        _("reference in the source"),
        max_length=200,
        blank=True,
        help_text=_("The image's name as the source text gives it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set from the upright image when it is saved, so pages reserve its space.
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    # {"original": name, "webp": [[width, name], ...], "jpeg": [...]}: see gallery.images.make_renditions.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PhotoManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["exhibit", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibit", "key"], name="gallery_photo_unique_key_in_exhibit"),
        ]

    def __str__(self):
        return self.caption or self.key

    def save(self, *args, **kwargs):
        # A new upload is turned upright and stripped of EXIF and GPS before it
        # is written; renditions follow once it is stored. Saving again without
        # a new file leaves both alone.
        new_upload = bool(self.image) and not self.image._committed
        if new_upload:
            images.clean_original(self)
        old_renditions = self.renditions if (new_upload or not self.image) else {}
        super().save(*args, **kwargs)
        if old_renditions:
            images.delete_renditions(old_renditions, self.image.storage)
            self.renditions = {}
        if new_upload:
            self.renditions = images.make_renditions(self.image)
        if old_renditions or new_upload:
            Photo.objects.filter(pk=self.pk).update(renditions=self.renditions)

    def natural_key(self):
        return (self.exhibit.slug, self.key)

    natural_key.dependencies = ["gallery.exhibit"]

    def missing_alt_languages(self) -> list[str]:
        """The languages (codes) whose text alternative is empty."""
        return [lang for lang in settings.MODELTRANSLATION_LANGUAGES if not getattr(self, f"alt_text_{lang}")]

    def srcset(self, fmt: str = "webp") -> str:
        """The ``srcset`` value for ``fmt`` ("webp" or "jpeg"): each rendition's URL and width."""
        storage = self.image.storage
        return ", ".join(f"{storage.url(name)} {width}w" for width, name in self.renditions.get(fmt, []))

    def fallback_url(self) -> str:
        """The URL for ``<img src>``: the JPEG rendition nearest 960 px, else the image itself."""
        jpeg = self.renditions.get("jpeg", [])
        if jpeg:
            fitting = [item for item in jpeg if item[0] <= images.FALLBACK_WIDTH] or jpeg[:1]
            return self.image.storage.url(fitting[-1][1])
        return self.image.url if self.image else ""
