"""Schedule releases: a programme's draft becomes the version residents see, with what changed.

A programme with ``publishes_on_release`` keeps two states. Its days and
sessions as saved are the organisers' draft: the admin, the clash check and
the services work on them as always. Residents see the current release: a
copy of every day (``ReleasedDay``) and session (``ReleasedSession``) taken
when an organiser published it, which the public loaders read through
``Session.released`` (``events.models.public_q``). ``publish_release()``
takes a new copy, points the sessions at it and writes what changed since the
previous release into the change log (``Change.release``), so the changes
page, the Atom feed and the calendars' revisions follow releases, not saves.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from events.models import (
    Change,
    ChangeKind,
    Programme,
    Release,
    ReleasedDay,
    ReleasedSession,
    Session,
    Status,
)
from sources.models import LANGUAGE_CODES

# What a change between two releases compares, by aspect of the change log.
ASPECT_FIELDS = {
    "when": ("date", "date_precision", "start_time", "end_time"),
    "place": ("space_id", "platform_number", *(f"location_note_{code}" for code in LANGUAGE_CODES)),
    "status": ("status",),
    "title": tuple(f"title_{code}" for code in LANGUAGE_CODES),
}


@dataclass
class PendingChange:
    """One change a release publishes (or published): what the change log will say of a session."""

    kind: str
    key: str  # the session's slug: the same across releases
    session: Session | None
    title: dict
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    release = None  # not published yet

    def get_kind_display(self) -> str:
        return str(ChangeKind(self.kind).label)

    @property
    def session_title(self) -> dict:
        """The title in every language, as ``Change.session_title`` keeps it (for ``changelog.describe_change``)."""
        return self.title


def copy_of_session(session: Session, release: Release | None = None) -> ReleasedSession:
    """An unsaved copy of ``session`` as saved now (needs ``day``, ``space`` and its ``venue``)."""
    columns = {
        f"{name}_{code}": getattr(session, f"{name}_{code}") or ""
        for name in ("title", "location_note", "status_note")
        for code in LANGUAGE_CODES
    }
    return ReleasedSession(
        release=release,
        session=session,
        slug=session.slug,
        day=session.day,
        date=session.day.date,
        date_precision=session.day.date_precision,
        start_time=session.start_time,
        end_time=session.end_time,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        space=session.space,
        platform_number=session.platform_number,
        place=session.change_snapshot("place"),
        status=session.status,
        is_published=session.is_published,
        sequence=session.sequence,
        **columns,
    )


def _draft_sessions(programme: Programme) -> list[Session]:
    """The programme's sessions as saved, with what a copy needs: one query."""
    return list(Session.objects.filter(day__programme=programme).select_related("day", "space__venue").order_by("pk"))


def _public_copies(programme: Programme) -> list[ReleasedSession]:
    """What residents see of the programme now, as copies: the current release, or the rows as saved.

    One query either way.
    """
    if programme.shows_release:
        return list(ReleasedSession.objects.filter(release=programme.current_release_id).select_related("session"))
    return [copy_of_session(session) for session in _draft_sessions(programme)]


def _differs(before: ReleasedSession, after: ReleasedSession, aspect: str) -> bool:
    return any((getattr(before, name) or None) != (getattr(after, name) or None) for name in ASPECT_FIELDS[aspect])


def _values(copy: ReleasedSession, aspect: str):
    if aspect == "when":
        return copy.when()
    if aspect == "place":
        return copy.place
    if aspect == "status":
        return copy.status
    return copy.titles()


def changes_between(before: list[ReleasedSession], after: list[ReleasedSession]) -> list[PendingChange]:
    """What residents would be told when ``after`` replaces ``before``: added, removed, moved, cancelled, ...

    Only published copies count: a draft on both sides is no change. The
    kinds follow the change log of saves (``Change.log_save``): cancelled
    before moved, moved before a change of place, a new title is "changed".
    In programme order of the newer state.
    """
    old = {copy.slug: copy for copy in before if copy.is_published}
    new = {copy.slug: copy for copy in after if copy.is_published}
    changes = []
    for slug, copy in new.items():
        stored = old.get(slug)
        if stored is None:
            changes.append(
                PendingChange(ChangeKind.ADDED, slug, copy.session, copy.titles(), after={"when": copy.when()})
            )
            continue
        aspects = [aspect for aspect in ASPECT_FIELDS if _differs(stored, copy, aspect)]
        if not aspects:
            continue
        if "status" in aspects and copy.status == Status.CANCELLED:
            kind = ChangeKind.CANCELLED
        elif "when" in aspects or ("status" in aspects and copy.status == Status.MOVED):
            kind = ChangeKind.MOVED
        elif "place" in aspects:
            kind = ChangeKind.PLACE_CHANGED
        else:
            kind = ChangeKind.CHANGED
        changes.append(
            PendingChange(
                kind,
                slug,
                copy.session,
                copy.titles(),
                before={aspect: _values(stored, aspect) for aspect in aspects},
                after={aspect: _values(copy, aspect) for aspect in aspects},
            )
        )
    for slug, stored in old.items():
        if slug not in new:
            changes.append(
                PendingChange(ChangeKind.REMOVED, slug, stored.session, stored.titles(), before={"when": stored.when()})
            )
    return sorted(changes, key=_change_order)


def _change_order(change: PendingChange) -> tuple:
    when = change.after.get("when") or change.before.get("when") or {}
    return (when.get("date") or "", when.get("start") or "", change.key)


def pending_changes(programme: Programme) -> list[PendingChange]:
    """What the next release of ``programme`` would publish: the draft against what residents see.

    Two queries. Called by the admin's release page for its preview.
    """
    draft = [copy_of_session(session) for session in _draft_sessions(programme)]
    return changes_between(_public_copies(programme), draft)


def next_number(programme: Programme) -> int:
    return (Release.objects.filter(programme=programme).aggregate(Max("number"))["number__max"] or 0) + 1


class ReleaseOutdated(Exception):
    """The draft or the releases changed between the organiser's preview and their confirmation."""


def fingerprint(programme: Programme, changes: list[PendingChange]) -> str:
    """A short digest of the next number and the changes a preview showed, to confirm the same release."""
    shown = [(c.kind, c.key, c.title, c.before, c.after) for c in changes]
    text = json.dumps([next_number(programme), shown], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def publish_release(
    *, programme: Programme, name: str = "", note: dict | None = None, by=None, expected: str | None = None
) -> Release:
    """Publish the draft of ``programme`` as its next release; residents see it from now on.

    Called by the admin's "Publish a release" page. In one transaction: locks
    the programme row (a second organiser releasing at the same moment waits,
    then gets the next number; ``events_release_unique_number`` refuses a
    duplicate in any case), numbers the release, copies every day and session
    as saved, logs the changes since what residents saw before
    (``Change.release``), points each session at its copy and moves the
    programme's ``current_release``. The draft itself is not touched.
    ``note`` maps language codes to the note's text. With ``expected`` (the
    ``fingerprint()`` of the preview the organiser confirmed), raises
    ``ReleaseOutdated`` and publishes nothing if the release would differ.
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = _public_copies(programme)
    if expected is not None:
        draft = [copy_of_session(session) for session in _draft_sessions(programme)]
        if fingerprint(programme, changes_between(before, draft)) != expected:
            raise ReleaseOutdated
    note = note or {}
    release = Release(
        programme=programme,
        number=next_number(programme),
        name=name,
        released_at=timezone.now(),
        released_by=by,
        note=note.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE) or next(iter(note.values()), ""),
        **{f"note_{code}": note.get(code, "") for code in LANGUAGE_CODES},
    )
    release.save()
    ReleasedDay.objects.bulk_create(
        ReleasedDay(
            release=release,
            day=day,
            date=day.date,
            date_precision=day.date_precision,
            **{f"title_{code}": getattr(day, f"title_{code}") or "" for code in LANGUAGE_CODES},
        )
        for day in programme.days.all()
    )
    copies = ReleasedSession.objects.bulk_create(
        copy_of_session(session, release) for session in _draft_sessions(programme)
    )
    for change in changes_between(before, copies):
        Change.objects.create(
            programme=programme,
            session=change.session,
            session_title=change.title,
            kind=change.kind,
            before=change.before,
            after=change.after,
            created_at=release.released_at,
            release=release,
        )
    # Sessions moved to another programme since the last release leave this one.
    Session.objects.filter(released__release__programme=programme).exclude(day__programme=programme).update(
        released=None
    )
    copy_of = ReleasedSession.objects.filter(release=release, session=OuterRef("pk")).values("pk")[:1]
    Session.objects.filter(day__programme=programme).update(released=Subquery(copy_of))
    # A bulk update sends no signal and leaves updated_at alone: move the
    # programme's, which the exports' Last-Modified reads, by hand.
    Programme.objects.filter(pk=programme.pk).update(current_release=release, updated_at=release.released_at)
    programme.current_release = release
    return release
