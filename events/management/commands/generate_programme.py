"""Build a large SYNTHETIC programme for benchmarks (``make bench``); never for the real site.

Every record it writes is marked as synthetic: slugs start with ``synthetic-``,
and the programme, venues, people and sessions say in kk, ru and en that they
are made up for speed measurements. It refuses to run on a database that holds
anything (the real programme, an organiser's work) unless ``--alongside-data``
says so, and it is not a fixture: nothing loads it but this command.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import Category, Day, Programme, Role, Session, SessionPerson, SessionTopic, Status, Topic, TopicKind
from events.seeding import describe_content, site_content
from gallery.models import Exhibit, ExhibitPhotographer
from people.models import Person, PersonKind
from sources.caching import note_content_change
from sources.management.base import TranslatedCommand
from venues.models import Space, Venue, VenueKind

PREFIX = "synthetic"
FIRST_DAY = datetime.date(2027, 6, 1)
NOTE = {
    "kk": "Жылдамдықты өлшеуге арналған жасанды жазба: нақты іс-шара емес.",
    "ru": "Искусственная запись для замеров скорости: не настоящее мероприятие.",
    "en": "A synthetic record for speed measurements: not a real event.",
}
# (kk, ru, en, category) of the session titles, cycled.
KINDS = [
    ("Концерт", "Концерт", "Concert", Category.CULTURE),
    ("Көрме", "Выставка", "Exhibition", Category.EXHIBITION),
    ("Шеберлік сыныбы", "Мастер-класс", "Master class", Category.EDUCATION),
    ("Дәріс", "Лекция", "Lecture", Category.EDUCATION),
    ("Дөңгелек үстел", "Круглый стол", "Round table", Category.BUSINESS),
    ("Дәрігердің кеңесі", "Консультация врача", "Doctor's consultation", Category.HEALTH),
    ("Фестиваль", "Фестиваль", "Festival", Category.FESTIVAL),
]
CITIES = [
    ("Өскемен", "Усть-Каменогорск", "Oskemen"),
    ("Семей", "Семей", "Semey"),
    ("Риддер", "Риддер", "Ridder"),
    ("Зайсан", "Зайсан", "Zaisan"),
    ("Алтай", "Алтай", "Altai"),
]
ROLES = [Role.PERFORMER, Role.SPEAKER, Role.HOST, Role.PARTICIPANT]
BATCH = 500


def _three(field: str, kk: str, ru: str, en: str) -> dict:
    return {f"{field}_kk": kk, f"{field}_ru": ru, f"{field}_en": en}


def _note(field: str) -> dict:
    return _three(field, NOTE["kk"], NOTE["ru"], NOTE["en"])


class Command(TranslatedCommand):
    help = _(
        "Benchmarks only: build a synthetic programme in kk, ru and en (30 days, 6,000 sessions, 600 spaces "
        "in 200 venues, 2,000 people and 100 exhibits by default). Refuses a database that has any content "
        "unless --alongside-data is given. Never run it on the real site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help=_("Number of days (30)."))
        parser.add_argument("--sessions", type=int, default=6000, help=_("Number of sessions (6,000)."))
        parser.add_argument("--venues", type=int, default=200, help=_("Number of venues (200)."))
        parser.add_argument(
            "--spaces", type=int, default=600, help=_("Number of spaces, spread over the venues (600).")
        )
        parser.add_argument("--people", type=int, default=2000, help=_("Number of people and groups (2,000)."))
        parser.add_argument("--exhibits", type=int, default=100, help=_("Number of photo exhibits (100)."))
        parser.add_argument(
            "--slug", default=f"{PREFIX}-programme", help=_("The programme's slug; it must start with 'synthetic-'.")
        )
        parser.add_argument(
            "--alongside-data",
            action="store_true",
            help=_("Add the synthetic programme to a database that already has content (a copy, never the real site)."),
        )

    def handle(self, *args, **options):
        """Check the sizes and the database, then write everything in one transaction with bulk_create."""
        sizes = {name: options[name] for name in ("days", "sessions", "venues", "spaces", "people", "exhibits")}
        if min(sizes.values()) < 1:
            raise CommandError("Every size must be at least 1.")
        if sizes["spaces"] < sizes["venues"]:
            raise CommandError("Give at least one space per venue (--spaces >= --venues).")
        if sizes["exhibits"] > sizes["sessions"]:
            raise CommandError("Each exhibit is shown by one session: --exhibits cannot exceed --sessions.")
        slug = options["slug"]
        if not slug.startswith(f"{PREFIX}-"):
            raise CommandError(f"The slug must start with '{PREFIX}-', so the records are known as synthetic.")
        content = site_content()
        if content and not options["alongside_data"]:
            raise CommandError(
                f"This database has content ({describe_content(content)}). The synthetic programme is for an empty "
                "benchmark database; give --alongside-data to add it to a copy anyway."
            )
        if Programme.objects.filter(slug=slug).exists():
            raise CommandError(f"A programme '{slug}' exists already; use another --slug or a fresh database.")
        with transaction.atomic():
            counts = build(slug=slug, **sizes)
            note_content_change()
        self.stdout.write(
            f"Synthetic programme '{slug}': "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
            + ". For benchmarks only."
        )


def build(*, slug: str, days: int, sessions: int, venues: int, spaces: int, people: int, exhibits: int) -> dict:
    """Write the synthetic programme with bulk_create; return what was made, by name."""
    tag = slug.removeprefix(f"{PREFIX}-")
    programme = Programme.objects.create(
        slug=slug,
        is_published=True,
        **_three(
            "title",
            "Жасанды бағдарлама (өлшеуге арналған)",
            "Синтетическая программа (для замеров)",
            "Synthetic programme (for measurements)",
        ),
        **_three(
            "summary",
            "Жылдамдықты өлшеуге арналған жасанды бағдарлама.",
            "Искусственная программа для замеров скорости.",
            "A made-up programme for speed measurements.",
        ),
        **_note("description"),
        **_three("city", *CITIES[0]),
    )
    day_rows = Day.objects.bulk_create(
        [Day(programme=programme, date=FIRST_DAY + datetime.timedelta(days=n)) for n in range(days)]
    )

    venue_rows = Venue.objects.bulk_create(
        [
            Venue(
                slug=f"{PREFIX}-{tag}-venue-{n:04d}",
                kind=[VenueKind.PALACE, VenueKind.SCHOOL, VenueKind.BUSINESS, VenueKind.MEDICAL][n % 4],
                **_three("name", f"Жасанды алаң № {n}", f"Синтетическая площадка № {n}", f"Synthetic venue No. {n}"),
                **_three("city", *CITIES[n % len(CITIES)]),
                **_three("address", f"Абай даңғылы, {n}", f"проспект Абая, {n}", f"{n} Abai Avenue"),
                **_note("description"),
            )
            for n in range(1, venues + 1)
        ],
        batch_size=BATCH,
    )
    space_rows = Space.objects.bulk_create(
        [
            Space(
                venue=venue_rows[n % venues],
                slug=f"hall-{n // venues + 1}",
                **_three("name", f"{n // venues + 1}-зал", f"Зал {n // venues + 1}", f"Hall {n // venues + 1}"),
                capacity=100 + (n % 7) * 50,
            )
            for n in range(spaces)
        ],
        batch_size=BATCH,
    )

    groups = max(1, people // 20)
    person_rows = Person.objects.bulk_create(
        [
            Person(
                slug=f"{PREFIX}-{tag}-person-{n:05d}",
                kind=PersonKind.GROUP if n < groups else PersonKind.PERSON,
                **(
                    _three(
                        "name", f"Жасанды ансамбль № {n}", f"Синтетический ансамбль № {n}", f"Synthetic ensemble {n}"
                    )
                    if n < groups
                    else _three("name", f"Жасанды адам № {n}", f"Синтетический человек № {n}", f"Synthetic person {n}")
                ),
                **_note("description"),
            )
            for n in range(people)
        ],
        batch_size=BATCH,
    )
    # Every tenth person belongs to a group, as members of an ensemble do.
    members = person_rows[groups::10]
    for n, person in enumerate(members):
        person.affiliation = person_rows[n % groups]
    Person.objects.bulk_update(members, ["affiliation"], batch_size=BATCH)

    exhibit_rows = Exhibit.objects.bulk_create(
        [
            Exhibit(
                slug=f"{PREFIX}-{tag}-exhibit-{n:04d}",
                is_published=True,
                **_three("title", f"Жасанды көрме № {n}", f"Синтетическая выставка № {n}", f"Synthetic exhibit {n}"),
                **_note("description"),
                institution=person_rows[n % groups] if n % 3 == 0 else None,
            )
            for n in range(exhibits)
        ],
        batch_size=BATCH,
    )
    ExhibitPhotographer.objects.bulk_create(
        [
            ExhibitPhotographer(
                exhibit=exhibit, person=person_rows[groups + (n * 2 + k) % (people - groups or 1)], order=k
            )
            for n, exhibit in enumerate(exhibit_rows)
            for k in range(2)
            if people > groups
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )

    topic_rows = Topic.objects.bulk_create(
        [
            Topic(
                slug=f"{PREFIX}-{tag}-topic-{n:03d}",
                kind=[TopicKind.SPECIALTY, TopicKind.MASTER_CLASS, TopicKind.ACTIVITY][n % 3],
                **_three("name", f"Жасанды тақырып № {n}", f"Синтетическая тема № {n}", f"Synthetic topic {n}"),
            )
            for n in range(30)
        ]
    )

    session_rows = Session.objects.bulk_create(
        (
            _session(n, tag=tag, days=day_rows, spaces=space_rows, exhibits=exhibit_rows, total=sessions)
            for n in range(sessions)
        ),
        batch_size=BATCH,
    )
    appearances = (
        SessionPerson(
            session=session,
            person=person_rows[(n * 3 + k * 7) % people],
            role=ROLES[(n + k) % len(ROLES)],
            order=k,
        )
        for n, session in enumerate(session_rows)
        for k in range(1 + n % 3)
    )
    SessionPerson.objects.bulk_create(appearances, batch_size=BATCH, ignore_conflicts=True)
    SessionTopic.objects.bulk_create(
        (
            SessionTopic(session=session, topic=topic_rows[(n + k) % len(topic_rows)], order=k)
            for n, session in enumerate(session_rows)
            if n % 5 == 0
            for k in range(2)
        ),
        batch_size=BATCH,
    )
    return {
        "days": days,
        "sessions": sessions,
        "venues": venues,
        "spaces": spaces,
        "people": people,
        "exhibits": exhibits,
        "appearances": SessionPerson.objects.filter(session__day__programme=programme).count(),
    }


def _session(n: int, *, tag: str, days: list, spaces: list, exhibits: list, total: int) -> Session:
    """The ``n``-th session: days in turn, half-hour starts from 09:00, an hour long, each space once a day.

    When a day has more sessions than there are spaces, the extra ones run
    alongside (``takes_space`` off), so no two hold one space at one time.
    """
    day = days[n % len(days)]
    in_day = n // len(days)
    kk, ru, en, category = KINDS[n % len(KINDS)]
    all_day = n % 50 == 7
    start = None if all_day else datetime.time(9 + (in_day % 24) // 2, 30 * (in_day % 2))
    end = None if all_day or n % 40 == 3 else datetime.time(start.hour + 1, start.minute)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    cancelled = n % 97 == 5
    exhibit_every = max(1, total // len(exhibits))
    exhibit = exhibits[n // exhibit_every] if n % exhibit_every == 0 and n // exhibit_every < len(exhibits) else None
    return Session(
        day=day,
        slug=f"{PREFIX}-{tag}-session-{n:05d}",
        **_three("title", f"{kk} № {n}", f"{ru} № {n}", f"{en} No. {n}"),
        **_note("description"),
        category=Category.EXHIBITION if exhibit else category,
        status=Status.CANCELLED if cancelled else Status.SCHEDULED,
        **(
            _three("status_note", "Ұйымдастырушы тоқтатты.", "Отменено организатором.", "Cancelled by the organiser.")
            if cancelled
            else {}
        ),
        is_published=True,
        start_time=start,
        end_time=end,
        starts_at=datetime.datetime.combine(day.date, start, tzinfo=zone) if start else None,
        ends_at=datetime.datetime.combine(day.date, end, tzinfo=zone) if end else None,
        space=spaces[(in_day + n % len(days) * 7) % len(spaces)],
        takes_space=in_day < len(spaces),
        exhibit=exhibit,
    )
