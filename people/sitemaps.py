"""Sitemap of the people pages, one URL per language with its alternates."""

from django.urls import reverse

from events.sitemaps import PublicSitemap
from people.models import Person


class PersonIndexSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["people:index"]

    def location(self, item):
        return reverse(item)


class PersonSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Person.objects.public().order_by("slug")

    def lastmod(self, person):
        return person.updated_at
