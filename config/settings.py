"""Settings for the programme site, driven by the environment.

Defaults make ``make run`` work on a fresh machine: SQLite, DEBUG on, a local
memory cache. A deployment sets ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL`` (PostgreSQL) and ``CACHE_URL`` (Redis) — see README.md.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
# Under pytest static files are served without a collectstatic manifest.
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used on a developer's machine: DEBUG is on and nothing is deployed.
    SECRET_KEY = "insecure-development-key-do-not-deploy"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    # The project's apps, bottom layer first (see ARCHITECTURE.md): the leaf,
    # the data apps, then the programme and every public page.
    "sources",
    "venues",
    "people",
    "gallery",
    "events",
]

# The apps whose records residents read: a save or delete in any of them moves
# the content revision on (sources.caching), so public pages revalidate.
CONTENT_APPS = ["sources", "venues", "people", "gallery", "events"]
# How long anyone (browsers, proxies, a CDN) may keep a public page or export
# without asking again; revalidation after that costs a 304.
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 300)

MIDDLEWARE = [
    # First, so that it sees each response last: a response shared caches may keep sets no cookie.
    "config.middleware.PublicResponsesSetNoCookies",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A malformed csrftoken cookie is then replaced only on pages that use the token.
    "config.middleware.MalformedCsrfCookieIsNoCookie",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Response headers ------------------------------------------------------------------------------
# What every response says to the browser, checked by tests/security/ (an HTTP Observatory score
# of the programme page, and Chromium reporting no policy violation on any page type or in the
# admin). HSTS and the cookie flags depend on HTTPS and are set with the deployment settings.
#
# Content-Security-Policy: only this site's own files, no inline script or style anywhere and no
# eval. Pages that need an inline <style> (the grid's cell positions) add its hash to style-src
# for that response. JSON-LD blocks are data, not script, and need no source. Nothing may frame
# the site, post a form elsewhere or change the base URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Named, not inherited: a response that adds a hash adds it to these.
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features no page here uses, off for the site and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Pages, calendars and photos are for this site's own pages to embed; a link or a calendar app
# still opens them. Another site's page cannot load them as a subresource.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Django's default, said here: a window this site opens cannot reach back into it, nor it into them.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A deployment runs several gunicorn workers: they share one cache (Redis) so that
# a change an organiser saves is seen by all of them.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Kazakh first (the state language), then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Kazakhstan has one zone, UTC+5, since 2024-03-01; tzdata knows the change.
TIME_ZONE = "Asia/Almaty"
# Django ships no Kazakh formats and a 12-hour clock for English; ours are here.
FORMAT_MODULE_PATH = ["config.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
# A field missing in the visitor's language falls back in this order; the page
# marks the fallback text with its own lang attribute.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ru", "kk", "en"),
    "kk": ("ru", "en"),
    "ru": ("kk", "en"),
    "en": ("ru", "kk"),
}
# TabbedTranslationAdmin loads jQuery UI from a CDN by default; serve it ourselves.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


def _xstatic_dirs() -> list:
    import xstatic.pkg.jquery_ui

    return [("vendor/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR)]


STATICFILES_DIRS = [BASE_DIR / "static", *_xstatic_dirs()]
STATICFILES_FINDERS = [
    "config.finders.ProjectFileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names and compressed copies; tests use the plain storage so
        # they need no collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Tests run without collectstatic: WhiteNoise then looks files up as they are
# asked for instead of warning that STATIC_ROOT is missing.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
