"""Sitemaps of every public page, one URL per language with its alternates.

Each lists exactly what a resident may see: the visibility rules of
``events.models`` and ``events.public``.
"""

from django.urls import reverse

from events import public
from events.models import Day, Programme, Session
from gallery.models import Exhibit
from sources.sitemaps import PageSitemap, PublicSitemap


class HomeSitemap(PageSitemap):
    changefreq = "daily"
    priority = 1.0
    url_names = ["events:home"]


class ProgrammeSitemap(PublicSitemap):
    """Each published programme's page and its grid view: one query for both."""

    changefreq = "daily"
    # The programme page first; its grid view shows the same sessions another way.
    url_priorities = {"events:programme": 0.9, "events:grid": 0.5}

    def items(self):
        programmes = Programme.objects.published().order_by("slug")
        return [(programme, name) for programme in programmes for name in self.url_priorities]

    def location(self, item):
        programme, name = item
        return reverse(name, kwargs={"slug": programme.slug})

    def lastmod(self, item):
        return item[0].updated_at

    def priority(self, item):
        return self.url_priorities[item[1]]


class DaySitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        # public(): a programme in release mode lists the days, and dates, of its release.
        return Day.objects.public().select_related("programme").order_by("programme", "public_date")

    def lastmod(self, day):
        return day.updated_at


class SessionSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Session.objects.for_sitemap()

    def lastmod(self, session):
        return session.updated_at


class IndexSitemap(PageSitemap):
    url_names = ["venues:index", "people:index", "gallery:index"]


class VenueSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return public.public_venues().order_by("slug")

    def lastmod(self, venue):
        return venue.updated_at


class PersonSitemap(VenueSitemap):
    def items(self):
        return public.public_people().order_by("slug")


class ExhibitSitemap(VenueSitemap):
    def items(self):
        return Exhibit.objects.published().order_by("slug")


sitemaps = {
    "home": HomeSitemap,
    "programmes": ProgrammeSitemap,
    "days": DaySitemap,
    "sessions": SessionSitemap,
    "indexes": IndexSitemap,
    "venues": VenueSitemap,
    "people": PersonSitemap,
    "exhibits": ExhibitSitemap,
}
