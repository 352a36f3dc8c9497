import pytest

from gallery.models import Exhibit

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_exhibits_in_every_language_with_alternates(client):
    Exhibit.objects.create(slug="old-almaty", title_en="Old Almaty", is_published=True)
    Exhibit.objects.create(slug="draft-exhibit", title_en="Draft", is_published=False)

    xml = client.get("/sitemap.xml").content.decode()

    for language in ("kk", "ru", "en"):
        assert f"<loc>http://testserver/{language}/exhibits/old-almaty/</loc>" in xml
        assert f"<loc>http://testserver/{language}/exhibits/</loc>" in xml
    assert 'hreflang="ru" href="http://testserver/ru/exhibits/old-almaty/"' in xml
    assert "draft-exhibit" not in xml
