"""Settings for the programme site, driven by the environment.

The settings fail closed: DEBUG is off unless ``DEBUG=1`` asks for it, and with
DEBUG off the site refuses to start without ``SECRET_KEY`` (or ``SECRET_KEY_FILE``)
and ``ALLOWED_HOSTS``. ``make run`` and ``make dev`` export what a single machine
needs (a key kept outside the checkout, loopback hosts, plain http); a deployment
sets ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL) and
``CACHE_URL`` (Redis) — see README.md. The test suite's environment is set in
tests/environment.py.
"""

import os
from datetime import timedelta
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


# Django's technical error pages list every URL and setting: only when asked for.
DEBUG = envbool("DEBUG", False)


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY", "").strip():
        return key
    # `make run` keeps a key generated on first run outside the checkout.
    if path := os.environ.get("SECRET_KEY_FILE"):
        try:
            key = Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {path} cannot be read: {error}") from error
        if not key:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {path} is empty.")
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; see README.md, Deployment."
        )
    # Only ever used on a developer's machine: DEBUG is on and nothing is deployed.
    return "insecure-development-key-do-not-deploy"


SECRET_KEY = _secret_key()

# With DEBUG on and no hosts named, Django accepts localhost only.
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host names when DEBUG is off, "
        "e.g. ALLOWED_HOSTS=programme.example.kz; see README.md, Deployment."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The site's address (scheme, host, port) in links that leave the page: share links, calendar
# URL lines, conference-app schedules. Empty: the host and port each request came to.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# The domain in calendar UIDs (session-<slug>@<domain>). Calendar apps match a session again
# by its UID, so once residents subscribe it must not change: set it with the deployment.
# Empty: the host of SITE_URL, else the first real name in ALLOWED_HOSTS (events.exports.uid_domain).
CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "").strip().lower()
# How many days, today included, a card, a session page and a calendar entry say
# "new", "moved, was 18:00" or "cancelled" after the change.
CHANGE_BADGE_DAYS = envint("CHANGE_BADGE_DAYS", 3)

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
    "axes",
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
# How long the server keeps a rendered public page or export (sources.caching); 0 keeps none. A
# kept page is never out of date: a change moves on the versions it is kept under, and it expires.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 3600)
# With a shared cache each process also keeps the pages it served last, up to this many bytes of them,
# to save a trip to Redis (the versions are still asked there on every request).
PAGE_CACHE_NEAR_BYTES = envint("PAGE_CACHE_NEAR_BYTES", 32 * 1024 * 1024)

MIDDLEWARE = [
    # First, so that it sees each response last: a response shared caches may keep sets no cookie.
    "config.middleware.PublicResponsesSetNoCookies",
    # Public pages and exports gzipped on the wire when nothing in front does it (see the class).
    "config.middleware.CompressPublicResponses",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # In the visitor's language, and before the login view hashes a password.
    "config.login_protection.LoginRateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A malformed csrftoken cookie is then replaced only on pages that use the token.
    "config.middleware.MalformedCsrfCookieIsNoCookie",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts: a transaction that reads
    # first and writes later (django-axes recording a failed sign-in) otherwise
    # fails at once with "database is locked" while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A deployment runs several gunicorn workers: they share one cache (Redis) so that
# a change an organiser saves is seen by all of them.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            # Django's Redis backend, keeping its Redis client objects (config/cache.py).
            "BACKEND": "config.cache.ReusedClientRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
else:
    # Each process its own: the page cache's versions are then per worker too, and a change saved
    # in one worker reaches the others' kept pages only when they expire. Fine for `make run`,
    # one worker; a deployment of several sets CACHE_URL.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for every page of a programme in three languages, and the versions of their keys.
            "OPTIONS": {"MAX_ENTRIES": envint("LOCAL_CACHE_ENTRIES", 5000)},
        }
    }

# django-axes counts failed sign-ins and refuses a locked-out one before any
# password is checked; Django's own backend then signs people in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin is at /admin/ unless ADMIN_PATH moves it (e.g. ADMIN_PATH=office/),
# which keeps it out of the way of bots that try /admin/ on every site.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip().strip("/") + "/"
RESERVED_PATHS = {"kk", "ru", "en", "static", "media", "healthz", "sitemap.xml", "language"}
if ADMIN_PATH == "/" or ADMIN_PATH.split("/")[0] in RESERVED_PATHS:
    raise ImproperlyConfigured(f"ADMIN_PATH {ADMIN_PATH!r} would hide public pages; choose a path of its own.")

# A person who types the wrong password AXES_FAILURE_LIMIT times from one address
# rests for AXES_COOLOFF_TIME. The lock is on the username and the address
# together: someone elsewhere guessing an organiser's password does not lock the
# organiser out, and one address trying many names is held by the rate limit.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Axes prints a line at every start of every command; the admin shows its records.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "config.login_protection.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.login_protection.client_ip"
# Sign-in attempts (POSTs to the admin login) accepted from one address in a
# minute, at most LOGIN_RATE_BURST of them at once; the rest get 429 before any
# password hash is computed (each takes a worker for most of a second), so a
# flood cannot keep the workers from the public pages. A person retyping a
# password needs fewer, and django-axes rests the account after five anyway.
LOGIN_RATE_LIMIT = envint("LOGIN_RATE_LIMIT", 5)
LOGIN_RATE_BURST = envint("LOGIN_RATE_BURST", 2)
# Behind PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the
# visitor's address is that many entries from its end; REMOTE_ADDR otherwise.
PROXY_COUNT = envint("PROXY_COUNT", 0)

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
# One language cookie, at "/": set by the public switcher's redirect
# (config.views.choose_language), for `/` on the next visit, and by the admin's
# switcher (config.views.admin_set_language), for the admin, which has no
# language in its URLs. Public pages take their language from the URL, set no
# cookie and send none back. A browser asking for a language the site lacks
# (German, say) gets LANGUAGE_CODE, with the switchers.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))


def _xstatic_dirs() -> list:
    import xstatic.pkg.jquery_ui

    return [("vendor/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR)]


STATICFILES_DIRS = [BASE_DIR / "static", *_xstatic_dirs()]
STATICFILES_FINDERS = [
    "config.finders.ProjectFileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Hashed names and compressed copies, built by collectstatic. STATIC_MANIFEST=0
# serves the files as they are, without collectstatic (the test suite).
STATIC_MANIFEST = envbool("STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
# Without collectstatic WhiteNoise looks files up as they are asked for instead
# of warning that STATIC_ROOT is missing.
WHITENOISE_AUTOREFRESH = DEBUG or not STATIC_MANIFEST
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# With several app servers the photos cannot live on one of them: AWS_STORAGE_BUCKET_NAME puts them
# in an S3-compatible bucket (AWS, MinIO, Ceph, a cloud's object storage) through django-storages.
# boto3 reads the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role).
if _bucket := os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    _media_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN (or the bucket's own web address) in front of the bucket.
            "custom_domain": _media_domain,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # The photos are public, as the pages showing them: plain addresses a CDN can keep,
            # without signatures that expire.
            "querystring_auth": False,
            # Two uploads of one name keep both files (Django's own behaviour on disk).
            "file_overwrite": False,
        },
    }
    # The pages load the photos from there: the Content-Security-Policy allows that origin for images.
    _media_origin = os.environ.get("MEDIA_ORIGIN") or (
        f"https://{_media_domain}" if _media_domain else _endpoint or f"https://{_bucket}.s3.amazonaws.com"
    )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [SELF, _media_origin]
# `make run` has no front server, so Django serves the uploaded photos itself;
# a deployment leaves MEDIA_ROOT to the reverse proxy.
SERVE_MEDIA = envbool("SERVE_MEDIA", DEBUG) and not _bucket

# Plain http is for loopback only: `make run`, `make dev`, the test suite and
# the load test. Everywhere else the site is reached over HTTPS: cookies are
# marked Secure, plain http is redirected, and browsers are told (HSTS) to use
# nothing else for a year.
PLAIN_HTTP = envbool("PLAIN_HTTP", DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
LANGUAGE_COOKIE_SECURE = not PLAIN_HTTP
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not PLAIN_HTTP)
# A load balancer probes the workers directly, over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading is the registrable domain's owner's decision and hard to undo, so
# it is opt-in (SECURE_HSTS_PRELOAD=1) and Django's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
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
