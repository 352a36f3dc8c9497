"""The one public caching policy of the site, for every public page and export.

``public_view`` makes a view answer conditional requests (Django's
``condition()``: 304 without rendering when the client's copy is current) and
marks its response cacheable by anyone for ``PUBLIC_CACHE_SECONDS``. The
language is in every public URL (``/kk/``, ``/ru/``, ``/en/``), so responses
do not vary by ``Accept-Language``, and they set no cookies.

By default a page's validators are the site's content revision
(``sources.models.Revision``), moved on by every save or delete of content;
an export passes its own, narrower ``last_modified``.
"""

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from sources.models import Revision


def content_changed_at(request=None, *args, **kwargs) -> datetime.datetime | None:
    """When public content last changed; ``None`` before anything was saved.

    One query per request: the answer is kept on ``request``, since
    ``condition()`` asks for the ETag and Last-Modified separately.
    """
    if request is not None and hasattr(request, "_content_changed_at"):
        return request._content_changed_at
    changed_at = Revision.objects.values_list("changed_at", flat=True).first()
    if request is not None:
        request._content_changed_at = changed_at
    return changed_at


def content_etag(request=None, *args, **kwargs) -> str | None:
    changed_at = content_changed_at(request)
    return f"{changed_at.timestamp():.6f}" if changed_at else None


def public_view(
    view: Callable | None = None,
    *,
    last_modified: Callable | None = None,
    etag: Callable | None = None,
    max_age: int | None = None,
):
    """Decorate a public view: conditional GET and ``Cache-Control: public``.

    Without arguments the content revision is both ETag and Last-Modified.
    ``last_modified`` (and ``etag``) take the view's arguments, as for
    ``condition()``, and must be cheaper than the view. ``max_age`` shortens
    ``PUBLIC_CACHE_SECONDS`` for a page that reloads itself more often.
    """
    if last_modified is None and etag is None:
        last_modified, etag = content_changed_at, content_etag

    def decorator(view_func):
        conditional = condition(etag_func=etag, last_modified_func=last_modified)(view_func)

        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                seconds = settings.PUBLIC_CACHE_SECONDS
                patch_cache_control(
                    response, public=True, max_age=seconds if max_age is None else min(max_age, seconds)
                )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


def _is_content(sender) -> bool:
    return getattr(sender, "_meta", None) is not None and sender._meta.app_label in settings.CONTENT_APPS


def note_content_change() -> None:
    """Move the content revision on to now (one or two queries)."""
    now = timezone.now()
    if not Revision.objects.filter(pk=1).update(changed_at=now):
        Revision.objects.update_or_create(pk=1, defaults={"changed_at": now})


@receiver(post_save, dispatch_uid="sources.caching.saved")
@receiver(post_delete, dispatch_uid="sources.caching.deleted")
def _content_saved_or_deleted(sender, **kwargs) -> None:
    if sender is not Revision and _is_content(sender):
        note_content_change()


@receiver(m2m_changed, dispatch_uid="sources.caching.m2m")
def _content_relations_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and _is_content(kwargs["model"]):
        note_content_change()
