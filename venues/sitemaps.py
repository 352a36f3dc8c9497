"""Sitemap of the venue pages, one URL per language with its alternates."""

from django.urls import reverse

from events.sitemaps import PublicSitemap
from venues.models import Venue


class VenueIndexSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["venues:index"]

    def location(self, item):
        return reverse(item)


class VenueSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Venue.objects.order_by("slug")

    def lastmod(self, venue):
        return venue.updated_at
