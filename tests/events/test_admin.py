import datetime

import pytest
from django.urls import reverse

from events.models import Category, DatePrecision, Session, SessionTopic, Topic, TopicKind
from sources.models import Source
from tests.factories import add_person, make_day, make_person, make_programme, make_session, make_space, make_venue

pytestmark = pytest.mark.django_db


def make_full_sessions(n: int) -> list[Session]:
    """``n`` sessions on ``n`` days of ``n`` programmes, each in its own space with a performer and a topic."""
    sessions = []
    for i in range(n):
        day = make_day(programme=make_programme(), date=datetime.date(2025, 10, 9 + i))
        session = make_session(day=day, start="10:00", end="12:30", space=make_space(), platform_number=i + 1)
        add_person(session, make_person())
        topic = Topic.objects.create(slug=f"topic-{session.pk}", kind=TopicKind.ACTIVITY, name_en=f"Topic {i}")
        SessionTopic.objects.create(session=session, topic=topic)
        Source.objects.create(key=f"source-{session.pk}", title_en=f"Source {i}", language="ru")
        sessions.append(session)
    return sessions


# Each changelist: the Django session, the user, the filtered and the full count,
# the rows (relations joined or annotated), then one query per list_filter over a
# relation and two for a date hierarchy (the date range, then the dates).
CHANGELISTS = [
    # + programme filter choices, date range, dates
    ("events_day", 8),
    # + programme, day, venue and space filter choices (spaces with their venues), date range, dates
    ("events_session", 11),
    # + programme filter choices
    ("events_sessionperson", 6),
    ("events_programme", 5),
    ("sources_source", 5),
    ("events_topic", 5),
    ("events_sessiontopic", 5),
]


@pytest.mark.parametrize(("model", "queries"), CHANGELISTS)
@pytest.mark.parametrize("n", [1, 3])
def test_changelist_query_count_does_not_grow(organiser_client, django_assert_num_queries, model, queries, n):
    make_full_sessions(n)

    with django_assert_num_queries(queries):
        response = organiser_client.get(reverse(f"admin:{model}_changelist"))

    assert response.context["cl"].result_count == n


def test_session_changelist_shows_title_times_place_and_platform(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space(venue=make_venue(name_en="Palace of Culture"), name_en="Great hall")
    make_session(day=day, start="10:00", end="12:30", space=space, title_en="Gala concert", platform_number=2)
    make_session(day=day, start="16:00", title_en="Master class", location_note_en="schools of Oskemen")
    make_session(day=day, title_en="Photo exhibition")

    response = organiser_client.get(reverse("admin:events_session_changelist"))

    html = response.content.decode()
    assert "Gala concert" in html
    assert "10:00–12:30" in html
    assert "Palace of Culture, Great hall" in html
    assert "No. 2" in html
    assert "from 16:00" in html
    assert "schools of Oskemen" in html
    assert "all day" in html


def test_session_search_finds_each_language(organiser_client):
    make_session(title_kk="Гала-концерт", title_ru="Гала-концерт рус", title_en="Gala concert")
    make_session(title_en="Lecture")
    url = reverse("admin:events_session_changelist")

    found = [organiser_client.get(url, {"q": q}).context["cl"].result_count for q in ("Гала-концерт", "рус", "Gala")]

    assert found == [1, 1, 1]


def test_day_changelist_shows_the_number_of_sessions(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9), title_en="Opening day")
    make_session(day=day)
    make_session(day=day)

    response = organiser_client.get(reverse("admin:events_day_changelist"))

    assert list(response.context["cl"].result_list.values_list("title_en", "session_count")) == [("Opening day", 2)]


def test_change_page_serves_jquery_ui_locally_with_language_tabs(organiser_client):
    session = make_session()

    response = organiser_client.get(reverse("admin:events_session_change", args=[session.pk]))

    html = response.content.decode()
    assert '<script src="/static/vendor/jquery-ui/jquery-ui.min.js">' in html
    assert "googleapis" not in html
    assert "tabbed_translation_fields.js" in html
    assert 'name="title_kk"' in html
    assert 'name="title_ru"' in html
    assert 'name="title_en"' in html


def test_change_page_links_to_the_page_on_the_site(organiser_client):
    session = make_session()

    response = organiser_client.get(reverse("admin:events_session_change", args=[session.pk]))

    assert reverse("admin:view_on_site", args=[response.context["content_type_id"], session.pk]) in (
        response.content.decode()
    )


def session_form_data(day, space, **overrides) -> dict:
    data = {
        "day": day.pk,
        "start_time": "11:00",
        "end_time": "12:00",
        "title_kk": "Дәріс",
        "title_ru": "Лекция",
        "title_en": "Lecture",
        "category": Category.EDUCATION,
        "status": "scheduled",
        "space": space.pk,
        "takes_space": "on",
        "original_language": "ru",
        "slug": "",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_session_that_clashes_shows_why_and_saves_nothing(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    make_session(day=day, space=space, start="10:00", end="12:30", title_en="Gala concert")

    response = organiser_client.post(reverse("admin:events_session_add"), session_form_data(day, space))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["space"] == [
        "This space is taken at that time by “Gala concert” (09.10.2025, 10:00–12:30). Choose another time "
        "or space, or untick “needs the space to itself” for an exhibition that runs alongside."
    ]
    assert "This space is taken at that time by" in response.content.decode()
    assert Session.objects.count() == 1


def test_adding_a_session_after_the_other_ends_saves_it_with_a_slug(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    make_session(day=day, space=space, start="10:00", end="12:30")

    response = organiser_client.post(
        reverse("admin:events_session_add"), session_form_data(day, space, start_time="12:30", end_time="13:00")
    )

    assert response.status_code == 302
    assert Session.objects.get(title_en="Lecture").slug == "lecture"


def day_form_data(day, sessions: list[dict]) -> dict:
    data = {
        "programme": day.programme_id,
        "date": day.date.isoformat(),
        "date_precision": "day",
        "title_kk": "",
        "title_ru": "",
        "title_en": "",
        "sessions-TOTAL_FORMS": str(len(sessions)),
        "sessions-INITIAL_FORMS": str(sum(1 for s in sessions if s.get("id"))),
    }
    for i, session in enumerate(sessions):
        fields = {
            "title_kk": "Атауы",
            "title_ru": "",
            "status": "scheduled",
            "category": Category.CULTURE,
            "day": day.pk,
            **session,
        }
        data.update({f"sessions-{i}-{key}": value for key, value in fields.items()})
    return data


def test_day_inline_does_not_bypass_the_clash_check(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    make_session(day=day, space=space, start="10:00", end="12:30", title_en="Gala concert")
    existing = Session.objects.get()
    url = reverse("admin:events_day_change", args=[day.pk])
    rows = [
        {"id": existing.pk, "start_time": "10:00", "end_time": "12:30", "title_en": "Gala concert", "space": space.pk},
        {"start_time": "11:00", "end_time": "12:00", "title_en": "Lecture", "space": space.pk},
    ]

    response = organiser_client.post(url, day_form_data(day, rows))

    assert response.status_code == 200
    assert "This space is taken at that time by “Gala concert”" in response.content.decode()
    assert Session.objects.count() == 1


def test_day_inline_checks_two_new_sessions_against_each_other(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    url = reverse("admin:events_day_change", args=[day.pk])
    rows = [
        {"start_time": "10:00", "end_time": "12:30", "title_en": "Gala concert", "space": space.pk},
        {"start_time": "11:00", "end_time": "12:00", "title_en": "Lecture", "space": space.pk},
    ]

    response = organiser_client.post(url, day_form_data(day, rows))

    assert response.status_code == 200
    assert "“Gala concert” and “Lecture” are in the same space at the same time." in response.content.decode()
    assert Session.objects.count() == 0


def test_day_inline_adds_sessions_that_do_not_clash(organiser_client):
    day = make_day(date=datetime.date(2025, 10, 9))
    space = make_space()
    url = reverse("admin:events_day_change", args=[day.pk])
    rows = [
        {"start_time": "10:00", "end_time": "12:30", "title_en": "Gala concert", "space": space.pk},
        {"start_time": "12:30", "end_time": "13:00", "title_en": "Lecture", "space": space.pk},
    ]

    response = organiser_client.post(url, day_form_data(day, rows))

    assert response.status_code == 302
    assert list(Session.objects.values_list("slug", "starts_at__hour")) == [("gala-concert", 10), ("lecture", 12)]


def test_session_change_page_has_people_and_topic_inlines(organiser_client):
    session = make_session()
    add_person(session, make_person(name_en="Aigul Nurlanova"))

    response = organiser_client.get(reverse("admin:events_session_change", args=[session.pk]))

    html = response.content.decode()
    assert "Aigul Nurlanova" in html
    assert 'name="appearances-0-note_en"' in html
    assert 'name="topic_links-TOTAL_FORMS"' in html


def test_source_add_form_opens_and_takes_an_address_without_a_scheme(organiser_client):
    url = reverse("admin:sources_source_add")

    form = organiser_client.get(url)
    response = organiser_client.post(
        url,
        {
            "key": "005_example",
            "title_kk": "Мәтін",
            "title_ru": "Текст",
            "title_en": "Text",
            "language": "ru",
            "url": "gov.kz/news/1",
        },
    )

    assert b'name="url"' in form.content
    assert response.status_code == 302
    assert Source.objects.get(key="005_example").url == "https://gov.kz/news/1"


def test_session_list_gives_date_and_time_in_one_column_and_the_platform_with_the_place(organiser_client):
    space = make_space(venue=make_venue(name_en="School No. 44"))
    make_session(day=make_day(), start="10:00", end="12:30", space=space, platform_number=1, title_en="Dialogue")
    make_session(day=make_day(date=datetime.date(2017, 8, 1), date_precision=DatePrecision.MONTH), title_en="Speech")

    html = organiser_client.get(reverse("admin:events_session_changelist")).content.decode()

    assert '<td class="field-when">9 October 2025<br>10:00–12:30</td>' in html
    assert '<td class="field-place">School No. 44<br>Platform No. 1</td>' in html
    assert '<td class="field-when">August 2017</td>' in html
