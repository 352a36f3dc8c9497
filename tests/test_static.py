"""Static files as a deployment serves them: hashed, compressed, collected without errors."""

import json

from django.core.management import call_command


def test_collectstatic_builds_the_hashed_manifest_make_run_serves(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert "css/site.css" in manifest
    assert "vendor/jquery-ui/jquery-ui.min.js" in manifest  # the admin's language tabs
    assert (tmp_path / (manifest["css/site.css"] + ".gz")).exists()


def test_the_browser_tests_live_server_serves_the_stylesheet(settings):
    # pytest-django's live_server serves static files only when this exact
    # app label is installed; without it every browser test sees bare HTML.
    assert "django.contrib.staticfiles" in settings.INSTALLED_APPS
