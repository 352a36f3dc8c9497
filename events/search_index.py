"""The stored search documents (``SearchDocument``): written from a session and what it names.

Each session has one document per language: its title; its category, people,
venue, space, place note and topics; its description, each reduced to the
case-folded words and their stems in that language (``sources.stemming``).
The receivers below rewrite a session's documents whenever the session, one
of its people or topics, or its venue or space is saved, so ``events.search``
never reads a stale one. ``rebuild_documents`` is also what the data migration
and the ``rebuild_search`` command call.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from events.models import Category, SearchDocument, Session, SessionPerson, SessionTopic, Topic
from people.models import Person
from sources.models import LANGUAGE_CODES
from sources.stemming import stem, words
from venues.models import Space, Venue

# Session fields a document is made of: a save naming none of them in
# update_fields (Day.save moving the times) leaves the documents as they are.
SESSION_FIELDS = frozenset(
    {"title", "description", "location_note", "category", "space"}
    | {f"{field}_{code}" for field in ("title", "description", "location_note") for code in LANGUAGE_CODES}
)
NAME_FIELDS = frozenset({"name", *(f"name_{code}" for code in LANGUAGE_CODES)})
VENUE_FIELDS = NAME_FIELDS | {"city", *(f"city_{code}" for code in LANGUAGE_CODES)}

BATCH = 200


def document_text(texts: Iterable[str], language: str) -> str:
    """The words of ``texts`` and their stems in ``language``, each once, spaced, with a space at both ends."""
    tokens: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            tokens[word] = None
            tokens[stem(word, language)] = None
    return f" {' '.join(tokens)} " if tokens else ""


def _category_label(value: str, language: str) -> str:
    with translation.override(language):
        return str(Category(value).label) if value in Category.values else ""


def session_documents(session, document_model=SearchDocument) -> list:
    """Build (unsaved) the documents of one session loaded by ``_load`` (no queries)."""
    documents = []
    for code in LANGUAGE_CODES:
        related = [_category_label(session.category, code), getattr(session, f"location_note_{code}")]
        related += [getattr(link.person, f"name_{code}") for link in session.appearances.all()]
        if session.space is not None:
            venue = session.space.venue
            related += [getattr(session.space, f"name_{code}"), getattr(venue, f"name_{code}")]
            related.append(getattr(venue, f"city_{code}"))
        related += [getattr(link.topic, f"name_{code}") for link in session.topic_links.all()]
        documents.append(
            document_model(
                session_id=session.pk,
                language=code,
                title=document_text([getattr(session, f"title_{code}")], code),
                related=document_text(related, code),
                body=document_text([getattr(session, f"description_{code}")], code),
            )
        )
    return documents


def _load(session_model, ids: list[int]):
    return (
        session_model._base_manager.filter(pk__in=ids)
        .select_related("space__venue")
        .prefetch_related("appearances__person", "topic_links__topic")
    )


def rebuild_documents(session_ids: Iterable[int], *, session_model=Session, document_model=SearchDocument) -> None:
    """Rewrite the search documents of the sessions ``session_ids``: four queries a batch of 200.

    The sessions with their space and venue, their people, their topics, then
    one upsert of their documents. Called by the receivers below, the data
    migration (with its historical models) and ``manage.py rebuild_search``.
    """
    ids = sorted(set(session_ids))
    for start in range(0, len(ids), BATCH):
        documents = []
        for session in _load(session_model, ids[start : start + BATCH]):
            documents += session_documents(session, document_model)
        if documents:
            document_model._base_manager.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["session", "language"],
                update_fields=["title", "related", "body"],
            )


def rebuild_all(*, session_model=Session, document_model=SearchDocument) -> None:
    """Rewrite the search documents of every session."""
    rebuild_documents(
        session_model._base_manager.values_list("pk", flat=True),
        session_model=session_model,
        document_model=document_model,
    )


def _touches(update_fields, fields: frozenset) -> bool:
    return update_fields is None or bool(fields.intersection(update_fields))


@receiver(post_save, sender=Session, dispatch_uid="events.search_index.session")
def _session_saved(sender, instance, update_fields=None, **kwargs):
    if _touches(update_fields, SESSION_FIELDS):
        rebuild_documents([instance.pk])


@receiver(post_save, sender=SessionPerson, dispatch_uid="events.search_index.appearance_saved")
@receiver(post_delete, sender=SessionPerson, dispatch_uid="events.search_index.appearance_deleted")
@receiver(post_save, sender=SessionTopic, dispatch_uid="events.search_index.topic_link_saved")
@receiver(post_delete, sender=SessionTopic, dispatch_uid="events.search_index.topic_link_deleted")
def _link_changed(sender, instance, origin=None, **kwargs):
    # A link deleted with its session (or day, or programme) leaves nothing to
    # rewrite: the session's documents go with it, and writing them again
    # would point to a session about to be deleted.
    if origin is None or isinstance(origin, sender) or (isinstance(origin, QuerySet) and origin.model is sender):
        rebuild_documents([instance.session_id])


@receiver(m2m_changed, sender=SessionPerson, dispatch_uid="events.search_index.people_changed")
@receiver(m2m_changed, sender=SessionTopic, dispatch_uid="events.search_index.topics_changed")
def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # session.people.add(...) and the like, which send no post_save for the links.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        rebuild_documents([instance.pk])
    elif pk_set:
        rebuild_documents(pk_set)
    else:
        # person.sessions.clear(): which sessions lost the person is no longer known.
        rebuild_all()


@receiver(post_save, sender=Person, dispatch_uid="events.search_index.person")
def _person_saved(sender, instance, update_fields=None, **kwargs):
    if _touches(update_fields, NAME_FIELDS):
        rebuild_documents(SessionPerson.objects.filter(person=instance).values_list("session_id", flat=True))


@receiver(post_save, sender=Topic, dispatch_uid="events.search_index.topic")
def _topic_saved(sender, instance, update_fields=None, **kwargs):
    if _touches(update_fields, NAME_FIELDS):
        rebuild_documents(SessionTopic.objects.filter(topic=instance).values_list("session_id", flat=True))


@receiver(post_save, sender=Venue, dispatch_uid="events.search_index.venue")
def _venue_saved(sender, instance, update_fields=None, **kwargs):
    if _touches(update_fields, VENUE_FIELDS):
        rebuild_documents(Session.objects.filter(space__venue=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Space, dispatch_uid="events.search_index.space")
def _space_saved(sender, instance, update_fields=None, **kwargs):
    if _touches(update_fields, NAME_FIELDS):
        rebuild_documents(Session.objects.filter(space=instance).values_list("pk", flat=True))
