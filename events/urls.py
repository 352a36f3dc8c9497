from django.urls import path, re_path

from events import changelog, views
from events.search import search

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/grid/", views.grid, name="grid"),
    path("programmes/<slug:slug>/now/", views.now_next, name="now_next"),
    # The date is checked by the view, so 2025-02-30 is a friendly 404, not an error.
    re_path(r"^programmes/(?P<slug>[-a-zA-Z0-9_]+)/(?P<date>\d{4}-\d{2}-\d{2})/$", views.day_detail, name="day"),
    path("programmes/<slug:slug>/releases/<int:number>/", changelog.release_detail, name="release"),
    path("sessions/<slug:slug>/", views.session_detail, name="session"),
    path("search/", search, name="search"),
]

# Included by config/urls.py under their own prefixes and namespaces.
venue_patterns = (
    [
        path("", views.venue_index, name="index"),
        path("<slug:slug>/", views.venue_detail, name="venue"),
        path("<slug:slug>/now/", views.venue_signage, name="signage"),
    ],
    "venues",
)
people_patterns = (
    [
        path("", views.person_index, name="index"),
        path("<slug:slug>/", views.person_detail, name="person"),
    ],
    "people",
)
exhibit_patterns = (
    [
        path("", views.exhibit_index, name="index"),
        path("<slug:slug>/", views.exhibit_detail, name="exhibit"),
    ],
    "gallery",
)
