"""The environment the test suite runs in, set before Django reads its settings.

pytest-django sets Django up before any conftest.py is read, so this is a
plugin loaded with ``-p`` (pyproject.toml), the way pytest-django's
documentation describes for changes that must precede ``django.setup()``.

The suite runs the site as ``make run`` does: DEBUG off, plain http on
loopback, uploaded photos served by Django; static files are found where they
are, without collectstatic. A variable already set (DATABASE_URL, say) is kept.
"""

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest

ENVIRONMENT = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "PLAIN_HTTP": "1",
    "STATIC_MANIFEST": "0",
    "SERVE_MEDIA": "1",
    # The server keeps no pages: each test renders what it asks for (query counts, fresh data).
    # tests/events/test_server_cache.py turns the page cache on.
    "PAGE_CACHE_SECONDS": "0",
}


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    # pytest-xdist's workers each get their own test database from pytest-django;
    # a shared Redis cache is split the same way, by database number, so that one
    # worker's cached pages, rate-limit counters and cache.clear() never reach another.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and os.environ.get("CACHE_URL", "").startswith(("redis://", "rediss://")):
        os.environ["CACHE_URL"] = _redis_database_for_worker(os.environ["CACHE_URL"], int(worker[2:]))


def _redis_database_for_worker(url: str, worker: int) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + worker) % 16}"))
