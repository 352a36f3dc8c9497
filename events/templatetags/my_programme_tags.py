"""The header's link to My programme, with the number of starred sessions the address carries.

Without JavaScript the selection lives in the address (``?s=a,b``), so the
count is read from it; static/js/my-programme.js puts the device's own list
(kept in localStorage) in the link and the count. No query.
"""

from django import template
from django.urls import reverse

from events.my_programme import selection_from_query, selection_query

register = template.Library()


@register.simple_tag(takes_context=True)
def my_programme_link(context) -> dict:
    """``url`` (My programme, with the address's selection) and ``count`` for the header."""
    request = context.get("request")
    selection = selection_from_query(request.GET) if request is not None else []
    query = selection_query(selection)
    url = reverse("exports:my_programme")
    return {"url": f"{url}?{query}" if query else url, "count": len(selection)}
