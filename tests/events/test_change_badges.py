"""Changes where residents look: badges on cards, session pages and calendars; the strip; the header link."""

import datetime
import re
import shutil
import zoneinfo
from unittest import mock

import icalendar
import pytest
from django.utils import timezone

from events.changelog import badge_etag, badge_moment
from events.models import Change, ChangeKind, Status
from tests.events.test_ical import khal_listing
from tests.factories import make_day, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
PROGRAMME = "/{lang}/programmes/days-of-almaty/"
SESSION = "/{lang}/sessions/gala/"
# What a badge says, in each language.
MOVED = {"kk": "Ауыстырылды, бұрын: 18:00–20:00", "ru": "Перенесено, было: 18:00–20:00", "en": "Moved, was 18:00–20:00"}
NEW = {"kk": "Жаңа", "ru": "Новое", "en": "New"}
CANCELLED = {"kk": "Болдырылмады", "ru": "Отменено", "en": "Cancelled"}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def badges(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<p class="change-badge change-badge--\w+"><strong>([^<]*)</strong></p>', html)


def at(moment: datetime.datetime):
    """Fix the clock the views and the badge window read."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def programme():
    programme = make_programme(slug="days-of-almaty", title_en="Days of Almaty")
    make_day(programme=programme, date=datetime.date(2025, 10, 9))
    return programme


@pytest.fixture
def gala(programme):
    """The gala concert, in the programme before it was published: no "new" badge."""
    programme.is_published = False
    programme.save()
    gala = make_session(
        day=programme.days.get(),
        slug="gala",
        title_en="Gala concert",
        title_ru="Гала-концерт",
        title_kk="Гала-концерт",
        start="18:00",
        end="20:00",
    )
    programme.is_published = True
    programme.save()
    return gala


def move(session, start: str, end: str) -> None:
    session.start_time = datetime.time.fromisoformat(start)
    session.end_time = datetime.time.fromisoformat(end)
    session.save()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_moved_session_says_it_moved_and_when_it_was_on_card_and_page(client, gala, lang):
    move(gala, "18:30", "20:30")

    card = client.get(PROGRAMME.format(lang=lang))
    page = client.get(SESSION.format(lang=lang))

    assert badges(card) == [MOVED[lang]]
    assert badges(page) == [MOVED[lang]]
    assert "18:30" in text_of(page)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_session_added_after_publishing_is_new_and_a_cancelled_one_says_so(client, gala, lang):
    make_session(day=gala.day, slug="film", title_en="Film night", start="21:00")
    gala.status = Status.CANCELLED
    gala.save()

    shown = badges(client.get(PROGRAMME.format(lang=lang)))

    assert shown == [CANCELLED[lang], NEW[lang]]


def test_a_move_to_another_day_names_the_day_it_was(client, gala):
    gala.day = make_day(programme=gala.day.programme, date=datetime.date(2025, 10, 10))
    gala.save()

    assert badges(client.get(SESSION.format(lang="en"))) == ["Moved, was 9 October, 18:00–20:00"]
    assert badges(client.get(SESSION.format(lang="ru"))) == ["Перенесено, было: 9 октября, 18:00–20:00"]


def test_a_new_place_names_the_old_one(client, gala):
    gala.space = make_space(venue=make_venue(name_en="Palace of Culture"), name_en="Great hall")
    gala.save()
    gala.space = make_space(venue=make_venue(name_en="Drama theatre"), name_en="Small hall")
    gala.save()

    assert badges(client.get(SESSION.format(lang="en"))) == ["New place, was Palace of Culture, Great hall"]


def test_a_session_back_on_after_a_cancellation_has_no_badge(client, gala):
    gala.status = Status.CANCELLED
    gala.save()
    gala.status = Status.SCHEDULED
    gala.save()

    assert badges(client.get(SESSION.format(lang="en"))) == []


def test_badges_last_change_badge_days_whole_days_then_go(client, gala, settings):
    settings.CHANGE_BADGE_DAYS = 2
    move(gala, "18:30", "20:30")
    Change.objects.filter(session=gala).update(created_at=datetime.datetime(2025, 10, 1, 23, 30, tzinfo=ALMATY))

    with at(datetime.datetime(2025, 10, 2, 23, 59, tzinfo=ALMATY)):
        on_the_second_day = badges(client.get(SESSION.format(lang="en")))
    with at(datetime.datetime(2025, 10, 3, 0, 0, tzinfo=ALMATY)):
        on_the_third_day = badges(client.get(SESSION.format(lang="en")))

    assert on_the_second_day == ["Moved, was 18:00–20:00"]
    assert on_the_third_day == []


def test_no_badges_when_the_setting_is_zero(client, gala, settings):
    settings.CHANGE_BADGE_DAYS = 0
    move(gala, "18:30", "20:30")

    assert badges(client.get(SESSION.format(lang="en"))) == []


def test_the_page_etag_moves_on_at_midnight_without_a_save(rf, gala):
    request = rf.get("/en/")
    with at(datetime.datetime(2025, 10, 2, 23, 59, tzinfo=ALMATY)):
        before_midnight = badge_etag(request)
    with at(datetime.datetime(2025, 10, 3, 0, 1, tzinfo=ALMATY)):
        after_midnight = badge_etag(request)

    assert before_midnight != after_midnight


def test_a_calendars_last_modified_is_the_midnight_its_last_badge_left(settings):
    settings.CHANGE_BADGE_DAYS = 3
    changed = datetime.datetime(2025, 10, 1, 15, 0, tzinfo=ALMATY)

    with at(datetime.datetime(2025, 10, 1, 16, 0, tzinfo=ALMATY)):
        same_day = badge_moment(changed)
    with at(datetime.datetime(2025, 10, 2, 9, 0, tzinfo=ALMATY)):
        next_day = badge_moment(changed)
    with at(datetime.datetime(2025, 12, 1, 9, 0, tzinfo=ALMATY)):
        long_after = badge_moment(changed)

    assert same_day == changed
    assert next_day == datetime.datetime(2025, 10, 2, 0, 0, tzinfo=ALMATY)
    assert long_after == datetime.datetime(2025, 10, 4, 0, 0, tzinfo=ALMATY)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_calendar_leads_a_moved_session_with_its_badge(client, gala, lang):
    move(gala, "18:30", "20:30")

    calendar = icalendar.Calendar.from_ical(client.get(f"/{lang}/programmes/days-of-almaty/calendar.ics").content)

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"[{MOVED[lang]}] {gala.title_en if lang == 'en' else gala.title_ru}"
    # After the day and times in words, the badge.
    assert str(event["DESCRIPTION"]).split("\n\n")[1].startswith(MOVED[lang])
    assert event.decoded("DTSTART").hour == 18 and event.decoded("DTSTART").minute == 30


def test_a_new_session_is_new_in_the_description_only(client, gala):
    make_session(day=gala.day, slug="film", title_en="Film night", start="21:00")

    calendar = icalendar.Calendar.from_ical(client.get("/en/programmes/days-of-almaty/calendar.ics").content)

    film = next(event for event in calendar.walk("VEVENT") if "film" in str(event["UID"]))
    assert str(film["SUMMARY"]) == "Film night"
    assert str(film["DESCRIPTION"]).split("\n\n")[1] == "New"


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt-get install khal)")
def test_khal_shows_the_moved_badge_at_the_new_time(client, gala, tmp_path):
    move(gala, "18:30", "20:30")

    ics = client.get("/en/programmes/days-of-almaty/calendar.ics").content

    assert "18:30 [Moved, was 18:00–20:00] Gala concert" in khal_listing(ics, tmp_path, "2025-10-09")


# The "since yesterday" strip and the header link ---------------------------------------------


def test_the_programme_page_lists_what_changed_since_yesterday(client, gala):
    old = make_session(day=gala.day, slug="old", title_en="Old news", start="10:00")
    Change.objects.filter(session=old).update(created_at=timezone.now() - datetime.timedelta(days=3))
    move(gala, "18:30", "20:30")

    text = text_of(client.get(PROGRAMME.format(lang="en")))

    strip = text.split("Changed since yesterday")[1].split("What has changed")[0]
    assert "Moved : Gala concert — 9 October 2025, 18:00–20:00 → 9 October 2025, 18:30–20:30" in strip
    assert "Old news" not in strip


def test_the_strip_is_in_each_language_and_absent_without_changes(client, gala):
    assert "recent-changes" not in client.get(PROGRAMME.format(lang="en")).content.decode()

    move(gala, "18:30", "20:30")

    assert "Кешеден бері не өзгерді" in text_of(client.get(PROGRAMME.format(lang="kk")))
    assert "Что изменилось со вчерашнего дня" in text_of(client.get(PROGRAMME.format(lang="ru")))


def test_the_header_links_the_change_log_during_the_event_only(client, gala):
    link = '<li><a href="/en/programmes/days-of-almaty/changes/">What has changed</a></li>'

    with at(datetime.datetime(2025, 10, 9, 12, 0, tzinfo=ALMATY)):
        during = client.get(PROGRAMME.format(lang="en")).content.decode()
        now_page = client.get("/en/programmes/days-of-almaty/now/").content.decode()
        home = client.get("/en/").content.decode()
        session_page = client.get(SESSION.format(lang="en")).content.decode()
    with at(datetime.datetime(2025, 10, 12, 12, 0, tzinfo=ALMATY)):
        after = client.get(PROGRAMME.format(lang="en")).content.decode()

    header = during.split("</header>")[0]
    assert link in header
    assert link in now_page.split("</header>")[0]
    assert link in home.split("</header>")[0]
    assert link in session_page.split("</header>")[0]
    assert link not in after


@pytest.mark.parametrize("n", [1, 3])
def test_badges_cost_no_query_per_card(client, django_assert_num_queries, gala, n):
    for i in range(n):
        session = make_session(day=gala.day, slug=f"s{i}", start=f"1{i}:00")
        move(session, f"1{i}:30", f"1{i}:45")

    # 6 queries, as without badges: revision, programme, days, changes since
    # yesterday, sessions (with their recent change as subqueries), people.
    with django_assert_num_queries(6):
        response = client.get(PROGRAMME.format(lang="en"))

    assert len(badges(response)) == n


def test_a_change_logged_for_another_session_badges_only_its_own(client, gala):
    other = make_session(day=gala.day, slug="film", title_en="Film night", start="21:00")
    Change.objects.filter(session=other).update(kind=ChangeKind.MOVED, before={})

    shown = badges(client.get(PROGRAMME.format(lang="en")))

    assert shown == ["Moved"]


def test_the_strip_shows_the_newest_changes_and_leads_to_the_rest(client, gala):
    for minute in range(9):
        move(gala, f"18:{minute + 1:02d}", "20:30")

    html = client.get(PROGRAMME.format(lang="en")).content.decode()

    strip = html.split('<section class="recent-changes"')[1].split("</section>")[0]
    assert strip.count("<li>") == 8
    assert "<ins>9 October 2025, 18:09–20:30</ins>" in strip
    assert '<a href="/en/programmes/days-of-almaty/changes/">All changes</a>' in strip


def test_the_grid_and_the_search_results_carry_the_badge_too(client, gala):
    # A resident meets the move wherever the session is listed.
    move(gala, "18:30", "20:30")
    grid = client.get("/en/programmes/days-of-almaty/grid/").content.decode()
    found = client.get("/en/search/?q=gala").content.decode()

    for html in (grid, found):
        assert "Moved, was 18:00–20:00" in html
