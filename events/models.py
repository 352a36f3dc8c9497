"""Programmes, their days and sessions, and the source texts they come from."""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, Max, Min, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from sources import dates
from sources.languages import field_in_language
from sources.links import slug_url
from sources.models import LANGUAGE_CODES, SlugManager, Sourced, Versioned, unique_slug
from sources.text import MULTI_LINE, SINGLE_LINE, quoted


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_home_page(self):
        """Published programmes for ``events.views.home``, with their first and last dates.

        One query: ``first_date``, ``last_date`` and ``vaguest_precision`` are
        annotated, so the view sorts programmes into running, coming and past
        without loading days.
        """
        # A programme publishing through releases is dated by its current
        # release's days (the filtered aggregate is NULL for any other).
        released = Q(publishes_on_release=True)

        def over_days(aggregate, field):
            return Coalesce(aggregate(f"current_release__days__{field}", filter=released), aggregate(f"days__{field}"))

        return (
            self.published()
            .annotate(
                first_date=over_days(Min, "date"),
                last_date=over_days(Max, "date"),
                # "month" sorts after "day": any day known only to the month makes it "month".
                vaguest_precision=over_days(Max, "date_precision"),
                year_assumed=Exists(Day.objects.filter(programme=OuterRef("pk"), year_assumed=True)),
            )
            .order_by("first_date", "slug")
        )

    def for_programme_page(self):
        """Published programmes for the programme, grid and now-and-next views, with ``visible_days``.

        One query, the programme with its current release joined; its
        ``visible_days`` are one more: the days as saved, or those of the
        current release for a programme shown through it.
        """
        return self.published().select_related("current_release")


ProgrammeManager = SlugManager.from_queryset(ProgrammeQuerySet)


class Programme(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200, validators=SINGLE_LINE)
    summary = models.TextField(_("summary"), blank=True, validators=MULTI_LINE)
    description = models.TextField(_("description"), blank=True, validators=MULTI_LINE)
    city = models.CharField(_("city"), max_length=100, blank=True, validators=SINGLE_LINE)
    dates_note = models.TextField(
        _("note on the dates"),
        blank=True,
        validators=MULTI_LINE,
        help_text=_("Say here what the source leaves open, for example a year it does not give."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    publishes_on_release = models.BooleanField(
        _("publish through releases"),
        default=False,
        help_text=_(
            "Ticked: residents see the programme as it was at its latest release, and your edits to its days "
            "and sessions stay a draft until you publish the next release. Unticked: every save is public at once."
        ),
    )
    # The release residents see; moved on by events.releases.publish_release().
    current_release = models.ForeignKey(
        "Release",
        verbose_name=_("current release"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ProgrammeManager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title_en or self.title_ru or self.title_kk or self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:programme", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def shows_release(self) -> bool:
        """Whether residents see a release of this programme rather than its rows as saved."""
        return self.publishes_on_release and self.current_release_id is not None

    @functools.cached_property
    def visible_days(self) -> list["Day"]:
        """The days residents see, in date order: the saved ones, or those of the current release.

        One query (with ``Programme.objects.for_programme_page()``, which joins
        the current release): only the list residents see is read. The days of
        a release are unsaved ``Day`` objects with the date, precision and
        title it recorded.
        """
        if not self.shows_release:
            return list(self.days.order_by("date"))
        copies = ReleasedDay.objects.filter(release=self.current_release).order_by("date", "pk")
        return [copy.as_day(self) for copy in copies]


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    MONTH = "month", _("month only")


class PublicDayIterable(models.query.ModelIterable):
    """Days with the date and precision residents see (``DayQuerySet.public``)."""

    def __iter__(self):
        for day in super().__iter__():
            day.date, day.date_precision = day.public_date, day.public_precision
            yield day


class DayQuerySet(models.QuerySet):
    def public(self):
        """Days of published programmes as residents see them, for the day calendar and the sitemap: one query.

        A programme in release mode shows the days of its current release,
        with the date and precision the release recorded (``public_date``,
        ``public_precision``, also put on ``date`` and ``date_precision``).
        """
        in_release = Q(programme__publishes_on_release=True, programme__current_release__isnull=False)
        copy = ReleasedDay.objects.filter(day=OuterRef("pk"), release=OuterRef("programme__current_release"))
        clone = (
            self.filter(programme__is_published=True)
            .filter(~in_release | Exists(copy))
            .annotate(
                public_date=Case(When(in_release, then=Subquery(copy.values("date")[:1])), default=F("date")),
                public_precision=Case(
                    When(in_release, then=Subquery(copy.values("date_precision")[:1])), default=F("date_precision")
                ),
            )
        )
        clone._iterable_class = PublicDayIterable
        return clone


class DayManager(models.Manager.from_queryset(DayQuerySet)):
    def get_by_natural_key(self, programme_slug, date):
        return self.get(programme__slug=programme_slug, date=date)


class Day(Versioned):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("'Month only' when the source names the month but not the day; the date is then the 1st."),
    )
    # The source gives the day and month but no year (the Days of Almaty: "9 October"): pages show the date
    # without a year, so an assumption is not stated as fact; calendars and conference apps still need one.
    year_assumed = models.BooleanField(
        _("year not confirmed"),
        default=False,
        help_text=_(
            "Tick when the source gives no year and the year of the date is assumed: pages then show the day "
            "and month only. Untick once the year is confirmed."
        ),
    )
    title = models.CharField(_("title"), max_length=200, blank=True, validators=SINGLE_LINE)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = DayManager()

    class Meta:
        verbose_name = _("day")
        verbose_name_plural = _("days")
        ordering = ["programme", "date"]
        constraints = [
            # One page per date: the day's URL is the programme's slug and the date.
            models.UniqueConstraint(fields=["programme", "date"], name="events_day_unique_date_in_programme"),
        ]

    def __str__(self):
        # In the organiser's language, as far as the date is known (a month-only day has no "-01").
        return dates.format_day(self.date, month_only=self.month_only)

    def save(self, *args, **kwargs):
        stored_date = Day.objects.filter(pk=self.pk).values_list("date", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        # Sessions keep their absolute times in step with the day's date; a
        # save that keeps the date (a new title) leaves them, and their versions, alone.
        if stored_date is not None and stored_date != self.date:
            for session in self.sessions.all():
                session.day = self
                session.save(update_fields=["starts_at", "ends_at", "updated_at"])

    def get_absolute_url(self):
        return reverse("events:day", kwargs={"slug": self.programme.slug, "date": self.date.isoformat()})

    def natural_key(self):
        return (self.programme.slug, self.date.isoformat())

    natural_key.dependencies = ["events.programme"]

    @property
    def month_only(self) -> bool:
        return self.date_precision == DatePrecision.MONTH


class Category(models.TextChoices):
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    CULTURE = "culture", _("Culture")
    BUSINESS = "business", _("Business")
    EXHIBITION = "exhibition", _("Exhibition")
    FESTIVAL = "festival", _("Festival")
    OFFICIAL = "official", _("Official visit")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved")


def on_now_or_later(moment) -> Q:
    """Sessions running at ``moment`` (started, not yet ended; or started that day with no end
    given; or whole-day items of that day) or starting after it."""
    today = timezone.localdate(moment)
    running = Q(starts_at__lte=moment, ends_at__gt=moment)
    open_ended = Q(starts_at__lte=moment, ends_at__isnull=True, day__date=today)
    all_day = Q(starts_at__isnull=True, day__date=today, day__date_precision=DatePrecision.DAY)
    return running | open_ended | all_day | Q(starts_at__gt=moment)


# What residents see of a session: the copy of it in the current release of a
# programme that publishes through releases, if it has one; otherwise its own
# row, if its programme publishes every save (or has no release yet). Exactly
# one holds for a visible session, even one moved to another programme in a
# draft (see ARCHITECTURE.md, "Releases"). Both are plain joins on forward
# foreign keys: no query and no duplicate row is added to any loader.
SHOWS_RELEASED_COPY = Q(released__release__programme__publishes_on_release=True)
SHOWS_SAVED_ROW = (Q(released__isnull=True) | Q(released__release__programme__publishes_on_release=False)) & (
    Q(day__programme__publishes_on_release=False) | Q(day__programme__current_release__isnull=True)
)

# The session fields a release records; a lookup that starts with one of them
# reads the released copy (``ReleasedSession``) for a programme in release mode.
RELEASED_FIELDS = {
    "day",
    "start_time",
    "end_time",
    "starts_at",
    "ends_at",
    "space",
    "platform_number",
    "status",
    "is_published",
    *(f"{field}_{code}" for field in ("title", "location_note", "status_note") for code in LANGUAGE_CODES),
    "sequence",
}


def released_lookup(lookup: str) -> str:
    """The lookup on the released copy that stands for ``lookup`` on the session, or ``lookup`` itself.

    ``day__date`` and ``day__date_precision`` read the copy's own date (the
    day's date at release time); ``day__programme`` the release's programme.
    Lookups on what a release does not record (slug, category, people) stay
    on the session.
    """
    head, _sep, rest = lookup.partition("__")
    if head == "day" and rest.split("__")[0] in ("date", "date_precision"):
        return f"released__{rest}"
    if head == "day" and rest.startswith("programme"):
        return f"released__release__{rest}"
    if head in RELEASED_FIELDS:
        return f"released__{lookup}"
    return lookup


def public_q(q: Q | None = None, **lookups) -> Q:
    """``q`` (or ``lookups``) on what residents see: the saved row, or the released copy in release mode.

    Used by every public loader that selects sessions by day, place or time,
    so a draft edit of those fields changes nothing public before a release.
    """
    q = (q or Q()) & Q(**lookups)
    return (SHOWS_SAVED_ROW & q) | (SHOWS_RELEASED_COPY & _mapped(q))


def _mapped(q: Q) -> Q:
    mapped = Q()
    mapped.connector, mapped.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            mapped.children.append(_mapped(child))
        else:
            lookup, value = child
            mapped.children.append((released_lookup(lookup), value))
    return mapped


def public_field(field: str, prefix: str = ""):
    """An expression for ``field`` as residents see it (saved row or released copy), for ordering."""
    return Case(
        When(
            Q(**{f"{prefix}released__release__programme__publishes_on_release": True}),
            then=F(f"{prefix}{released_lookup(field)}"),
        ),
        default=F(f"{prefix}{field}"),
    )


class ReleasedStateIterable(models.query.ModelIterable):
    """Sessions as residents see them: a programme in release mode shows its released copy's values."""

    def __iter__(self):
        for session in super().__iter__():
            session.show_released_state()
            yield session


# The joins show_released_state() reads, from a session.
RELEASED_STATE_JOINS = ("released__release__programme", "released__day__programme", "released__space__venue")


class ReleasedStateThroughIterable(models.query.ModelIterable):
    """Rows that reach a session by ``path`` (a person's appearances, an exhibit), the session as residents see it."""

    path = "session"

    def __iter__(self):
        for row in super().__iter__():
            try:
                session = getattr(row, self.path)
            except models.ObjectDoesNotExist:
                session = None
            if session is not None:
                session.show_released_state()
            yield row


def in_released_state_through(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """``queryset`` with the session reached by ``path`` showing what residents see; no extra query.

    For the loaders of pages that list sessions through another model (a
    person's page, the exhibit pages), which join the session rather than
    load it through ``SessionQuerySet``.
    """
    clone = queryset.select_related(*(f"{path}__{join}" for join in RELEASED_STATE_JOINS))
    clone._iterable_class = type("ReleasedStateThrough", (ReleasedStateThroughIterable,), {"path": path})
    return clone


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions a resident may see: published, in a published programme.

        For a programme that publishes through releases, "published" is what
        its current release recorded, not the row as saved since.
        """
        saved = SHOWS_SAVED_ROW & Q(is_published=True, day__programme__is_published=True)
        released = SHOWS_RELEASED_COPY & Q(released__is_published=True, released__release__programme__is_published=True)
        return self.filter(saved | released)

    def shown_by_a_release(self):
        """Sessions residents see through the current release of their programme.

        Deleting one would take it off the public pages at once, before any
        release: the admin refuses and asks the organiser to unpublish it.
        """
        return self.filter(SHOWS_RELEASED_COPY, released__is_published=True)

    def in_released_state(self):
        """Give each session the values residents see (``Session.show_released_state``), in the same query.

        Joins the released copy with its release, programme, day, space and venue.
        """
        clone = self.select_related(*RELEASED_STATE_JOINS)
        clone._iterable_class = ReleasedStateIterable
        return clone

    def with_recent_change(self):
        """Annotate each session with its newest change of the badge window, for its "moved, was 18:00" badge.

        ``recent_change_kind`` and ``recent_change_before`` (``None`` when
        nothing changed) are subqueries of the sessions' own query: no query
        of their own. The window is ``Change.badge_window_start()``;
        ``events.changelog.change_badge`` turns them into the badge.
        """
        since = Change.badge_window_start()
        if since is None:
            return self.annotate(
                recent_change_kind=models.Value(None, output_field=models.CharField()),
                recent_change_before=models.Value(None, output_field=models.JSONField()),
            )
        # A change of status that is not a cancellation (a session back on) ends a "cancelled" badge.
        shown = Q(kind__in=Change.BADGE_KINDS) | Q(kind=ChangeKind.CHANGED, before__has_key="status")
        recent = Change.objects.filter(shown, session=models.OuterRef("pk"), created_at__gte=since).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(
            recent_change_kind=models.Subquery(recent.values("kind")[:1]),
            recent_change_before=models.Subquery(recent.values("before")[:1], output_field=models.JSONField()),
        )

    def _with_card_data(self):
        """Sessions with what a programme card shows: day, venue and space, people in order, the recent change.

        Two queries: sessions joined to day, programme, space and venue (and annotated
        ``with_recent_change``); then the people (``visible_appearances``,
        each with its person).
        """
        return (
            self.published()
            .with_recent_change()
            # The programme too: the JSON-LD of a session with no space names the programme's city.
            .select_related("day__programme", "space__venue")
            .in_released_state()
            .prefetch_related(self.card_people())
        )

    @staticmethod
    def card_people() -> Prefetch:
        """The people of a card in order (``visible_appearances``, each with its person): one query."""
        return Prefetch(
            "appearances",
            queryset=SessionPerson.objects.select_related("person").order_by("order", "pk"),
            to_attr="visible_appearances",
        )

    @staticmethod
    def programme_order(prefix: str = "") -> list:
        """The one programme order, for sessions or rows reached through ``prefix`` ("session__").

        By date, then items that run through the day, then by start and end
        time, platform and slug. NULLs are placed explicitly: SQLite sorts them
        first and PostgreSQL last, and whole-day items come first on both.
        """
        return [
            F(f"{prefix}day__date").asc(),
            F(f"{prefix}start_time").asc(nulls_first=True),
            F(f"{prefix}end_time").asc(nulls_first=True),
            F(f"{prefix}platform_number").asc(nulls_first=True),
            F(f"{prefix}slug").asc(),
        ]

    @staticmethod
    def public_programme_order(prefix: str = "") -> list:
        """``programme_order`` on what residents see: the released copy's date and times in release mode."""
        return [
            public_field("day__date", prefix).asc(),
            public_field("start_time", prefix).asc(nulls_first=True),
            public_field("end_time", prefix).asc(nulls_first=True),
            public_field("platform_number", prefix).asc(nulls_first=True),
            F(f"{prefix}slug").asc(),
        ]

    def in_programme_order(self):
        return self.order_by(*self.public_programme_order())

    @staticmethod
    def programme_sort_key(session) -> tuple:
        """``programme_order`` in Python, for sessions already loaded (as residents see them)."""
        return (
            session.day.date,
            session.start_time is not None,
            session.start_time or datetime.time.min,
            session.end_time is not None,
            session.end_time or datetime.time.min,
            session.platform_number is not None,
            session.platform_number or 0,
            session.slug,
        )

    def for_programme_page(self, programme):
        """Published sessions of ``programme`` for ``events.views.programme_detail`` and ``grid``.

        In programme order; preloads day, space with venue, and people
        (``visible_appearances``): two queries.
        """
        return self._with_card_data().filter(public_q(day__programme=programme)).in_programme_order()

    def day_counts(self, programme) -> dict:
        """How many published sessions each day of ``programme`` has, by date as residents see it: one query.

        For ``events.views.programme_detail`` when the programme is too long
        for one page.
        """
        rows = (
            self.published()
            .filter(public_q(day__programme=programme))
            .annotate(public_date=public_field("day__date"))
            .values("public_date")
            .annotate(count=models.Count("pk"))
            .order_by()
        )
        return {row["public_date"]: row["count"] for row in rows}

    def for_day_page(self, day):
        """Published sessions of ``day`` for ``events.views.day_detail``, preloaded as for the programme page."""
        return self._with_card_data().filter(public_q(day=day.pk)).in_programme_order()

    def for_venue_page(self, venue):
        """Published sessions in ``venue``'s spaces for ``events.views.venue_detail``: one query.

        In programme order, with their day, programme and space joined.
        """
        return (
            self.published()
            .filter(public_q(space__venue=venue))
            .select_related("day__programme", "space")
            .in_released_state()
            .in_programme_order()
        )

    def for_export(self, scope: Q):
        """Published sessions matching ``scope`` for the calendars, schedules and My programme.

        Two queries: the sessions joined to day, programme, space and venue, in
        programme order; then their people in order (``visible_appearances``,
        each with its person). ``scope`` is read as residents see the sessions
        (``public_q``): a session moved in a draft stays where it was released.
        """
        return self._with_card_data().filter(public_q(scope)).select_related("day__programme").in_programme_order()

    def for_search(self):
        """Published sessions for ``events.search``: day, programme, space and venue joined, people preloaded."""
        return self._with_card_data().select_related("day__programme").in_programme_order()

    def for_now_and_next(self, programme, moment):
        """Published sessions of ``programme`` for ``events.views.now_next`` and the home page.

        Those running at ``moment`` (started, not yet ended; or started today
        with no end given; or whole-day items of today) and those starting after
        it, in time order, preloaded as for the programme page: two queries.
        The view keeps the first time slot of the upcoming ones.
        """
        return (
            self._with_card_data()
            .filter(public_q(day__programme=programme))
            .filter(public_q(on_now_or_later(moment)))
            .order_by(public_field("starts_at").asc(nulls_first=True), public_field("platform_number").asc(), "slug")
        )

    def for_signage(self, venue, moment):
        """Published sessions in ``venue``'s spaces for ``events.views.venue_signage``, as for now and next.

        Those running at ``moment`` and those starting after it, in time
        order, with day, space and people preloaded: two queries.
        """
        return (
            self._with_card_data()
            .filter(public_q(space__venue=venue))
            .filter(public_q(on_now_or_later(moment)))
            .order_by(public_field("starts_at").asc(nulls_first=True), public_field("platform_number").asc(), "slug")
        )

    def for_session_page(self):
        """Published sessions for ``events.views.session_detail``, with everything the page shows.

        Four queries: the session joined to day, programme, space, venue, source,
        exhibit and released copy, annotated ``with_recent_change`` and with its programme's
        ``first_date`` and ``last_date`` (the header links the change log while
        it is on); its people with their honours (``visible_appearances``, two
        queries); its topics in order (``visible_topics``).
        """
        days = Day.objects.filter(programme=models.OuterRef("day__programme")).values("date")
        return (
            self.published()
            .with_recent_change()
            .annotate(
                first_date=models.Subquery(days.order_by("date")[:1]),
                last_date=models.Subquery(days.order_by("-date")[:1]),
            )
            .select_related("day__programme", "space__venue", "source", "exhibit")
            .in_released_state()
            .prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=SessionPerson.objects.select_related("person").prefetch_related("person__honours"),
                    to_attr="visible_appearances",
                ),
                Prefetch(
                    "topic_links",
                    queryset=SessionTopic.objects.select_related("topic").order_by("order", "pk"),
                    to_attr="visible_topics",
                ),
            )
        )

    def for_sitemap(self):
        """Published sessions for ``events.sitemaps.SessionSitemap``: one query, ``updated_at`` is lastmod."""
        return self.published().order_by("slug")


SessionManager = SlugManager.from_queryset(SessionQuerySet)


class Session(Sourced):
    day = models.ForeignKey(Day, verbose_name=_("day"), on_delete=models.CASCADE, related_name="sessions")
    start_time = models.TimeField(
        _("starts"), null=True, blank=True, help_text=_("Leave empty for an item that runs through the day.")
    )
    end_time = models.TimeField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty when the source gives none.")
    )
    # Absolute times, kept in step with the day and the times above by save().
    # They exist for the database: the exclusion constraint and the "now and
    # next" queries need them in the session's own row.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300, validators=SINGLE_LINE)
    description = models.TextField(_("description"), blank=True, validators=MULTI_LINE)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)
    status_note = models.TextField(
        _("note for residents"),
        blank=True,
        validators=MULTI_LINE,
        help_text=_("Why it was cancelled or where it moved; shown on the session's page."),
    )
    people_note = models.CharField(
        _("note on who takes part"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_(
            "About the session's people as a whole, for example 'the programme also mentions other performers'; "
            "shown on the session's page under its people."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # iCalendar SEQUENCE: raised by save() whenever the time, place, status,
    # title or description changes, so calendar clients replace their copy.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    space = models.ForeignKey(
        "venues.Space",
        verbose_name=_("space"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    platform_number = models.PositiveSmallIntegerField(
        _("platform number"),
        null=True,
        blank=True,
        help_text=_("For one event held at several places at once: Platform No. 1, No. 2, ..."),
    )
    location_note = models.CharField(
        _("place, in words"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("Where no single venue is named, for example 'schools of Oskemen'."),
    )
    takes_space = models.BooleanField(
        _("needs the space to itself"),
        default=True,
        help_text=_(
            "Untick for an exhibition or display that runs alongside other sessions "
            "in the same space; it is then left out of the clash check."
        ),
    )
    people = models.ManyToManyField(
        "people.Person", through="SessionPerson", related_name="sessions", verbose_name=_("people")
    )
    topics = models.ManyToManyField(
        "Topic", through="SessionTopic", related_name="sessions", verbose_name=_("specialties and topics")
    )
    # The session points to its exhibit (not the other way round): events sits
    # above gallery, so gallery's models know nothing of sessions.
    exhibit = models.OneToOneField(
        "gallery.Exhibit",
        verbose_name=_("exhibit shown"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session",
    )
    # The copy residents see while the programme publishes through releases:
    # the session as the current release recorded it (events.releases).
    released = models.ForeignKey(
        "ReleasedSession",
        verbose_name=_("as released"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SessionManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        # The programme order, with whole-day items first on SQLite and PostgreSQL alike.
        ordering = SessionQuerySet.programme_order()
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="events_session_end_after_start",
                violation_error_message=_("A session must end after it starts, and can only end if it starts."),
            ),
            # The no-overlap rule is the exclusion constraint
            # events_session_no_overlap_in_space, added for PostgreSQL by
            # migration 0002; clean() applies the same rule everywhere.
        ]
        indexes = [
            # "Now and next" and the calendars ask for sessions by start time.
            models.Index(fields=["starts_at"], name="events_session_starts_at"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title_en or self.title_ru or self.title_kk or self.title)
        self.starts_at, self.ends_at = self.absolute_times()
        if self._state.adding:
            # A copy of a released session (the admin's "duplicate") is a new
            # draft: it must not show as the original's released copy.
            self.released = None
        # Compared here rather than in a pre_save signal: the comparison needs
        # the absolute times computed just above, it must add "sequence" to
        # update_fields (Day.save re-saves sessions that way), and whoever reads
        # save() sees every side effect. QuerySet.update() bypasses it, so
        # changes to published sessions go through save(), one by one.
        stored = Session.objects.select_related("day").filter(pk=self.pk).first() if self.pk else None
        aspects = self.changed_aspects(stored)
        if aspects:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "sequence"]
        super().save(*args, **kwargs)
        Change.log_save(self, stored, aspects)

    def get_absolute_url(self):
        return slug_url("events:session", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.end_time and not self.start_time:
            raise ValidationError({"end_time": _("Give the start time too, or leave the end empty.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})
        if self.day_id and self.day.month_only and self.start_time:
            raise ValidationError(
                {"start_time": _("This day's date is known only to the month, so a time cannot be given.")}
            )
        if self.platform_number is not None and self.platform_number < 1:
            raise ValidationError({"platform_number": _("Platform numbers start at 1.")})
        if self.day_id and self.space_id:
            self.starts_at, self.ends_at = self.absolute_times()
            clash = self.clash_in_space()
            if clash is not None:
                raise ValidationError(
                    {
                        "space": _(
                            "This space is taken at that time by %(title)s (%(date)s, %(time)s). "
                            "Choose another time or space, or untick “needs the space to itself” "
                            "for an exhibition that runs alongside."
                        )
                        % {
                            "title": quoted(clash.title),
                            "date": dates.format_date(clash.day.date, "long"),
                            "time": clash.time_range(),
                        }
                    }
                )

    def absolute_times(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """Return the start and end as aware datetimes in Almaty time (needs ``day``)."""
        if not self.day_id or self.start_time is None:
            return None, None
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        date = self.day.date
        start = datetime.datetime.combine(date, self.start_time, tzinfo=tz)
        end = datetime.datetime.combine(date, self.end_time, tzinfo=tz) if self.end_time else None
        return start, end

    def show_released_state(self) -> None:
        """Put on this session what residents see of it, if its programme publishes through releases.

        The day (with the date it had then), times, place, status, titles and
        notes become those of the current release's copy; people, topics and
        the description stay as saved. Runs no query after
        ``SessionQuerySet.in_released_state()``; does nothing otherwise.
        """
        copy = self.released
        if copy is None or not copy.release.programme.publishes_on_release:
            return
        for field in ReleasedSession.COPIED_FIELDS:
            setattr(self, field, getattr(copy, field))
        day = copy.day or Day(programme=copy.release.programme)
        day.date, day.date_precision = copy.date, copy.date_precision
        self.day = day
        self.space = copy.space

    def blocks_space(self) -> bool:
        return bool(self.space_id and self.takes_space and self.starts_at and self.status != Status.CANCELLED)

    def occupied_range(self) -> tuple[datetime.datetime, datetime.datetime, bool]:
        """The time this session holds its space: [start, end), or the point [start, start].

        A session with no end holds only its starting moment: the source does
        not say how long it lasts, so only a second session starting at the same
        moment, or running across it, is a clash.
        """
        if self.ends_at:
            return self.starts_at, self.ends_at, False
        return self.starts_at, self.starts_at, True

    def overlaps(self, other: "Session") -> bool:
        """Whether this session and ``other`` are on at one moment: the one overlap rule.

        Both need their absolute times; items without a time and cancelled
        sessions overlap nothing. Used by ``clean()`` and ``clash_in_space()``
        (the space check, which the PostgreSQL exclusion constraint
        ``events_session_no_overlap_in_space`` also enforces), by the admin's
        clash warnings and by My programme.
        """
        if not (self.starts_at and other.starts_at) or Status.CANCELLED in (self.status, other.status):
            return False
        start, end, closed = self.occupied_range()
        other_start, other_end, other_closed = other.occupied_range()
        other_starts_before_we_end = other_start <= end if closed else other_start < end
        other_ends_after_we_start = other_start >= start if other_closed else other_end > start
        return other_starts_before_we_end and other_ends_after_we_start

    def shares_space_with(self, other: "Session") -> bool:
        """Whether both sessions need the same space to themselves at one moment."""
        return self.space_id == other.space_id and self.blocks_space() and other.blocks_space() and self.overlaps(other)

    def clash_in_space(self, *, ignore=()) -> "Session | None":
        """The first other session holding this one's space at the same time, or ``None``.

        One query over the sessions in that space on the same date (every
        programme's: the space is one room), with their days; ``ignore`` lists
        primary keys left out (sessions being moved together). Needs ``day``
        and the absolute times.
        """
        if not self.blocks_space():
            return None
        candidates = (
            Session.objects.filter(
                space=self.space_id, takes_space=True, starts_at__date=timezone.localdate(self.starts_at)
            )
            .exclude(pk=self.pk)
            .exclude(pk__in=ignore)
            .select_related("day")
            .order_by("starts_at", "pk")
        )
        return next((other for other in candidates if self.shares_space_with(other)), None)

    def time_range(self) -> str:
        """The times as the source gives them, in the active language (CLDR): "10:00–12:30", "09:00", or ""."""
        return dates.format_time_range(self.start_time, self.end_time)

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    def place_label(self) -> str:
        """The place as residents read it: venue, space and platform, or the place in words.

        Costs queries unless ``space`` and its ``venue`` are preloaded.
        """
        parts = [self.space.label()] if self.space_id else []
        if self.platform_number:
            parts.append(gettext("Platform No. %(number)s") % {"number": self.platform_number})
        location_note = field_in_language(self, "location_note")[0]
        if location_note:
            parts.append(location_note)
        return ", ".join(parts)

    def tracked_values(self) -> dict:
        """The raw values that calendars and the change log follow, by aspect."""

        def columns(field):
            return tuple(getattr(self, f"{field}_{code}") or "" for code in LANGUAGE_CODES)

        return {
            "when": (self.day_id, self.starts_at, self.ends_at),
            "place": (self.space_id, self.platform_number, columns("location_note")),
            "status": self.status,
            "title": columns("title"),
            "description": columns("description"),
        }

    def changed_aspects(self, stored: "Session | None") -> list[str]:
        """Name the aspects ("when", "place", ...) that differ from ``stored``, the row as saved."""
        if stored is None:
            return []
        before, after = stored.tracked_values(), self.tracked_values()
        return [aspect for aspect in after if before[aspect] != after[aspect]]

    def change_snapshot(self, aspect: str):
        """The value of ``aspect`` as the change log keeps it: data, in every language.

        Costs queries for "place" unless ``space`` and its ``venue`` are preloaded.
        """
        if aspect == "when":
            # The date of a timed session comes from its own starts_at: when a
            # day's date changes, the stored row's day already has the new one.
            tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
            date = self.starts_at.astimezone(tz).date() if self.starts_at else self.day.date
            return {
                "date": date.isoformat(),
                "month_only": self.day.month_only,
                "year_assumed": self.day.year_assumed,
                "start": self.start_time.strftime("%H:%M") if self.start_time else None,
                "end": self.end_time.strftime("%H:%M") if self.end_time else None,
            }
        if aspect == "place":
            place = {}
            for code in LANGUAGE_CODES:
                with override(code):
                    place[code] = self.place_label()
            return place
        if aspect == "status":
            return self.status
        return {code: getattr(self, f"{aspect}_{code}") or "" for code in LANGUAGE_CODES}


class Role(models.TextChoices):
    PERFORMER = "performer", _("Performer")
    SPEAKER = "speaker", _("Speaker")
    HOST = "host", _("Host")
    PHOTOGRAPHER = "photographer", _("Photographer")
    OFFICIAL = "official", _("Official")
    PARTICIPANT = "participant", _("Participant")
    ORGANISER = "organiser", _("Organiser")


class SessionPersonManager(models.Manager):
    def get_by_natural_key(self, session_slug, person_slug, role):
        return self.get(session__slug=session_slug, person__slug=person_slug, role=role)


class SessionPerson(models.Model):
    """A person's part in a session, in the order the programme names them."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="appearances"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="appearances"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PERFORMER)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("How the programme presents them in this session."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SessionPersonManager()

    class Meta:
        verbose_name = _("person in a session")
        verbose_name_plural = _("people in a session")
        ordering = ["order", "pk"]
        constraints = [
            # A person has one entry per role in a session; the natural key relies on it.
            models.UniqueConstraint(fields=["session", "person", "role"], name="events_sessionperson_unique_role"),
        ]

    def __str__(self):
        return self.get_role_display()

    def natural_key(self):
        return (self.session.slug, self.person.slug, self.role)

    natural_key.dependencies = ["events.session", "people.person"]


class TopicKind(models.TextChoices):
    SPECIALTY = "specialty", _("Medical specialty")
    MASTER_CLASS = "master_class", _("Master class or operation topic")
    ACTIVITY = "activity", _("Part of the programme")
    CLUB = "club", _("Club or room")


class Topic(Sourced):
    """A specialty, master-class topic or part of a session's programme."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind)
    name = models.CharField(_("name"), max_length=300, validators=SINGLE_LINE)

    objects = SlugManager()

    class Meta:
        verbose_name = _("specialty or topic")
        verbose_name_plural = _("specialties and topics")
        ordering = ["kind", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class SessionTopicManager(models.Manager):
    def get_by_natural_key(self, session_slug, topic_slug):
        return self.get(session__slug=session_slug, topic__slug=topic_slug)


class SessionTopic(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="topic_links"
    )
    topic = models.ForeignKey(Topic, verbose_name=_("specialty or topic"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SessionTopicManager()

    class Meta:
        verbose_name = _("specialty or topic of a session")
        verbose_name_plural = _("specialties and topics of a session")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "topic"], name="events_sessiontopic_unique"),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.order}"

    def natural_key(self):
        return (self.session.slug, self.topic.slug)

    natural_key.dependencies = ["events.session", "events.topic"]


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Added")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")
    PLACE_CHANGED = "place_changed", _("Place changed")
    CHANGED = "changed", _("Changed")
    REMOVED = "removed", _("Removed")


class Change(models.Model):
    """A change residents are told about: a session of a published programme added, moved, cancelled, ...

    ``before`` and ``after`` keep values, not sentences ("when", "place",
    "status", "title"; translated texts in every language), so the changes
    page and the Atom feed render them in the visitor's language.
    ``session_title`` keeps the title for a session later deleted.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="changes"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    session_title = models.JSONField(_("title of the session"), default=dict)
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time of the change"), default=timezone.now)
    # Set for the changes a release published (events.releases); empty for a
    # save that was public at once.
    release = models.ForeignKey(
        "Release",
        verbose_name=_("release"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The changes page and the Atom feed list a programme's newest changes.
            models.Index(fields=["programme", "-created_at"], name="events_change_programme_recent"),
        ]

    def __str__(self):
        return self.get_kind_display()

    # The kinds of change a card, a session page and a calendar entry show as a badge.
    BADGE_KINDS = (ChangeKind.ADDED, ChangeKind.MOVED, ChangeKind.CANCELLED, ChangeKind.PLACE_CHANGED)

    @staticmethod
    def badge_window_start(days: int | None = None) -> datetime.datetime | None:
        """The start of the local day ``days - 1`` days ago (``CHANGE_BADGE_DAYS``); ``None`` for no badges.

        Whole local days, so that badges come and go only at local midnight,
        which the pages' ETags and the calendars' Last-Modified follow
        (``events.changelog.badge_etag``, ``badge_moment``).
        """
        days = settings.CHANGE_BADGE_DAYS if days is None else days
        if days < 1:
            return None
        return dates.start_of_day(timezone.localdate() - datetime.timedelta(days=days - 1))

    @classmethod
    def log_save(cls, session: Session, stored: Session | None, aspects: list[str]) -> "Change | None":
        """Record what a save of ``session`` changed, if residents can see it; called by Session.save().

        Only sessions of a published programme are logged: publishing adds a
        session, unpublishing removes it, and a published session logs a
        change of time, place, status or title (not of its description).
        Costs a query for the day's programme unless it is preloaded.
        """
        was_published = bool(stored and stored.is_published)
        if not (was_published or session.is_published) or not session.day.programme.is_published:
            return None
        if session.day.programme.shows_release:
            # A draft until the next release, which logs what it publishes.
            return None
        if not was_published:
            return cls._create(session, ChangeKind.ADDED, after={"when": session.change_snapshot("when")})
        if not session.is_published:
            return cls._create(session, ChangeKind.REMOVED, before={"when": stored.change_snapshot("when")})
        logged = [aspect for aspect in aspects if aspect != "description"]
        if not logged:
            return None
        if "status" in logged and session.status == Status.CANCELLED:
            kind = ChangeKind.CANCELLED
        elif "when" in logged or ("status" in logged and session.status == Status.MOVED):
            kind = ChangeKind.MOVED
        elif "place" in logged:
            kind = ChangeKind.PLACE_CHANGED
        else:
            kind = ChangeKind.CHANGED
        before = {aspect: stored.change_snapshot(aspect) for aspect in logged}
        after = {aspect: session.change_snapshot(aspect) for aspect in logged}
        return cls._create(session, kind, before=before, after=after)

    @classmethod
    def _create(cls, session: Session, kind: str, *, before=None, after=None, keep_session=True) -> "Change":
        return cls.objects.create(
            programme=session.day.programme,
            session=session if keep_session else None,
            session_title=session.change_snapshot("title"),
            kind=kind,
            before=before or {},
            after=after or {},
        )


@receiver(pre_delete, sender=Session, dispatch_uid="events_log_removed_session")
def log_removed_session(sender, instance: Session, origin=None, **kwargs) -> None:
    """Tell residents a published session was deleted (unless its whole programme is being deleted)."""
    deleting_programme = isinstance(origin, Programme) or (
        isinstance(origin, models.QuerySet) and origin.model is Programme
    )
    programme = instance.day.programme
    if deleting_programme or not programme.is_published:
        return
    if programme.shows_release:
        # Residents see the released copy, and lose it now: log it if it was public.
        copy = ReleasedSession.objects.filter(
            pk=instance.released_id, release=programme.current_release_id, is_published=True
        ).first()
        if copy is not None:
            Change._create(instance, ChangeKind.REMOVED, before={"when": copy.when()}, keep_session=False)
        return
    if not instance.is_published:
        return
    Change._create(instance, ChangeKind.REMOVED, before={"when": instance.change_snapshot("when")}, keep_session=False)


# Releases -------------------------------------------------------------------------------------


class Release(models.Model):
    """A version of a programme's schedule that residents see, published by an organiser.

    Made only by ``events.releases.publish_release()``, which numbers it,
    copies every day and session of the programme (``ReleasedDay``,
    ``ReleasedSession``) and logs what changed since the previous release.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(
        _("version name"),
        max_length=100,
        blank=True,
        validators=SINGLE_LINE,
        help_text=_("For example “1.1” or “final”; residents also see the number."),
    )
    note = models.TextField(
        _("note for residents"),
        blank=True,
        validators=MULTI_LINE,
        help_text=_("What this release changes, in a few words; shown with the version."),
    )
    released_at = models.DateTimeField(_("released at"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["programme", "-number"]
        constraints = [
            # Two organisers releasing at once cannot both make number N:
            # publish_release() locks the programme, and this holds regardless.
            models.UniqueConstraint(fields=["programme", "number"], name="events_release_unique_number"),
        ]

    def __str__(self):
        return self.label()

    def get_absolute_url(self):
        return reverse("events:release", kwargs={"slug": self.programme.slug, "number": self.number})

    def label(self) -> str:
        """ "Version 3" or "Version 3 (final)", in the active language; reads only this row."""
        label = gettext("Version %(number)s") % {"number": self.number}
        return f"{label} ({self.name})" if self.name else label

    def frab_version(self) -> str:
        """The schedule's ``<version>``: the number, and the name when there is one (the same in every language)."""
        return f"{self.number} ({self.name})" if self.name else str(self.number)


class ReleasedDay(models.Model):
    """A day of a programme as a release recorded it: its date, precision and title."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="days")
    day = models.ForeignKey(
        Day, verbose_name=_("day"), on_delete=models.SET_NULL, null=True, blank=True, related_name="released_copies"
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(_("precision of the date"), max_length=5, choices=DatePrecision)
    # A frozen copy, not a text to translate: plain columns, not modeltranslation's.
    title_kk = models.CharField(_("title (kk)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (ru)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (en)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("day as released")
        verbose_name_plural = _("days as released")
        ordering = ["release", "date"]
        constraints = [
            # The day pages of a release are found by date, as the saved ones.
            models.UniqueConstraint(fields=["release", "date"], name="events_releasedday_unique_date"),
        ]

    def __str__(self):
        return self.date.isoformat()

    def as_day(self, programme: Programme) -> Day:
        """An unsaved ``Day`` with this copy's values and the saved day's key, for the public pages."""
        columns = {f"title_{code}": getattr(self, f"title_{code}") for code in LANGUAGE_CODES}
        return Day(pk=self.day_id, programme=programme, date=self.date, date_precision=self.date_precision, **columns)


class ReleasedSession(models.Model):
    """A session as a release recorded it: what residents see of it until the next release.

    ``session`` is kept empty when the session is later deleted, so the
    change between two releases can still name it (``slug``, ``title``).
    """

    # The fields show_released_state() puts on the session.
    COPIED_FIELDS = [
        "start_time",
        "end_time",
        "starts_at",
        "ends_at",
        "platform_number",
        "status",
        "is_published",
        "sequence",
        *(f"{field}_{code}" for field in ("title", "location_note", "status_note") for code in LANGUAGE_CODES),
    ]

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="sessions")
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    slug = models.SlugField(_("slug"), max_length=100)
    day = models.ForeignKey(
        Day, verbose_name=_("day"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(_("precision of the date"), max_length=5, choices=DatePrecision)
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    space = models.ForeignKey(
        "venues.Space", verbose_name=_("space"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    platform_number = models.PositiveSmallIntegerField(_("platform number"), null=True, blank=True)
    # The place as residents read it then, in every language (Session.change_snapshot("place")).
    place = models.JSONField(_("place"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    is_published = models.BooleanField(_("published"))
    sequence = models.PositiveIntegerField(_("revision"))
    # The texts residents read then, in every language: a frozen copy, so
    # plain columns rather than modeltranslation's (translators never edit it).
    title_kk = models.CharField(_("title (kk)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (ru)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (en)"), max_length=300, blank=True)
    location_note_kk = models.CharField(_("place, in words (kk)"), max_length=300, blank=True)
    location_note_ru = models.CharField(_("place, in words (ru)"), max_length=300, blank=True)
    location_note_en = models.CharField(_("place, in words (en)"), max_length=300, blank=True)
    status_note_kk = models.TextField(_("note for residents (kk)"), blank=True)
    status_note_ru = models.TextField(_("note for residents (ru)"), blank=True)
    status_note_en = models.TextField(_("note for residents (en)"), blank=True)

    class Meta:
        verbose_name = _("session as released")
        verbose_name_plural = _("sessions as released")
        ordering = ["release", "date", "start_time", "slug"]
        constraints = [
            # One copy of a session per release: the session's pointer and the diff rely on it.
            models.UniqueConstraint(fields=["release", "session"], name="events_releasedsession_unique_session"),
        ]

    def __str__(self):
        return self.slug

    def when(self) -> dict:
        """The time, as the change log keeps it (the shape of ``Session.change_snapshot("when")``)."""
        return {
            "date": self.date.isoformat(),
            "month_only": self.date_precision == DatePrecision.MONTH,
            "start": self.start_time.strftime("%H:%M") if self.start_time else None,
            "end": self.end_time.strftime("%H:%M") if self.end_time else None,
        }

    def titles(self) -> dict:
        return {code: getattr(self, f"title_{code}") or "" for code in LANGUAGE_CODES}


class SearchDocument(models.Model):
    """A session's words and their stems in one language, for ``events.search``.

    Three weighted parts, each a space-separated run of case-folded words and
    stems with a space at both ends, so that a stem is found at the start of a
    word with ``contains(" " + stem)`` on SQLite and PostgreSQL alike. Written
    by ``events.search_index`` whenever the session or what it names changes;
    never edited by hand.
    """

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(_("language"), max_length=8)
    # Ranked first: the session's title.
    title = models.TextField(_("title"), blank=True)
    # Ranked second: category, people, venue and space, place note, topics.
    related = models.TextField(_("people, venue, category and topics"), blank=True)
    # Ranked third: the description.
    body = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            # One document per session and language: events.search_index rewrites it in place (upsert).
            models.UniqueConstraint(fields=["session", "language"], name="events_searchdocument_one_per_language"),
        ]

    def __str__(self):
        return f"{self.session_id} ({self.language})"
