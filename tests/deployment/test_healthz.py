"""/healthz tells a load balancer whether a worker can serve."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def refuse_connections(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_ok_when_the_database_and_the_cache_work(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response.cookies == {}


def test_names_the_cache_when_it_does_not_answer(client, settings):
    settings.CACHES = UNREACHABLE_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache: failed\n"
    assert response["Cache-Control"] == "no-store"


def test_names_the_database_when_it_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(connection, "cursor", refuse_connections)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database: failed\n"
    assert response["Cache-Control"] == "no-store"


def test_names_both_when_neither_answers(client, settings, monkeypatch):
    settings.CACHES = UNREACHABLE_REDIS
    monkeypatch.setattr(connection, "cursor", refuse_connections)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database: failed\ncache: failed\n"


def test_is_outside_the_language_prefix_and_answers_plain_http(client, settings):
    # A load balancer probes a worker directly, without TLS; the public pages
    # of the same worker send such a visitor to https.
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get("/healthz")
    page = client.get("/en/")
    prefixed = client.get("/en/healthz", secure=True)

    assert (probe.status_code, probe.content) == (200, b"ok\n")
    assert (page.status_code, page["Location"]) == (301, "https://testserver/en/")
    assert prefixed.status_code == 404
