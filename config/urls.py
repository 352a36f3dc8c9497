import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from config.views import admin_set_language, choose_language, healthz, service_worker
from events.sitemaps import sitemaps
from events.urls import exhibit_patterns, people_patterns, venue_patterns
from sources.translation_status import translation_record_view, translation_status_view

urlpatterns = [
    # Before the admin's own URLs, which would otherwise take this path. The view
    # refuses staff who may view none of the translated content.
    path(
        f"{settings.ADMIN_PATH}translation-status/",
        admin.site.admin_view(translation_status_view),
        name="admin_translation_status",
    ),
    # The admin's language switcher (templates/admin/language_switcher.html): under
    # the admin's path, where its cookie is kept (LANGUAGE_COOKIE_PATH), and open
    # to the sign-in page too.
    path(f"{settings.ADMIN_PATH}language/", admin_set_language, name="admin_set_language"),
    path(
        f"{settings.ADMIN_PATH}translation/<str:app_label>/<str:model_name>/<str:pk>/",
        admin.site.admin_view(translation_record_view),
        name="admin_translation_record",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # The language switcher: sets the language cookie that `/` honours, then goes to the page.
    path("language/<str:code>/", choose_language, name="choose_language"),
    # For a load balancer: one address in no language.
    path("healthz", healthz, name="healthz"),
    # Keeps visited pages readable offline; at the root, so that its scope is the whole site.
    path("sw.js", service_worker, name="service_worker"),
]
urlpatterns += i18n_patterns(
    path("", include("events.urls_exports")),
    path("", include("events.urls")),
    path("venues/", include(venue_patterns)),
    path("people/", include(people_patterns)),
    path("exhibits/", include(exhibit_patterns)),
    prefix_default_language=True,
)
if settings.SERVE_MEDIA:
    # `make run` and `make dev` have no front server to serve uploaded photos.
    # MEDIA_ROOT is read per request: tests move it.
    def media(request, path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media, name="media")]
