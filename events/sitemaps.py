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
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Programme.objects.published().order_by("slug")

    def lastmod(self, programme):
        return programme.updated_at


class ProgrammeGridSitemap(ProgrammeSitemap):
    priority = 0.5

    def location(self, programme):
        return reverse("events:grid", kwargs={"slug": programme.slug})


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
    "grids": ProgrammeGridSitemap,
    "days": DaySitemap,
    "sessions": SessionSitemap,
    "indexes": IndexSitemap,
    "venues": VenueSitemap,
    "people": PersonSitemap,
    "exhibits": ExhibitSitemap,
}
