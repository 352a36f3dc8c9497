"""Schedule releases: a programme whose edits stay a draft until an organiser publishes a version."""

import datetime
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from events import releases, services
from events.models import Change, ChangeKind, Day, Programme, Release, Session, SessionPerson, Status
from tests.events.test_admin import day_form_data
from tests.factories import make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text, without the "since yesterday" strip, which names changed sessions on purpose."""
    html = re.sub(r'<section class="recent-changes".*?</section>', "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def hall():
    return make_space(
        venue=make_venue(slug="opera", name_en="Opera house", name_ru="Театр оперы", name_kk="Опера театры")
    )


@pytest.fixture
def programme():
    return make_programme(slug="days", publishes_on_release=True)


@pytest.fixture
def day(programme):
    return make_day(programme=programme, date=datetime.date(2025, 10, 9))


@pytest.fixture
def gala(day, hall):
    session = make_session(day=day, space=hall, start="18:00", end="20:00", slug="gala", title_en="Gala concert")
    releases.publish_release(programme=day.programme, name="first", note={"en": "The programme as announced."})
    return session


def reload(session: Session) -> Session:
    return Session.objects.select_related("day").get(pk=session.pk)


def edit(session: Session, **values) -> Session:
    session = reload(session)
    for name, value in values.items():
        setattr(session, name, value)
    session.save()
    return session


# Draft and release ------------------------------------------------------------------------------


def test_programmes_that_do_not_opt_in_publish_every_save(client):
    programme = make_programme(slug="live")
    session = make_session(day=make_day(programme=programme), start="10:00", title_en="Morning talk")

    edit(session, title_en="Evening talk")

    assert Programme._meta.get_field("publishes_on_release").default is False
    assert "Evening talk" in text_of(client.get("/en/programmes/live/"))


def test_until_the_first_release_every_save_is_public(client, day):
    make_session(day=day, start="10:00", title_en="Opening")

    assert "Opening" in text_of(client.get("/en/programmes/days/"))


def test_a_draft_edit_stays_private_until_the_release(client, gala, hall):
    other = make_space(venue=make_venue(slug="museum", name_en="Museum"))

    edit(gala, title_en="Gala evening", start_time=datetime.time(19, 0), end_time=datetime.time(21, 0), space=other)

    programme_page = text_of(client.get("/en/programmes/days/"))
    session_page = text_of(client.get("/en/sessions/gala/"))
    day_page = text_of(client.get("/en/programmes/days/2025-10-09/"))
    assert "Gala concert" in programme_page and "Gala evening" not in programme_page
    assert "18:00" in session_page and "19:00" not in session_page and "Opera house" in session_page
    assert "Gala concert" in day_page
    assert client.get("/en/venues/museum/").status_code == 404
    assert "Gala concert" in text_of(client.get("/en/venues/opera/"))
    assert "Gala concert" in text_of(client.get("/en/search/?q=gala"))
    assert "Gala evening" not in text_of(client.get("/en/search/?q=evening"))
    assert b"DTSTART;TZID=Asia/Almaty:20251009T180000" in client.get("/en/sessions/gala/calendar.ics").content
    # The draft is not in the change log: only the session's addition, public before the first release.
    assert list(Change.objects.values_list("kind", flat=True)) == [ChangeKind.ADDED]

    releases.publish_release(programme=gala.day.programme)

    session_page = text_of(client.get("/en/sessions/gala/"))
    assert "Gala evening" in session_page and "19:00" in session_page and "Museum" in session_page
    assert client.get("/en/venues/museum/").status_code == 200
    assert "Gala evening" in text_of(client.get("/en/search/?q=evening"))


def test_a_new_session_and_an_unpublished_one_wait_for_the_release(client, gala, day):
    day.programme.refresh_from_db()  # as the admin loads it: with the release the gala fixture published
    make_session(day=day, start="10:00", title_en="Open lesson", slug="lesson")
    edit(gala, is_published=False)

    page = text_of(client.get("/en/programmes/days/"))
    assert "Open lesson" not in page and "Gala concert" in page
    assert client.get("/en/sessions/lesson/").status_code == 404

    releases.publish_release(programme=day.programme)

    page = text_of(client.get("/en/programmes/days/"))
    assert "Open lesson" in page and "Gala concert" not in page
    assert client.get("/en/sessions/gala/").status_code == 404


def test_a_new_day_and_a_days_new_date_wait_for_the_release(client, gala, programme, day):
    make_day(programme=programme, date=datetime.date(2025, 10, 11), title_en="Closing day")
    day.refresh_from_db()
    day.date = datetime.date(2025, 10, 10)
    day.save()

    assert client.get("/en/programmes/days/2025-10-09/").status_code == 200
    assert client.get("/en/programmes/days/2025-10-10/").status_code == 404
    assert "Closing day" not in text_of(client.get("/en/programmes/days/"))

    releases.publish_release(programme=programme)

    assert client.get("/en/programmes/days/2025-10-09/").status_code == 404
    assert "Gala concert" in text_of(client.get("/en/programmes/days/2025-10-10/"))
    assert "Closing day" in text_of(client.get("/en/programmes/days/"))


def test_the_person_page_shows_the_released_session(client, gala):
    person = make_person(slug="singer", name_en="A singer")
    SessionPerson.objects.create(session=gala, person=person)
    edit(gala, title_en="Renamed in the draft")

    page = text_of(client.get("/en/people/singer/"))

    assert "Gala concert" in page and "Renamed in the draft" not in page


def test_releasing_keeps_the_draft_as_it_is(gala):
    edit(gala, title_en="Gala evening", status=Status.CANCELLED)
    version = reload(gala).version

    releases.publish_release(programme=gala.day.programme)

    stored = reload(gala)
    assert (stored.title_en, stored.status, stored.version) == ("Gala evening", Status.CANCELLED, version)


# What changed -----------------------------------------------------------------------------------


def test_a_release_logs_what_changed_since_the_previous_one(gala, day, hall):
    lesson = make_session(day=day, start="10:00", end="11:00", slug="lesson", title_en="Open lesson")
    releases.publish_release(programme=day.programme)
    added = make_session(day=day, start="12:00", slug="fair", title_en="Craft fair")
    edit(gala, start_time=datetime.time(19, 0), end_time=datetime.time(21, 0))
    edit(lesson, title_en="Open lessons")
    edit(added)  # saved twice in the draft: still one change

    release = releases.publish_release(programme=day.programme, name="final")

    changes = {(c.kind, c.session_title["en"]): c for c in Change.objects.filter(release=release)}
    assert set(changes) == {
        (ChangeKind.ADDED, "Craft fair"),
        (ChangeKind.MOVED, "Gala concert"),
        (ChangeKind.CHANGED, "Open lessons"),
    }
    moved = changes[(ChangeKind.MOVED, "Gala concert")]
    assert (moved.before["when"]["start"], moved.after["when"]["start"]) == ("18:00", "19:00")
    assert changes[(ChangeKind.CHANGED, "Open lessons")].before == {"title": lesson.change_snapshot("title")}


def test_cancelling_and_removing_are_logged_by_the_release(gala, day):
    lesson = make_session(day=day, start="10:00", slug="lesson", title_en="Open lesson")
    releases.publish_release(programme=day.programme)
    edit(gala, status=Status.CANCELLED, status_note_en="The hall is closed.")
    edit(lesson, is_published=False)

    release = releases.publish_release(programme=day.programme)

    assert sorted(Change.objects.filter(release=release).values_list("kind", flat=True)) == [
        ChangeKind.CANCELLED,
        ChangeKind.REMOVED,
    ]


def test_the_pages_show_the_version_and_what_it_changed(client, gala):
    edit(gala, status=Status.CANCELLED)
    releases.publish_release(
        programme=gala.day.programme,
        name="final",
        note={"kk": "Гала-концерт болмайды.", "ru": "Гала-концерт отменён.", "en": "The gala is cancelled."},
    )

    programme_page = text_of(client.get("/en/programmes/days/"))
    release_page = text_of(client.get("/en/programmes/days/releases/2/"))
    first_page = text_of(client.get("/ru/programmes/days/releases/1/"))
    changes_page = text_of(client.get("/en/programmes/days/changes/"))
    assert "Version 2 (final)" in programme_page and "The gala is cancelled." in programme_page
    assert "This is the version residents see now." in release_page
    assert "Cancelled : Gala concert" in release_page and "Status Scheduled → Cancelled" in release_page
    assert "Версия 1 (first)" in first_page and "С тех пор опубликована более новая версия." in first_page
    assert "Cancelled : Gala concert ( Version 2 (final) )" in changes_page
    assert "Гала-концерт болмайды." in text_of(client.get("/kk/programmes/days/"))


def test_the_feed_has_each_release_and_the_changes_it_published(client, gala):
    edit(gala, title_en="Gala evening")
    releases.publish_release(programme=gala.day.programme, name="final", note={"en": "New title."})

    feed = ET.fromstring(client.get("/en/programmes/days/changes.atom").content)

    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert "Published: Version 2 (final)" in titles
    assert "Version 2 (final) · Changed: Gala evening" in titles
    assert "Published: Version 1 (first)" in titles
    summary = next(
        e.findtext(f"{atom}summary")
        for e in feed.iter(f"{atom}entry")
        if "Published: Version 2" in e.findtext(f"{atom}title")
    )
    assert summary == "New title."


def test_the_frab_version_is_the_release(client, gala):
    edit(gala, title_en="Gala evening")
    releases.publish_release(programme=gala.day.programme, name="final")

    root = ET.fromstring(client.get("/en/programmes/days/schedule.xml").content)

    assert root.findtext("version") == "2 (final)"
    assert [event.findtext("title") for event in root.iter("event")] == ["Gala evening"]


def test_a_release_page_of_another_programme_or_number_is_a_404(client, gala):
    make_programme(slug="other")

    assert client.get("/en/programmes/other/releases/1/").status_code == 404
    assert client.get("/ru/programmes/days/releases/9/").status_code == 404


# Safety -----------------------------------------------------------------------------------------


def test_two_releases_cannot_share_a_number(gala):
    programme = gala.day.programme

    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(programme=programme, number=1)


def test_a_release_from_a_stale_copy_of_the_programme_gets_the_next_number(gala):
    stale = Programme.objects.get(pk=gala.day.programme_id)
    releases.publish_release(programme=gala.day.programme)

    release = releases.publish_release(programme=stale)

    assert list(Release.objects.filter(programme=stale).values_list("number", flat=True)) == [3, 2, 1]
    assert release.number == 3


def test_a_preview_outdated_by_a_later_edit_publishes_nothing(gala):
    programme = gala.day.programme
    expected = releases.fingerprint(programme, releases.pending_changes(programme))
    edit(gala, title_en="Changed after the preview")

    with pytest.raises(releases.ReleaseOutdated):
        releases.publish_release(programme=programme, expected=expected)

    assert Release.objects.filter(programme=programme).count() == 1


# Query counts -----------------------------------------------------------------------------------


def released_programme(n: int) -> Programme:
    programme = make_programme(slug="counted", publishes_on_release=True)
    day = make_day(programme=programme)
    space = make_space()
    for i in range(n):
        session = make_session(day=day, space=space, start=f"1{i}:00", slug=f"s{i}")
        SessionPerson.objects.create(session=session, person=make_person())
    releases.publish_release(programme=programme)
    for session in Session.objects.filter(day=day):
        edit(session, title_en=f"{session.title_en} (draft)")
    releases.publish_release(programme=programme, name="second")
    return programme


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # revision, programme with its release, released days, sessions, people, the "since yesterday" strip
        ("/en/programmes/counted/", 6),
        # revision, programme with its release, released days, sessions, people
        ("/en/programmes/counted/2025-10-09/", 5),
        # revision, release with its programme, its changes, the programme's releases
        ("/en/programmes/counted/releases/2/", 4),
        # Last-Modified (twice), programme, changes, releases
        ("/en/programmes/counted/changes.atom", 4),
        # Last-Modified, programme with its release, sessions, people
        ("/en/programmes/counted/schedule.xml", 4),
        # revision, session, people, honours, topics
        ("/en/sessions/s0/", 5),
    ],
)
def test_release_mode_pages_query_count_does_not_grow(client, django_assert_num_queries, n, url, queries):
    released_programme(n)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


# The admin --------------------------------------------------------------------------------------


def test_the_release_page_previews_the_changes_and_publishes_with_a_note(organiser_client, gala):
    edit(gala, title_en="Gala evening")
    url = reverse("admin:events_programme_release", args=[gala.day.programme_id])

    preview = organiser_client.get(url)
    expected = preview.context["form"]["expected"].value()
    response = organiser_client.post(
        url,
        {
            "name": "final",
            "note_kk": "Жаңа атау.",
            "note_ru": "Новое название.",
            "note_en": "New title.",
            "expected": expected,
        },
    )

    assert "Changed" in text_of(preview) and "Gala concert → Gala evening" in text_of(preview)
    assert 'value="Publish version 2"' in preview.content.decode()
    assert response.status_code == 302
    release = Release.objects.get(programme=gala.day.programme, number=2)
    assert (release.name, release.note_kk, release.note_en, release.released_by.username) == (
        "final",
        "Жаңа атау.",
        "New title.",
        "admin",
    )


def test_the_release_page_refuses_a_release_that_changed_after_the_preview(organiser_client, gala):
    url = reverse("admin:events_programme_release", args=[gala.day.programme_id])
    expected = organiser_client.get(url).context["form"]["expected"].value()
    edit(gala, title_en="Gala evening")

    response = organiser_client.post(url, {"name": "", "note_en": "", "expected": expected})

    assert "nothing was published" in text_of(response)
    assert "Gala concert → Gala evening" in text_of(response)
    assert Release.objects.filter(programme=gala.day.programme).count() == 1


def test_the_release_page_speaks_kazakh(organiser_client, gala):
    organiser_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"

    page = text_of(organiser_client.get(reverse("admin:events_programme_release", args=[gala.day.programme_id])))

    assert "Тұрғындар үшін не өзгереді" in page


def test_outsiders_and_translators_cannot_release(client, django_user_model, gala):
    url = reverse("admin:events_programme_release", args=[gala.day.programme_id])
    user = django_user_model.objects.create_user("translator", is_staff=True)
    user.groups.add(Group.objects.get(name="Translator"))
    client.force_login(user)

    assert client.get(url).status_code == 403
    assert client.post(url, {"expected": "x"}).status_code == 403
    assert Release.objects.filter(programme=gala.day.programme).count() == 1


def test_organisers_may_release(client, django_user_model, gala):
    user = django_user_model.objects.create_user("organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organiser"))
    client.force_login(user)

    response = client.get(reverse("admin:events_programme_release", args=[gala.day.programme_id]))

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_release_list_is_read_only_and_its_query_count_does_not_grow(organiser_client, django_assert_num_queries, n):
    for i in range(n):
        programme = make_programme(publishes_on_release=True)
        make_session(day=make_day(programme=programme), slug=f"s-{i}")
        releases.publish_release(programme=programme, name=f"v{i}")
    url = reverse("admin:events_release_changelist")
    organiser_client.get(url)

    # 8 queries: session, user, the programme filter's choices, two counts, the
    # releases with programme, user and change count, the date hierarchy's range and days.
    with django_assert_num_queries(8):
        response = organiser_client.get(url)

    assert "v0" in text_of(response)
    assert organiser_client.get(reverse("admin:events_release_add")).status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite runs one writer")
@pytest.mark.django_db(transaction=True)
def test_two_organisers_releasing_at_once_get_two_numbers():
    programme = make_programme(slug="busy", publishes_on_release=True)
    make_session(day=make_day(programme=programme), start="10:00")
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def release():
        try:
            barrier.wait(timeout=10)
            numbers.append(releases.publish_release(programme=programme).number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=release) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert Programme.objects.get(pk=programme.pk).current_release.number == 2


def test_the_home_page_dates_a_programme_by_its_release(client, gala, programme, day):
    day.refresh_from_db()
    day.date = datetime.date(2031, 5, 1)
    day.save()

    page = text_of(client.get("/en/"))

    assert "9 October 2025" in page and "2031" not in page


def test_the_programme_list_says_what_residents_see(organiser_client, gala):
    make_programme(slug="live", title_en="Live programme")

    page = text_of(organiser_client.get(reverse("admin:events_programme_changelist")))

    assert "Version 1 (first)" in page and "every save" in page
    assert "Publish a release" in text_of(
        organiser_client.get(reverse("admin:events_programme_change", args=[gala.day.programme_id]))
    )


def test_a_released_session_cannot_be_deleted_but_can_be_unpublished(organiser_client, gala, day):
    draft = make_session(day=day, start="10:00", slug="draft-only")
    delete_url = reverse("admin:events_session_delete", args=[gala.pk])

    page = organiser_client.get(delete_url)
    refused = organiser_client.post(delete_url, {"post": "yes"})
    organiser_client.post(reverse("admin:events_session_delete", args=[draft.pk]), {"post": "yes"})

    assert "Unpublish them instead: they leave at the next release." in text_of(page)
    assert refused.status_code == 403
    assert Session.objects.filter(pk=gala.pk).exists()
    assert not Session.objects.filter(pk=draft.pk).exists()


def test_a_day_with_released_sessions_cannot_be_deleted(organiser_client, gala, day):
    response = organiser_client.get(reverse("admin:events_day_delete", args=[day.pk]))

    assert "Unpublish them instead" in text_of(response)


def test_the_change_form_says_a_save_stays_a_draft(organiser_client, gala):
    page = text_of(organiser_client.get(reverse("admin:events_session_change", args=[gala.pk])))

    assert "Residents see Version 1 (first) of this programme: what you save here stays a draft" in page


def test_the_day_calendar_and_the_sitemap_follow_the_released_dates(client, gala, programme, day):
    make_day(programme=programme, date=datetime.date(2025, 10, 12))
    day.refresh_from_db()
    day.date = datetime.date(2025, 10, 10)
    day.save()

    sitemap = client.get("/sitemap.xml").content.decode()

    assert client.get("/en/programmes/days/2025-10-09/calendar.ics").status_code == 200
    assert client.get("/en/programmes/days/2025-10-10/calendar.ics").status_code == 404
    assert "/en/programmes/days/2025-10-09/" in sitemap
    assert "2025-10-10" not in sitemap and "2025-10-12" not in sitemap


def test_the_venue_list_counts_sessions_where_the_release_puts_them(client, gala):
    make_space(venue=make_venue(slug="museum", name_en="Museum"))
    museum_space = make_space(venue=make_venue(slug="gallery", name_en="Gallery"))
    edit(gala, space=museum_space)

    page = text_of(client.get("/en/venues/"))

    assert "Opera house" in page and "Gallery" not in page


def test_a_programme_with_releases_can_be_deleted_whole(gala):
    programme = gala.day.programme
    releases.publish_release(programme=programme)

    programme.delete()

    assert not Release.objects.exists() and not Session.objects.exists() and not Change.objects.exists()


def test_the_release_record_opens_read_only_in_the_admin(organiser_client, gala):
    release = Release.objects.get(programme=gala.day.programme)

    page = organiser_client.get(reverse("admin:events_release_change", args=[release.pk]))

    assert "The programme as announced." in text_of(page)
    assert 'name="_save"' not in page.content.decode()


def test_a_duplicate_of_a_released_session_is_a_draft(client, gala):
    (copy,) = services.duplicate_sessions(sessions=[gala])
    edit(copy, is_published=True, title_en="Second gala")

    assert copy.released_id is None
    assert "Second gala" not in text_of(client.get("/en/programmes/days/"))


def test_a_session_moved_to_another_programme_in_a_draft_stays_where_it_was_released(client, gala):
    elsewhere = make_day(programme=make_programme(slug="live"), date=datetime.date(2025, 11, 1))
    edit(gala, day=elsewhere)

    assert "Gala concert" in text_of(client.get("/en/programmes/days/"))
    assert "Gala concert" not in text_of(client.get("/en/programmes/live/"))
    assert "9 October 2025" in text_of(client.get("/en/sessions/gala/"))

    releases.publish_release(programme=gala.day.programme)

    assert "Gala concert" not in text_of(client.get("/en/programmes/days/"))
    assert "Gala concert" in text_of(client.get("/en/programmes/live/"))


def test_a_title_changed_only_in_another_language_says_which(client, gala):
    edit(gala, title_en="Gala evening")
    releases.publish_release(programme=gala.day.programme)

    page = client.get("/kk/programmes/days/releases/2/").content.decode()

    assert '<dd lang="en"><del>Gala concert</del> → <ins>Gala evening</ins></dd>' in page
    assert "<dt>Атауы (Ағылшын тілі)</dt>" in page


def test_the_day_form_refuses_to_delete_a_released_session(organiser_client, gala, day):
    url = reverse("admin:events_day_change", args=[day.pk])
    row = {"id": gala.pk, "start_time": "18:00", "end_time": "20:00", "title_en": "Gala concert", "DELETE": "on"}
    data = day_form_data(day, [row])
    data["version"] = str(Day.objects.get(pk=day.pk).version)

    response = organiser_client.post(url, data)

    assert "Unpublish them instead: they leave at the next release." in text_of(response)
    assert Session.objects.filter(pk=gala.pk).exists()


def test_control_characters_in_a_release_reach_no_export(client, gala):
    releases.publish_release(programme=gala.day.programme, name="fin\x0bal", note={"en": "Bad\x07 note"})

    schedule = client.get("/en/programmes/days/schedule.xml").content
    feed = client.get("/en/programmes/days/changes.atom").content

    assert ET.fromstring(schedule).findtext("version") == "2 (final)"
    assert b"Bad note" in feed and b"\x07" not in feed and b"\x0b" not in feed
