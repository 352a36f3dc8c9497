import pytest


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """The --base-url option, as pytest-playwright's own fixture reads it.

    pytest-playwright 0.10 defines ``base_url`` on a plugin object when
    pytest-base-url is not installed, which pytest 9 reports as a deprecated
    instance-method fixture; with warnings as errors every browser test would
    fail to set up. The tests open the live server's own address.
    """
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None
