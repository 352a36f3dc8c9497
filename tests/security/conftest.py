# The browser tests here need the same base_url fixture as those in tests/browser/.
from tests.browser.conftest import base_url  # noqa: F401
