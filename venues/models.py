"""Venues and the spaces inside them where sessions happen."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sources.languages import field_in_language
from sources.links import slug_url
from sources.models import SlugManager, Sourced, Versioned
from sources.text import MULTI_LINE, SINGLE_LINE


class VenueKind(models.TextChoices):
    SCHOOL = "school", _("School")
    PALACE = "palace", _("Palace or cultural centre")
    MEDICAL = "medical", _("Medical centre")
    BUSINESS = "business", _("Business venue")
    STREET = "street", _("Street or open air")
    OTHER = "other", _("Other")


class VenueQuerySet(models.QuerySet):
    def for_venue_page(self):
        """Venues for ``events.views.venue_detail``: the venue and its spaces (``space_list``), two queries.

        The sessions held there come from ``Session.objects.for_venue_page()``;
        whether a resident may see the venue at all is ``events.visibility.public_venues()``.
        """
        return self.prefetch_related(Prefetch("spaces", queryset=Space.objects.order_by("slug"), to_attr="space_list"))


VenueManager = SlugManager.from_queryset(VenueQuerySet)


class Venue(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=SINGLE_LINE)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind, default=VenueKind.OTHER)
    city = models.CharField(_("city"), max_length=100, validators=SINGLE_LINE)
    district = models.CharField(_("district"), max_length=100, blank=True, validators=SINGLE_LINE)
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("Leave empty when the source gives none; the page then says the address is not given."),
    )
    description = models.TextField(_("description"), blank=True, validators=MULTI_LINE)

    objects = VenueManager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("venues:venue", self.slug)

    def natural_key(self):
        return (self.slug,)


class SpaceManager(models.Manager):
    def get_queryset(self):
        # A space is named by its venue (``__str__``): every list, choice,
        # filter and autocomplete of spaces reads the venue in the same query.
        return super().get_queryset().select_related("venue")

    def get_by_natural_key(self, venue_slug, slug):
        return self.get(venue__slug=venue_slug, slug=slug)


class Space(Versioned):
    """A part of a venue that a session can hold: a hall, a foyer, or the whole venue.

    The clash check works per space, so an exhibition in a foyer and a concert
    in the hall of one palace are not a clash.
    """

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="spaces")
    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("Leave empty for the venue as a whole."),
    )
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SpaceManager()

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["venue__slug", "slug"]
        constraints = [
            # Spaces are addressed by venue and slug (natural key, admin autocomplete).
            models.UniqueConstraint(fields=["venue", "slug"], name="venues_space_unique_slug_in_venue"),
        ]

    def __str__(self):
        # Unlike other models' __str__ this reads the venue: "whole" or "Foyer"
        # alone cannot tell an organiser where a session is. The default
        # manager joins the venue, so choices and lists cost no extra query.
        return self.label()

    def natural_key(self):
        return (self.venue.slug, self.slug)

    natural_key.dependencies = ["venues.venue"]

    def label(self) -> str:
        """The venue's name with the space's, in the active language, as residents and organisers read it.

        Costs a query unless ``venue`` is preloaded (``Space.objects`` joins it).
        """
        # The columns are read directly: modeltranslation's descriptor works out
        # the fallback order on each access, and exports ask this of every session.
        venue, name = field_in_language(self.venue, "name")[0], field_in_language(self, "name")[0]
        return f"{venue}, {name}" if name else venue
