"""Public pages for photo exhibits."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from events.search import sorted_by_text
from gallery.models import Exhibit, Photo


def _measure(photo: Photo) -> Photo:
    """Set ``shown`` (the file can be displayed), ``width`` and ``height`` on a photo.

    A photo whose file is missing from storage, or unreadable, is shown as an
    "image pending" tile like one without a file, never as a broken image.
    """
    photo.shown = False
    photo.width = photo.height = None
    if photo.image:
        try:
            photo.width, photo.height = photo.image.width, photo.image.height
        except (OSError, ValueError):
            return photo
        photo.shown = True
    return photo


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def exhibit_index(request):
    exhibits = sorted_by_text(Exhibit.objects.for_index_page(), "title")
    return render(request, "gallery/exhibit_index.html", {"exhibits": exhibits})


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def exhibit_detail(request, slug):
    exhibit = get_object_or_404(Exhibit.objects.for_exhibit_page(), slug=slug)
    ctx = {
        "exhibit": exhibit,
        "session": exhibit.session if exhibit.session_visible else None,
        "photographers": [credit.person for credit in exhibit.credit_list],
        "photos": [_measure(photo) for photo in exhibit.photo_list],
    }
    return render(request, "gallery/exhibit_detail.html", ctx)
