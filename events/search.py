"""Search and filters over the programmes: the ``events:search`` page.

Sessions are found through their stored search documents
(``SearchDocument``, written by ``events.search_index``): per language, the
case-folded words and stems of the title; of the category, people, venue,
space and topics; and of the description. Each word of the query is stemmed
in Kazakh, Russian and English (``sources.stemming``) and must start a word of
a document in that language, so «концерта», «концерттер» and "concerts" all
find a concert. A word that starts no word of any published session's
documents is taken as a misspelling: it then matches a document word of
close spelling (pg_trgm ``similarity`` on PostgreSQL, the same measure in
Python on SQLite). Sessions are ranked by where each word matched: title,
then people, venue, category and topics, then description; then in
programme order.

People, venues and exhibits are matched on their own text in the page's
language and its fallback languages, by the word or its stems, ignoring case
for Kazakh and Russian letters as well as Latin ones (``folded_contains``).
"""

import datetime
from types import SimpleNamespace

from django import forms
from django.db.models import BooleanField, Case, CharField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from events.changelog import badge_etag, badge_last_modified
from events.models import (
    Category,
    SearchDocument,
    Session,
    SessionPerson,
    SessionQuerySet,
    public_field,
    public_q,
)
from events.public import public_people, public_venues
from gallery.models import Exhibit
from people.models import Person
from sources.alphabet import sorted_by_text
from sources.caching import public_view
from sources.dates import format_day
from sources.languages import field_in_language
from sources.models import LANGUAGE_CODES
from sources.stemming import stem, words
from venues.models import Venue

# A query of more words than this is cut: each word adds a condition on every column.
MAX_TERMS = 8
# Shorter words are not taken for misspellings: too many words are one letter off.
MIN_TYPO_LENGTH = 4
# Where a word matched, for the ranking.
WEIGHTS = {"title": 3, "related": 2, "body": 1}
# A stem shorter than this would match too much inside names and descriptions.
MIN_STEM_LENGTH = 3


def search_terms(text: str) -> list[str]:
    """Split a query into case-folded words; quotes, punctuation and extra spaces are dropped."""
    return words(text)[:MAX_TERMS]


def term_stems(term: str) -> dict[str, str]:
    """The stem of ``term`` in each language: ``{"kk": ..., "ru": ..., "en": ...}``."""
    return {code: stem(term, code) for code in LANGUAGE_CODES}


def _variants(term: str) -> set[str]:
    """The term and those of its stems long enough to search inside names (a substring match)."""
    return {term} | {value for value in term_stems(term).values() if len(value) >= MIN_STEM_LENGTH}


def text_filter(fields: list[str], terms: list[str], *, prefix: str = "", language: str | None = None) -> Q:
    """Match every term, or one of its stems, in one of ``fields``, in the page's language or a fallback.

    ``fields`` are translated field names (``title``); each is searched in the
    columns modeltranslation would show for ``language`` (``title_kk``,
    ``title_ru``, ``title_en`` for Kazakh). Built per request, since it depends
    on the active language.
    """
    languages = resolution_order(language or get_language())
    condition = Q()
    for term in terms:
        any_column = Q()
        for variant in _variants(term):
            for field in fields:
                for code in languages:
                    any_column |= Q(**{f"{prefix}{field}_{code}__folded_contains": variant})
        condition &= any_column
    return condition


def _stem_match(term: str, part: str) -> Q:
    """A document whose ``part`` has a word starting with the term's stem in the document's language."""
    condition = Q()
    for code, value in term_stems(term).items():
        condition |= Q(language=code, **{f"{part}__contains": f" {value}"})
    return condition


def _term_weight(term: str) -> Case:
    """3 when ``term`` is in the session's title, 2 in its people, venue, category or topics, 1 in its text.

    By stem; or, when the stem starts no word of any published session's
    documents, by a word of close spelling (``similar_word``).
    """
    by_stem = {part: _stem_match(term, part) for part in WEIGHTS}
    if len(term) >= MIN_TYPO_LENGTH:
        anywhere = by_stem["title"] | by_stem["related"] | by_stem["body"]
        not_found = ~Exists(SearchDocument.objects.filter(anywhere, session__in=Session.objects.published()))
        matches = {part: by_stem[part] | Q(not_found, **{f"{part}__similar_word": term}) for part in WEIGHTS}
    else:
        matches = by_stem
    documents = SearchDocument.objects.filter(session=OuterRef("pk"))
    return Case(
        *(When(Exists(documents.filter(matches[part])), then=Value(weight)) for part, weight in WEIGHTS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def filter_choices() -> tuple[list, list, list]:
    """The days, venues and people that published sessions name, for the filters: one query.

    Three lists, one UNION: ``(date, precision, year assumed)`` in date order,
    the dates residents see (a session's released copy keeps the date it had
    then), and venues and people as objects with ``slug`` and
    ``name_<language>``, for ``sorted_by_text``. One query rather than three
    keeps the search page's count within the site's budget.
    """
    published = Session.objects.published()
    names = [f"name_{code}" for code in LANGUAGE_CODES]
    columns = ["row_kind", "row_key", "row_precision", "row_assumed", *names]
    blank = {name: Value("") for name in names}
    days = (
        published.annotate(
            row_kind=Value("day"),
            row_key=Cast(public_field("day__date"), CharField()),
            row_precision=public_field("day__date_precision"),
            row_assumed=F("day__year_assumed"),
            **blank,
        )
        .order_by()
        .values_list(*columns)
    )
    others = {"row_precision": Value(""), "row_assumed": Value(False, output_field=BooleanField())}
    venues = (
        public_venues().annotate(row_kind=Value("venue"), row_key=F("slug"), **others).order_by().values_list(*columns)
    )
    people = (
        Person.objects.filter(appearances__session__in=published)
        .annotate(row_kind=Value("person"), row_key=F("slug"), **others)
        .order_by()
        .values_list(*columns)
    )
    rows = {"day": [], "venue": [], "person": []}
    for kind, key, precision, assumed, *texts in days.union(venues, people):
        rows[kind].append((key, precision, bool(assumed), texts))
    dates = {}
    for key, precision, assumed, _texts in sorted(rows["day"]):
        dates.setdefault(key, (precision, assumed))
    return (
        [(datetime.date.fromisoformat(key), precision, assumed) for key, (precision, assumed) in dates.items()],
        [SimpleNamespace(slug=key, **dict(zip(names, texts, strict=True))) for key, *_rest, texts in rows["venue"]],
        [SimpleNamespace(slug=key, **dict(zip(names, texts, strict=True))) for key, *_rest, texts in rows["person"]],
    )


class SearchForm(forms.Form):
    """The search box and the filters; choices come from published sessions (one query, ``filter_choices``)."""

    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200)
    day = forms.ChoiceField(label=_("Day"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    person = forms.ChoiceField(label=_("Person or group"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days, venues, people = filter_choices()
        # As pages write a day: the month only, or day and month while the year is not confirmed.
        self.fields["day"].choices = [("", _("Any day"))] + [
            (
                date.isoformat(),
                format_day(date, month_only=precision == "month", year_assumed=assumed and precision == "day"),
            )
            for date, precision, assumed in days
        ]
        self.fields["venue"].choices = [("", _("Any venue"))] + [
            (v.slug, field_in_language(v, "name")[0]) for v in sorted_by_text(venues)
        ]
        self.fields["category"].choices = [("", _("Any category")), *Category.choices]
        self.fields["person"].choices = [("", _("Anyone"))] + [
            (p.slug, field_in_language(p, "name")[0]) for p in sorted_by_text(people)
        ]

    def clean_day(self):
        value = self.cleaned_data["day"]
        return datetime.date.fromisoformat(value) if value else None

    def has_criteria(self) -> bool:
        """Whether the visitor asked for anything (an empty form shows a prompt, not every session)."""
        return self.is_valid() and any(self.cleaned_data.values())


def search_sessions(*, terms: list[str], day=None, venue: str = "", category: str = "", person: str = ""):
    """Published sessions for the search page, best match first; two queries: sessions with day,
    programme, space and venue joined (their ranking computed in the same query), then their people."""
    sessions = Session.objects.published()
    if day:
        sessions = sessions.filter(public_q(day__date=day))
    if venue:
        sessions = sessions.filter(public_q(space__venue__slug=venue))
    if category:
        sessions = sessions.filter(category=category)
    if person:
        sessions = sessions.filter(Exists(SessionPerson.objects.filter(session=OuterRef("pk"), person__slug=person)))
    sessions = sessions.for_search()
    if not terms:
        return sessions
    weights = {f"search_weight_{i}": _term_weight(term) for i, term in enumerate(terms)}
    # Every word must match somewhere; the sum of where they matched ranks the sessions.
    sessions = sessions.alias(**weights).filter(**{f"{name}__gt": 0 for name in weights})
    rank = sum((F(name) for name in weights), start=Value(0))
    return sessions.annotate(search_rank=rank).order_by(F("search_rank").desc(), *SessionQuerySet.programme_order())


def matching_records(people, venues, exhibits) -> tuple[list[Person], list[Venue], list[Exhibit]]:
    """Read the matching ``people``, ``venues`` and ``exhibits`` querysets in one UNION query.

    The page shows of each a link, its name or title, and a person's kind or
    a venue's city: the records come back as unsaved instances holding just
    those fields (``slug``, ``kind``, the translated texts), enough for
    ``get_absolute_url``, ``get_kind_display`` and ``trans_field``.
    """
    codes = list(LANGUAGE_CODES)
    columns = ["row_kind", "slug", "row_sub", *(f"row_text_{c}" for c in codes), *(f"row_city_{c}" for c in codes)]

    def shape(queryset, kind: str, text: str, *, sub=None, city: str | None = None):
        return (
            queryset.annotate(
                row_kind=Value(kind),
                row_sub=F(sub) if sub else Value(""),
                **{f"row_text_{c}": Coalesce(F(f"{text}_{c}"), Value("")) for c in codes},
                **{f"row_city_{c}": Coalesce(F(f"{city}_{c}"), Value("")) if city else Value("") for c in codes},
            )
            .order_by()
            .values_list(*columns)
        )

    found = {"person": [], "venue": [], "exhibit": []}
    rows = shape(people, "person", "name", sub="kind").union(
        shape(venues, "venue", "name", city="city"), shape(exhibits, "exhibit", "title")
    )
    for kind, slug, sub, *texts in rows:
        names = dict(zip(codes, texts[: len(codes)], strict=True))
        cities = dict(zip(codes, texts[len(codes) :], strict=True))
        if kind == "person":
            found[kind].append(Person(slug=slug, kind=sub, **{f"name_{c}": names[c] for c in codes}))
        elif kind == "venue":
            found[kind].append(
                Venue(slug=slug, **{f"name_{c}": names[c] for c in codes}, **{f"city_{c}": cities[c] for c in codes})
            )
        else:
            found[kind].append(Exhibit(slug=slug, **{f"title_{c}": names[c] for c in codes}))
    return found["person"], found["venue"], found["exhibit"]


# Its results carry badges of recent changes, which end at midnight.
@public_view(etag=badge_etag, last_modified=badge_last_modified)
def search(request):
    form = SearchForm(request.GET or None)
    ctx = {"form": form, "asked": False}
    if form.has_criteria():
        data = form.cleaned_data
        terms = search_terms(data["q"])
        # Words with no letter or digit in them ("%", "…") match nothing, not everything.
        nothing_to_match = bool(data["q"].strip()) and not terms
        ctx.update(
            asked=True,
            query=data["q"].strip(),
            sessions=[]
            if nothing_to_match
            else list(
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
            people, venues, exhibits = matching_records(
                public_people().filter(text_filter(["name", "description"], terms)),
                public_venues().filter(text_filter(["name", "city", "district", "address"], terms)),
                Exhibit.objects.published().filter(text_filter(["title", "description"], terms)),
            )
            ctx.update(
                people=sorted_by_text(people),
                venues=sorted_by_text(venues),
                exhibits=sorted_by_text(exhibits, "title"),
            )
        ctx["found"] = any(ctx.get(key) for key in ("sessions", "people", "venues", "exhibits"))
    return render(request, "events/search.html", ctx)
