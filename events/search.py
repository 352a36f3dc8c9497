"""Search and filters over the programmes: the ``events:search`` page.

Text is matched in the page's language and its fallback languages (the same
order modeltranslation uses to show a field), ignoring case for Kazakh and
Russian letters as well as Latin ones. SQLite's LIKE and UPPER fold ASCII
only, so on SQLite both sides are folded by a Python ``casefold`` SQL
function; PostgreSQL's UPPER folds Cyrillic, including the Kazakh letters,
under the database's UTF-8 locale.
"""

import datetime

from django import forms
from django.db.backends.signals import connection_created
from django.db.models import CharField, Exists, Lookup, OuterRef, Prefetch, Q, TextField
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers
from modeltranslation.utils import resolution_order

from events.models import Category, Day, Session, SessionPerson, SessionTopic
from events.templatetags.programme_tags import field_in_language
from gallery.models import Exhibit
from people.models import Person
from venues.models import Venue

CASEFOLD_FUNCTION = "casefold"
# A query of more words than this is cut: each word adds a condition on every column.
MAX_TERMS = 8


# The Kazakh Cyrillic alphabet; without its own letters it is the Russian one.
# Code point order would put Ә, Қ, Ө ... after Я and Ё before А.
CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_CYRILLIC_RANK = {letter: index for index, letter in enumerate(CYRILLIC_ORDER)}


def alphabetical_key(text: str) -> tuple:
    """Sort key for names in Kazakh, Russian or English: Latin letters, then Cyrillic in alphabet order."""
    key = []
    for char in text.casefold():
        rank = _CYRILLIC_RANK.get(char)
        key.append((1, rank) if rank is not None else (0, ord(char)) if char.isalnum() else (-1, ord(char)))
    return tuple(key)


def sorted_by_text(items, field: str = "name") -> list:
    """Sort objects by the text the page shows for ``field`` (the active language or its fallback)."""
    language = get_language()
    return sorted(items, key=lambda item: alphabetical_key(field_in_language(item, field, language)[0]))


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_casefold(connection) -> None:
    """Give an SQLite connection the ``casefold(text)`` SQL function (idempotent)."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)


@receiver(connection_created, dispatch_uid="events.search.register_casefold")
def _register_on_connect(sender, connection, **kwargs):
    register_casefold(connection)


@CharField.register_lookup
@TextField.register_lookup
class FoldedContains(Lookup):
    """``field__folded_contains="алматы"``: a substring match that ignores case in any alphabet.

    Django's ``icontains`` is ``LIKE`` on SQLite, which matches "АЛМАТЫ" to
    "алматы" only for ASCII letters; this lookup folds both sides first.
    """

    lookup_name = "folded_contains"

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(value)}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = (*lhs_params, *rhs_params)
        if connection.vendor == "sqlite":
            # The signal covers new connections; this covers one opened before
            # this module was imported.
            register_casefold(connection)
            return f"{CASEFOLD_FUNCTION}({lhs}) LIKE {CASEFOLD_FUNCTION}({rhs}) ESCAPE '\\'", params
        return f"UPPER({lhs}) LIKE UPPER({rhs})", params


def search_terms(text: str) -> list[str]:
    """Split a query into words; quotes and extra spaces are dropped."""
    return [word.strip("\"'«»“”„") for word in text.split() if word.strip("\"'«»“”„")][:MAX_TERMS]


def text_filter(fields: list[str], terms: list[str], *, prefix: str = "", language: str | None = None) -> Q:
    """Match every term in one of ``fields``, in the page's language or a fallback language.

    ``fields`` are translated field names (``title``); each is searched in the
    columns modeltranslation would show for ``language`` (``title_kk``,
    ``title_ru``, ``title_en`` for Kazakh). Built per request, since it depends
    on the active language.
    """
    languages = resolution_order(language or get_language())
    condition = Q()
    for term in terms:
        any_column = Q()
        for field in fields:
            for code in languages:
                any_column |= Q(**{f"{prefix}{field}_{code}__folded_contains": term})
        condition &= any_column
    return condition


class SearchForm(forms.Form):
    """The search box and the filters; choices come from published sessions (three queries)."""

    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200)
    day = forms.ChoiceField(label=_("Day"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    person = forms.ChoiceField(label=_("Person or group"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Session.objects.published()
        days = (
            Day.objects.filter(sessions__in=published).order_by("date").values_list("date", "date_precision").distinct()
        )
        venues = sorted_by_text(Venue.objects.filter(spaces__sessions__in=published).distinct())
        people = sorted_by_text(Person.objects.filter(appearances__session__in=published).distinct())
        self.fields["day"].choices = [("", _("Any day"))] + [
            (date.isoformat(), date_format(date, "YEAR_MONTH_FORMAT" if precision == "month" else "DATE_FORMAT"))
            for date, precision in dict(days).items()
        ]
        self.fields["venue"].choices = [("", _("Any venue"))] + [
            (v.slug, field_in_language(v, "name")[0]) for v in venues
        ]
        self.fields["category"].choices = [("", _("Any category")), *Category.choices]
        self.fields["person"].choices = [("", _("Anyone"))] + [
            (p.slug, field_in_language(p, "name")[0]) for p in people
        ]

    def clean_day(self):
        value = self.cleaned_data["day"]
        return datetime.date.fromisoformat(value) if value else None

    def has_criteria(self) -> bool:
        """Whether the visitor asked for anything (an empty form shows a prompt, not every session)."""
        return self.is_valid() and any(self.cleaned_data.values())


def search_sessions(*, terms: list[str], day=None, venue: str = "", category: str = "", person: str = ""):
    """Published sessions for the search page, two queries: sessions with day, programme, space
    and venue joined, then the people in them."""
    sessions = Session.objects.published()
    if terms:
        in_people = SessionPerson.objects.filter(session=OuterRef("pk"))
        in_topics = SessionTopic.objects.filter(session=OuterRef("pk"))
        matches = Q()
        # Each word may be in the session's own text, a performer's name or a topic.
        for term in terms:
            matches &= (
                text_filter(["title", "description", "location_note"], [term])
                | Q(Exists(in_people.filter(text_filter(["name"], [term], prefix="person__"))))
                | Q(Exists(in_topics.filter(text_filter(["name"], [term], prefix="topic__"))))
            )
        sessions = sessions.filter(matches)
    if day:
        sessions = sessions.filter(day__date=day)
    if venue:
        sessions = sessions.filter(space__venue__slug=venue)
    if category:
        sessions = sessions.filter(category=category)
    if person:
        sessions = sessions.filter(Exists(SessionPerson.objects.filter(session=OuterRef("pk"), person__slug=person)))
    people = SessionPerson.objects.select_related("person").order_by("order", "pk")
    return (
        sessions.select_related("day__programme", "space__venue")
        .prefetch_related(Prefetch("appearances", queryset=people, to_attr="appearance_list"))
        .order_by("day__date", "start_time", "platform_number", "slug")
    )


@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def search(request):
    form = SearchForm(request.GET or None)
    ctx = {"form": form, "asked": False}
    if form.has_criteria():
        data = form.cleaned_data
        terms = search_terms(data["q"])
        ctx.update(
            asked=True,
            query=data["q"].strip(),
            sessions=list(
                search_sessions(
                    terms=terms,
                    day=data["day"],
                    venue=data["venue"],
                    category=data["category"],
                    person=data["person"],
                )
            ),
        )
        if terms:
            # People, venues and exhibits answer the words only; the filters are about sessions.
            ctx.update(
                people=sorted_by_text(Person.objects.public().filter(text_filter(["name", "description"], terms))),
                venues=sorted_by_text(
                    Venue.objects.filter(text_filter(["name", "city", "district", "address"], terms))
                ),
                exhibits=sorted_by_text(
                    Exhibit.objects.published().filter(text_filter(["title", "description"], terms)), "title"
                ),
            )
        ctx["found"] = any(ctx.get(key) for key in ("sessions", "people", "venues", "exhibits"))
    return render(request, "events/search.html", ctx)
