"""The service worker that keeps visited pages readable offline, served at the site's root."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_at_the_root_as_javascript_and_revalidated(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    # Its scope is where it is served: the root covers /kk/, /ru/ and /en/.
    assert "const PAGE_PATH = /^\\/(kk|ru|en)\\//;" in script
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_page_registers_it_from_a_file_and_carries_a_hidden_offline_notice(client, language):
    html = client.get(f"/{language}/venues/").content.decode()

    assert '<script src="/static/js/offline.js" defer></script>' in html
    assert '<p class="offline-notice" role="status" data-offline-notice hidden>' in html
    # The worker puts the time the copy was saved in place of {saved}.
    assert html.count("{saved}") == 1
