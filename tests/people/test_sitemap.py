import pytest

from tests.factories import make_public_person

pytestmark = pytest.mark.django_db


def test_sitemap_lists_people_in_every_language_with_alternates(client):
    make_public_person(slug="singer")

    xml = client.get("/sitemap.xml").content.decode()

    for language in ("kk", "ru", "en"):
        assert f"<loc>http://testserver/{language}/people/singer/</loc>" in xml
        assert f"<loc>http://testserver/{language}/people/</loc>" in xml
    assert 'hreflang="en" href="http://testserver/en/people/singer/"' in xml
