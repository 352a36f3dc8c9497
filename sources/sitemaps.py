"""The base of every public sitemap: one URL per language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False


class PageSitemap(PublicSitemap):
    """A sitemap of fixed pages named by their URL names (the home page, an index)."""

    changefreq = "weekly"
    priority = 0.5
    url_names: list[str] = []

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
