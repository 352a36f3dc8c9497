from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.sitemaps import sitemaps
from events.urls import exhibit_patterns, people_patterns, venue_patterns
from sources.translation_status import translation_status_view

urlpatterns = [
    # Before the admin's own URLs, which would otherwise take this path. The view
    # refuses staff who may view none of the translated content.
    path(
        "admin/translation-status/",
        admin.site.admin_view(translation_status_view),
        name="admin_translation_status",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]
urlpatterns += i18n_patterns(
    path("", include("events.urls_exports")),
    path("", include("events.urls")),
    path("venues/", include(venue_patterns)),
    path("people/", include(people_patterns)),
    path("exhibits/", include(exhibit_patterns)),
    prefix_default_language=True,
)
if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
