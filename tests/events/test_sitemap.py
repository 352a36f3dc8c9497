"""sitemap.xml: every programme page in every language, with its alternates."""

import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from events.sitemaps import sitemaps
from tests.events.factories_pages import (
    make_almaty_days,
    make_concert,
    make_palace,
    make_programme,
    make_session,
    names,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    programme, day = make_almaty_days()
    make_concert(day)
    make_session(day=day, start="12:00", published=False, slug="rehearsal", **names("a", "b", "Rehearsal"))
    make_programme(slug="draft-programme", published=False)
    return programme


def test_sitemap_lists_programme_day_and_session_pages_in_every_language(client, published):
    xml = client.get("/sitemap.xml").content.decode()

    for lang in ["kk", "ru", "en"]:
        assert f"<loc>http://testserver/{lang}/programmes/days-of-almaty/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/programmes/days-of-almaty/grid/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/programmes/days-of-almaty/2025-10-09/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/sessions/gala-concert/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/</loc>" in xml


def test_each_url_names_its_alternates(client, published):
    xml = client.get("/sitemap.xml").content.decode()

    entry = xml.split("<loc>http://testserver/ru/sessions/gala-concert/</loc>")[1].split("</url>")[0]
    for lang in ["kk", "ru", "en"]:
        assert (
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="http://testserver/{lang}/sessions/gala-concert/"/>'
            in entry
        )


def test_sitemap_leaves_out_drafts(client, published):
    xml = client.get("/sitemap.xml").content.decode()

    assert "rehearsal" not in xml
    assert "draft-programme" not in xml


@pytest.mark.parametrize("n", [1, 3])
def test_sitemap_query_count_does_not_grow(django_assert_num_queries, n):
    for i in range(n):
        programme, day = make_almaty_days(slug=f"days-{i}")
        make_concert(day, slug=f"concert-{i}", space=make_palace(slug=f"palace-{i}"))
    sections = sitemaps
    request = RequestFactory().get("/sitemap.xml")

    # 6 queries, one per section whatever its size: programmes (their pages
    # and grid views), days with their programmes, sessions, public venues,
    # public people, published exhibits (the index pages need none).
    with django_assert_num_queries(6):
        response = sitemap(request, sitemaps=sections)
        xml = response.render().content.decode()

    # Each session: three <loc>s, each with three alternates.
    assert xml.count("/sessions/concert-") == n * 3 * 4
