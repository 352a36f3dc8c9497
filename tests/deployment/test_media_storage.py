"""Photos in an S3-compatible bucket when one is named: the storage, the addresses, the policy showing them."""

from storages.backends.s3 import S3Storage

from tests.deployment.conftest import PRODUCTION, manage_py, settings_from

BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "programme-media",
    "AWS_S3_ENDPOINT_URL": "https://storage.example.kz",
    "AWS_S3_REGION_NAME": "kz-1",
    "AWS_S3_CUSTOM_DOMAIN": "media.programme.example.kz",
}


def test_photos_stay_on_disk_unless_a_bucket_is_named():
    settings = settings_from(PRODUCTION)

    assert settings["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'"]


def test_a_named_bucket_holds_the_photos_at_plain_public_addresses():
    settings = settings_from({**PRODUCTION, **BUCKET})
    default = settings["STORAGES"]["default"]

    storage = S3Storage(**default["OPTIONS"])

    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (
        storage.url("gallery/old-almaty/p1.jpg") == "https://media.programme.example.kz/media/gallery/old-almaty/p1.jpg"
    )
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "https://media.programme.example.kz",
    ]
    assert settings["SERVE_MEDIA"] is False


def test_without_a_cdn_the_pages_load_photos_from_the_endpoint():
    env = {name: value for name, value in BUCKET.items() if name != "AWS_S3_CUSTOM_DOMAIN"}

    settings = settings_from({**PRODUCTION, **env})

    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "https://storage.example.kz"]


def test_the_deployment_checks_pass_with_a_bucket():
    result = manage_py("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, **BUCKET})

    assert result.returncode == 0, result.stdout + result.stderr
