"""Public pages for venues: the index and one venue with what happens there."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from events.search import alphabetical_key, sorted_by_text
from events.templatetags.programme_tags import field_in_language
from venues.models import Venue


def _sessions_by_day(venue: Venue) -> list[tuple]:
    """Group the sessions preloaded by ``for_venue_page()`` by date: ``[(day, [session, ...]), ...]``.

    Sessions in several spaces of one venue are merged; each session keeps
    ``shown_space`` so the page can name the hall.
    """
    by_date: dict = {}
    for space in venue.space_list:
        for session in space.visible_sessions:
            session.shown_space = space
            by_date.setdefault(session.day.date, (session.day, []))[1].append(session)
    groups = []
    for date in sorted(by_date):
        day, sessions = by_date[date]
        # Items that run through the day come first, then by start time.
        sessions.sort(key=lambda s: (s.start_time is not None, s.start_time or 0, s.platform_number or 0, s.slug))
        groups.append((day, sessions))
    return groups


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def venue_index(request):
    venues = sorted_by_text(Venue.objects.for_index_page())
    cities: dict = {}
    for venue in venues:
        city = field_in_language(venue, "city")[0]
        cities.setdefault(city, []).append(venue)
    # Each group is a list of venues in one city; the template names the city from the first.
    ctx = {"cities": [cities[city] for city in sorted(cities, key=alphabetical_key)]}
    return render(request, "venues/venue_index.html", ctx)


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def venue_detail(request, slug):
    venue = get_object_or_404(Venue.objects.for_venue_page(), slug=slug)
    spaces = [space for space in venue.space_list if space.name or space.capacity]
    ctx = {"venue": venue, "spaces": spaces, "days": _sessions_by_day(venue)}
    return render(request, "venues/venue_detail.html", ctx)
