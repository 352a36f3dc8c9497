import importlib.util
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# The README's production settings (Deployment), with a fresh key.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "programme.example.kz",
    "DATABASE_URL": "postgres://programme@127.0.0.1:5432/programme",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "BEHIND_HTTPS_PROXY": "1",
    "PROXY_COUNT": "1",
}


def settings_from(env: dict[str, str]) -> dict:
    """Read config/settings.py afresh in an environment that is only ``env``.

    Returns the module's names; raises what the settings raise. None of the
    test suite's own environment (tests/environment.py) leaks in.
    """
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(ROOT / "config" / "settings.py"))


def manage_py(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process whose environment is only ``env`` (and PATH)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def rebuilt_urls(settings):
    """Rebuild config/urls.py from the current settings and serve it.

    The URLs read ADMIN_PATH and SERVE_MEDIA once, when they are imported; the
    settings fixture puts the usual ones back after the test.
    """

    def rebuild():
        spec = importlib.util.find_spec("config.urls")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        settings.ROOT_URLCONF = module

    return rebuild
