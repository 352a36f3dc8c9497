"""Programmes, their days and sessions, and the source texts they come from."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Max, Min, Prefetch, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from sources.languages import field_in_language
from sources.links import slug_url
from sources.models import LANGUAGE_CODES, SlugManager, Sourced, Versioned, unique_slug
from sources.text import MULTI_LINE, SINGLE_LINE
from venues.models import Space


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_home_page(self):
        """Published programmes for ``events.views.home``, with their first and last dates.

        One query: ``first_date``, ``last_date`` and ``vaguest_precision`` are
        annotated, so the view sorts programmes into running, coming and past
        without loading days.
        """
        return (
            self.published()
            .annotate(
                first_date=Min("days__date"),
                last_date=Max("days__date"),
                # "month" sorts after "day": any day known only to the month makes it "month".
                vaguest_precision=Max("days__date_precision"),
            )
            .order_by("first_date", "slug")
        )

    def for_programme_page(self):
        """Published programmes for the programme, grid and now-and-next views, with ``visible_days``.

        Two queries: the programme, then its days in date order (``to_attr="visible_days"``),
        each with ``session_count``, its published sessions.
        """
        days = Day.objects.annotate(session_count=Count("sessions", filter=Q(sessions__is_published=True)))
        return self.published().prefetch_related(
            Prefetch("days", queryset=days.order_by("date"), to_attr="visible_days")
        )


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


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    MONTH = "month", _("month only")


class DayManager(models.Manager):
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
        return self.date.isoformat()

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


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions a resident may see: published, in a published programme."""
        return self.filter(is_published=True, day__programme__is_published=True)

    def _with_card_data(self):
        """Sessions with what a programme card shows: day, venue and space, people in order.

        Two queries: sessions joined to day, space and venue; then the people
        (``visible_appearances``, each with its person).
        """
        return (
            self.published()
            .select_related("day", "space__venue")
            .prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=SessionPerson.objects.select_related("person").order_by("order", "pk"),
                    to_attr="visible_appearances",
                )
            )
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

    def in_programme_order(self):
        return self.order_by(*self.programme_order())

    def for_programme_page(self, programme):
        """Published sessions of ``programme`` for ``events.views.programme_detail`` and ``grid``.

        In programme order; preloads day, space with venue, and people
        (``visible_appearances``): two queries.
        """
        return self._with_card_data().filter(day__programme=programme).in_programme_order()

    def for_day_page(self, day):
        """Published sessions of ``day`` for ``events.views.day_detail``, preloaded as for the programme page."""
        return self._with_card_data().filter(day=day).in_programme_order()

    def for_venue_page(self, venue):
        """Published sessions in ``venue``'s spaces for ``events.views.venue_detail``: one query.

        In programme order, with their day, programme and space joined.
        """
        return (
            self.published().filter(space__venue=venue).select_related("day__programme", "space").in_programme_order()
        )

    def for_export(self, scope: Q):
        """Published sessions matching ``scope`` for the calendars, schedules and My programme.

        Four queries, in programme order: the sessions; their days with their
        programmes, their spaces with their venues, and their people in order
        (``visible_appearances``, each with its person). The days and spaces
        are prefetched rather than joined so that each is built once: a
        6,000-session calendar shares 30 days and 600 spaces, and joining
        them built 24,000 extra objects, half its loading time.
        """
        return (
            self.published()
            .filter(scope)
            .prefetch_related(
                Prefetch("day", queryset=Day.objects.select_related("programme")),
                Prefetch("space", queryset=Space.objects.select_related("venue")),
                Prefetch(
                    "appearances",
                    queryset=SessionPerson.objects.select_related("person").order_by("order", "pk"),
                    to_attr="visible_appearances",
                ),
            )
            .in_programme_order()
        )

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
        today = timezone.localdate(moment)
        running = Q(starts_at__lte=moment, ends_at__gt=moment)
        open_ended = Q(starts_at__lte=moment, ends_at__isnull=True, day__date=today)
        all_day = Q(starts_at__isnull=True, day__date=today, day__date_precision=DatePrecision.DAY)
        upcoming = Q(starts_at__gt=moment)
        return (
            self._with_card_data()
            .filter(day__programme=programme)
            .filter(running | open_ended | all_day | upcoming)
            .order_by(F("starts_at").asc(nulls_first=True), "platform_number", "slug")
        )

    def for_session_page(self):
        """Published sessions for ``events.views.session_detail``, with everything the page shows.

        Four queries: the session joined to day, programme, space, venue, source
        and exhibit; its people with their honours (``visible_appearances``,
        two queries); its topics in order (``visible_topics``).
        """
        return (
            self.published()
            .select_related("day__programme", "space__venue", "source", "exhibit")
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
                            "This space is taken at that time by “%(title)s” (%(date)s, %(time)s). "
                            "Choose another time or space, or untick “needs the space to itself” "
                            "for an exhibition that runs alongside."
                        )
                        % {
                            "title": clash.title,
                            "date": formats.date_format(clash.day.date, "SHORT_DATE_FORMAT"),
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
        """The times as the source gives them: "10:00–12:30", "from 09:00", or ""."""
        if self.start_time is None:
            return ""
        start = self.start_time.strftime("%H:%M")
        if self.end_time is None:
            return start
        return f"{start}–{self.end_time.strftime('%H:%M')}"

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
    if deleting_programme or not instance.is_published or not instance.day.programme.is_published:
        return
    Change._create(instance, ChangeKind.REMOVED, before={"when": instance.change_snapshot("when")}, keep_session=False)
