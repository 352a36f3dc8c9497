import os
import shutil

import pytest
from django.test import override_settings

# Playwright runs its own event loop in the test thread; Django's ORM calls
# from live-server fixtures would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking family of flags Chromium keeps trying the
# network, which this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Skip browser tests where Chromium is missing, unless CI requires them."""
    if shutil.which(CHROMIUM_PATH) or os.environ.get("REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM_PATH}; `apt-get install chromium` to run")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Django's default hasher takes most of a second per password by design;
    # every admin test creates a user with one. No test is about the hash.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads made by tests land in a temporary folder, never in media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organiser_client(client, admin_user):
    """A superuser's browser asking for English pages (the admin has no URL prefix)."""
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
