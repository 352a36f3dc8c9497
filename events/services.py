"""Changes to several sessions at once, called from the admin's actions.

Every change goes through Session.save(), one session at a time: save() keeps
the absolute times, the calendar revision and the residents' change log in
step, which QuerySet.update() would skip.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext

from events.models import Session, SessionPerson, SessionTopic, Status
from sources.models import unique_slug
from sources.text import quoted


def _locked(sessions: Iterable[Session]) -> list[Session]:
    pks = [session.pk for session in sessions]
    return list(Session.objects.select_for_update().select_related("day").filter(pk__in=pks).order_by("pk"))


@transaction.atomic
def duplicate_sessions(*, sessions: Iterable[Session]) -> list[Session]:
    """Copy ``sessions`` as unpublished drafts with new slugs, people and topics included.

    Called by the session admin's "duplicate" action. A copy of a session that
    holds its space leaves the space empty: the original still holds it, and
    the organiser picks another time or space for the copy.
    """
    copies = []
    for original in _locked(sessions):
        people = list(SessionPerson.objects.filter(session=original))
        topics = list(SessionTopic.objects.filter(session=original))
        copy = Session.objects.select_related("day").get(pk=original.pk)
        copy.pk = None
        copy._state.adding = True
        copy.slug = unique_slug(Session, original.slug)
        copy.is_published = False
        copy.sequence = 0
        if original.blocks_space():
            copy.space = None
        copy.save()
        for link in people + topics:
            link.pk = None
            link._state.adding = True
            link.session = copy
        SessionPerson.objects.bulk_create(people)
        SessionTopic.objects.bulk_create(topics)
        copies.append(copy)
    return copies


def _shifted(time: datetime.time, date: datetime.date, minutes: int) -> datetime.time | None:
    """``time`` moved by ``minutes`` on ``date``, or None if it would leave that date."""
    moved = datetime.datetime.combine(date, time) + datetime.timedelta(minutes=minutes)
    return moved.time() if moved.date() == date else None


@transaction.atomic
def shift_sessions(*, sessions: Iterable[Session], minutes: int) -> list[Session]:
    """Move ``sessions`` by ``minutes`` (negative: earlier), all of them or none.

    Called by the session admin's "shift" action. Raises ValidationError, with
    one message per problem, when a session has no time to move, would cross
    midnight, or would take a space another session holds at the new time;
    nothing is then saved.
    """
    selected = _locked(sessions)
    selected_pks = {session.pk for session in selected}
    problems = []
    for session in selected:
        if session.start_time is None:
            problems.append(gettext("%(title)s has no start time to move.") % {"title": quoted(session.title)})
            continue
        start = _shifted(session.start_time, session.day.date, minutes)
        end = _shifted(session.end_time, session.day.date, minutes) if session.end_time else None
        if start is None or (session.end_time and end is None):
            problems.append(
                gettext("%(title)s would cross midnight; move it to another day instead.")
                % {"title": quoted(session.title)}
            )
            continue
        session.start_time, session.end_time = start, end
        session.starts_at, session.ends_at = session.absolute_times()
        clash = session.clash_in_space(ignore=selected_pks)
        if clash is not None:
            problems.append(
                gettext("%(title)s would meet %(other)s (%(date)s, %(time)s) in the same space.")
                % {
                    "title": quoted(session.title),
                    "other": quoted(clash.title),
                    "date": formats.date_format(clash.day.date, "SHORT_DATE_FORMAT"),
                    "time": clash.time_range(),
                }
            )
    if problems:
        raise ValidationError(problems)
    # Save in the direction of travel, so that on PostgreSQL no session lands
    # for a moment on the old time of another one still waiting to move.
    selected.sort(key=lambda session: session.starts_at, reverse=minutes > 0)
    for session in selected:
        session.save()
    return selected


@transaction.atomic
def cancel_sessions(*, sessions: Iterable[Session], note: str, language: str) -> list[Session]:
    """Mark ``sessions`` cancelled with ``note`` for residents, written in ``language``.

    Called by the session admin's "cancel" action; the note goes into that
    language's column, and the other languages fall back to it until translated.
    """
    cancelled = []
    for session in _locked(sessions):
        session.status = Status.CANCELLED
        setattr(session, f"status_note_{language}", note)
        session.save()
        cancelled.append(session)
    return cancelled


@transaction.atomic
def set_published(*, sessions: Iterable[Session], published: bool) -> list[Session]:
    """Publish or unpublish ``sessions``; returns those whose state changed.

    Called by the session admin's "publish" and "unpublish" actions.
    """
    changed = []
    for session in _locked(sessions):
        if session.is_published != published:
            session.is_published = published
            session.save()
            changed.append(session)
    return changed


def day_conflicts(*, day, session: Session | None = None) -> list[str]:
    """Describe the clashes on ``day``'s date, for warnings on the admin's Day and Session pages.

    Two sessions in one space at once, and one person in two sessions at
    once, counted over every programme's sessions on that date. With
    ``session``, only the clashes it is part of. Two queries.
    """
    sessions = list(
        Session.objects.filter(day__date=day.date)
        .exclude(status=Status.CANCELLED)
        .select_related("day", "space__venue")
        .order_by("starts_at", "pk")
    )
    warnings = []
    for index, first in enumerate(sessions):
        for second in sessions[index + 1 :]:
            if session is not None and session.pk not in (first.pk, second.pk):
                continue
            if first.shares_space_with(second):
                warnings.append(
                    gettext("%(first)s (%(first_time)s) and %(second)s (%(second_time)s) share %(place)s.")
                    % {
                        "first": quoted(first.title),
                        "first_time": first.time_range(),
                        "second": quoted(second.title),
                        "second_time": second.time_range(),
                        "place": first.space.label(),
                    }
                )
    by_pk = {s.pk: s for s in sessions}
    appearances = {}
    for link in SessionPerson.objects.filter(session__in=sessions).select_related("person").order_by("session_id"):
        appearances.setdefault(link.person, set()).add(link.session_id)
    for person, session_pks in appearances.items():
        theirs = [
            by_pk[pk] for pk in sorted(session_pks, key=lambda pk: (by_pk[pk].starts_at is None, by_pk[pk].starts_at))
        ]
        for index, first in enumerate(theirs):
            for second in theirs[index + 1 :]:
                if session is not None and session.pk not in (first.pk, second.pk):
                    continue
                if first.overlaps(second):
                    warnings.append(
                        gettext("%(person)s is in %(first)s (%(first_time)s) and %(second)s (%(second_time)s).")
                        % {
                            "person": person.name,
                            "first": quoted(first.title),
                            "first_time": first.time_range(),
                            "second": quoted(second.title),
                            "second_time": second.time_range(),
                        }
                    )
    return warnings
