"""The settings fail closed: debug only when asked for, production refuses to
start without a key and host names, and Django's deployment checks pass with
the README's production settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.deployment.conftest import PRODUCTION, manage_py, settings_from


def test_the_deployment_checks_pass_with_the_readmes_production_settings():
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (1 silenced).\n"


def test_production_refuses_to_start_without_a_secret_key():
    env = {name: value for name, value in PRODUCTION.items() if name != "SECRET_KEY"}

    result = manage_py("check", env=env)

    assert result.returncode == 1
    assert (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off"
        in result.stderr
    )


def test_nothing_set_at_all_is_production_too():
    with pytest.raises(ImproperlyConfigured, match=r"^SECRET_KEY \(or SECRET_KEY_FILE\) must be set when DEBUG is off"):
        settings_from({})


def test_production_refuses_to_start_without_host_names():
    env = {name: value for name, value in PRODUCTION.items() if name != "ALLOWED_HOSTS"}

    with pytest.raises(ImproperlyConfigured, match="^ALLOWED_HOSTS must name the site's host names when DEBUG is off"):
        settings_from(env)


def test_debug_is_on_only_when_asked_for():
    assert settings_from(PRODUCTION)["DEBUG"] is False
    assert settings_from({"DEBUG": "1"})["DEBUG"] is True


def test_the_secret_key_can_come_from_a_file_outside_the_checkout(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("a-key-made-on-first-run-" + "x" * 40 + "\n")
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(key_file)}

    assert settings_from(env)["SECRET_KEY"] == "a-key-made-on-first-run-" + "x" * 40


def test_an_unreadable_secret_key_file_is_named(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path / "missing")}

    with pytest.raises(ImproperlyConfigured, match=f"^SECRET_KEY_FILE {tmp_path / 'missing'} cannot be read"):
        settings_from(env)


def test_production_sends_people_to_https_and_keeps_them_there():
    production = settings_from(PRODUCTION)
    loopback = settings_from({**PRODUCTION, "PLAIN_HTTP": "1"})

    secure = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert [production[name] for name in secure] == [True, 365 * 24 * 3600, True, True]
    assert [loopback[name] for name in secure] == [False, 0, False, False]


def test_uploads_are_served_only_where_asked_for():
    assert settings_from(PRODUCTION)["SERVE_MEDIA"] is False
    assert settings_from({**PRODUCTION, "SERVE_MEDIA": "1"})["SERVE_MEDIA"] is True


def test_uploaded_photos_are_served_where_there_is_no_front_server(client, settings, rebuilt_urls):
    photo = settings.MEDIA_ROOT / "photos" / "river.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    settings.SERVE_MEDIA = True
    rebuilt_urls()

    response = client.get("/media/photos/river.jpg")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 a photo"
    assert response["Content-Type"] == "image/jpeg"


def test_production_leaves_uploaded_photos_to_the_front_server(client, settings, rebuilt_urls):
    photo = settings.MEDIA_ROOT / "photos" / "river.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    settings.SERVE_MEDIA = False
    rebuilt_urls()

    response = client.get("/media/photos/river.jpg")

    assert response.status_code == 404
