"""Sitemap of the published exhibit pages, one URL per language with its alternates."""

from django.urls import reverse

from events.sitemaps import PublicSitemap
from gallery.models import Exhibit


class ExhibitIndexSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["gallery:index"]

    def location(self, item):
        return reverse(item)


class ExhibitSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Exhibit.objects.published().order_by("slug")

    def lastmod(self, exhibit):
        return exhibit.updated_at
