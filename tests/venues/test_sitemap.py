import pytest

from tests.factories import make_public_venue

pytestmark = pytest.mark.django_db


def test_sitemap_lists_venues_in_every_language_with_alternates(client):
    make_public_venue(slug="palace")

    xml = client.get("/sitemap.xml").content.decode()

    for language in ("kk", "ru", "en"):
        assert f"<loc>http://testserver/{language}/venues/palace/</loc>" in xml
        assert f"<loc>http://testserver/{language}/venues/</loc>" in xml
    assert 'hreflang="kk" href="http://testserver/kk/venues/palace/"' in xml
