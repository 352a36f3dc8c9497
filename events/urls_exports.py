"""Calendars, conference-app schedules, the personal programme and the change log.

Included before ``events.urls`` in ``config/urls.py`` so that these fixed
suffixes are matched before any broader pattern of the pages.
"""

from django.urls import path, re_path

from events import calendars, changelog, frab, my_programme

app_name = "exports"
urlpatterns = [
    path("programmes/<slug:slug>/calendar.ics", calendars.programme_calendar, name="programme_calendar"),
    re_path(
        r"^programmes/(?P<slug>[-a-zA-Z0-9_]+)/(?P<date>\d{4}-\d{2}-\d{2})/calendar\.ics$",
        calendars.day_calendar,
        name="day_calendar",
    ),
    path("programmes/<slug:slug>/schedule.xml", frab.schedule_xml, name="schedule_xml"),
    path("programmes/<slug:slug>/schedule.json", frab.schedule_json, name="schedule_json"),
    path("programmes/<slug:slug>/changes/", changelog.changes, name="changes"),
    path("programmes/<slug:slug>/changes.atom", changelog.changes_feed, name="changes_feed"),
    path("sessions/<slug:slug>/calendar.ics", calendars.session_calendar, name="session_calendar"),
    path("venues/<slug:slug>/calendar.ics", calendars.venue_calendar, name="venue_calendar"),
    path("people/<slug:slug>/calendar.ics", calendars.person_calendar, name="person_calendar"),
    path("my/", my_programme.my_programme, name="my_programme"),
    path("my/calendar.ics", my_programme.my_calendar, name="my_calendar"),
]
