"""Sitemaps of the programme pages, one URL per language with its alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Day, Programme, Session


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False


class HomeSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["events:home"]

    def location(self, item):
        return reverse(item)


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
        return (
            Day.objects.filter(programme__is_published=True).select_related("programme").order_by("programme", "date")
        )

    def lastmod(self, day):
        return day.updated_at


class SessionSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Session.objects.for_sitemap()

    def lastmod(self, session):
        return session.updated_at
