"""The public pages link the exports: calendars with webcal:// subscriptions,
frab schedules, the change log and My programme; star buttons that work
without JavaScript, by plain GET requests that carry the selection in the address."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from events.models import DatePrecision, Status
from tests.events.factories_pages import (
    add_person,
    make_almaty_days,
    make_concert,
    make_day,
    make_person,
    make_programme,
    make_session,
    names,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
PROGRAMME = "/{lang}/programmes/days-of-almaty/"
DAY = "/{lang}/programmes/days-of-almaty/2025-10-09/"
SESSION = "/{lang}/sessions/gala-concert/"


class Page(HTMLParser):
    """What a person (or a browser without JavaScript) can follow on a page:
    links, head links, forms with their fields and buttons, and every id."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.head_links: list[dict] = []
        self.forms: list[dict] = []
        self.ids: list[str] = []
        self.nested_forms = 0
        self._button = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "link":
            self.head_links.append(attrs)
        elif tag == "form":
            if self.forms and self.forms[-1]["open"]:
                self.nested_forms += 1
            self.forms.append(
                {"action": attrs.get("action"), "method": attrs.get("method"), "fields": [], "open": True}
            )
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"].append({"name": attrs.get("name"), "value": attrs.get("value", "")})
        elif tag == "button" and self.forms:
            self._button = {"name": attrs.get("name"), "value": attrs.get("value", ""), "text": ""}
            self.forms[-1]["fields"].append(self._button)

    def handle_endtag(self, tag):
        if tag == "form" and self.forms:
            self.forms[-1]["open"] = False
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button["text"] += data

    def star_form(self, slug: str) -> dict:
        """The star form of one session, found by the card it returns to."""
        (form,) = [form for form in self.forms if form["action"].endswith(f"#session-{slug}")]
        return form


def button_of(form: dict) -> dict:
    (button,) = [field for field in form["fields"] if "text" in field]
    return button


def submit(client, form: dict):
    """Submit a GET form as a browser without JavaScript does: its fields in order, then the pressed button."""
    assert form["method"] == "get"
    pairs = [(field["name"], field["value"]) for field in form["fields"] if field["name"]]
    action = urlsplit(form["action"])
    return client.get(f"{action.path}?{urlencode(pairs)}")


def starred(response) -> list[str]:
    return response.wsgi_request.GET.getlist("s")


@pytest.fixture
def almaty():
    """Days of Almaty on 9 October 2025: the gala concert, a round table before it and a draft."""
    programme, day = make_almaty_days()
    concert = make_concert(day)
    table = make_session(
        day=day,
        start="15:30",
        end="17:00",
        slug="round-table",
        **names("Дөңгелек үстел", "Круглый стол", "Round table"),
    )
    make_session(day=day, start="20:00", slug="secret-draft", published=False)
    return programme, day, concert, table


# Take-along links in three languages ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_page_links_every_export_under_its_language(client, almaty, lang):
    page = Page(client.get(PROGRAMME.format(lang=lang)).content.decode())

    base = f"/{lang}/programmes/days-of-almaty/"
    for path in ["calendar.ics", "schedule.xml", "schedule.json", "changes/", "changes.atom"]:
        assert base + path in page.links
    assert f"webcal://testserver{base}calendar.ics" in page.links
    assert f"/{lang}/my/" in page.links
    assert "#take-along-days-of-almaty" in page.links
    feeds = [link for link in page.head_links if link.get("type") == "application/atom+xml"]
    assert [(feed["rel"], feed["href"]) for feed in feeds] == [("alternate", f"{base}changes.atom")]


@pytest.mark.parametrize(
    ("lang", "conference_apps", "feed"),
    [
        ("kk", "Конференция қосымшаларына арналған бағдарлама", "Өзгерістерді жаңалық оқу қосымшасында бақылау"),
        ("ru", "Программа для приложений конференций", "Следить за изменениями в программе чтения новостей"),
        ("en", "The programme for conference apps", "Follow the changes in a news reader"),
    ],
)
def test_take_along_links_say_what_they_do_not_what_format_they_are(client, almaty, lang, conference_apps, feed):
    html = client.get(PROGRAMME.format(lang=lang)).content.decode()

    start = html.index('<section class="take-along')
    take_along = html[start : html.index("</section>", start)]
    assert f'schedule.xml">{conference_apps}</a>' in take_along
    assert f'changes.atom" type="application/atom+xml">{feed}</a>' in take_along
    for word in ("schedule.xml<", "schedule.json<", "Giggity", "ConfClerk", "Atom"):
        assert word not in take_along


@pytest.mark.parametrize("lang", LANGUAGES)
def test_day_page_links_the_days_calendar(client, almaty, lang):
    page = Page(client.get(DAY.format(lang=lang)).content.decode())

    ics = f"/{lang}/programmes/days-of-almaty/2025-10-09/calendar.ics"
    assert ics in page.links
    assert f"webcal://testserver{ics}" in page.links


@pytest.mark.parametrize("lang", LANGUAGES)
def test_session_page_links_the_sessions_calendar(client, almaty, lang):
    page = Page(client.get(SESSION.format(lang=lang)).content.decode())

    ics = f"/{lang}/sessions/gala-concert/calendar.ics"
    assert ics in page.links
    assert f"webcal://testserver{ics}" in page.links


@pytest.mark.parametrize("lang", LANGUAGES)
def test_venue_page_links_the_venues_calendar(client, almaty, lang):
    page = Page(client.get(f"/{lang}/venues/palace-of-culture-of-metallurgists/").content.decode())

    ics = f"/{lang}/venues/palace-of-culture-of-metallurgists/calendar.ics"
    assert ics in page.links
    assert f"webcal://testserver{ics}" in page.links


@pytest.mark.parametrize("lang", LANGUAGES)
def test_person_page_links_the_persons_calendar(client, almaty, lang):
    _, _, concert, _ = almaty
    singer = concert.appearances.get().person

    page = Page(client.get(f"/{lang}/people/{singer.slug}/").content.decode())

    ics = f"/{lang}/people/{singer.slug}/calendar.ics"
    assert ics in page.links
    assert f"webcal://testserver{ics}" in page.links


def test_calendar_links_say_their_words_in_the_pages_language(client, almaty):
    html = {lang: client.get(DAY.format(lang=lang)).content.decode() for lang in LANGUAGES}

    assert "Add to your calendar (a file for a phone or computer)" in html["en"]
    assert "Subscribe in a calendar app" in html["en"]
    assert "Add to your calendar (a file for a phone or computer)" not in html["ru"]
    assert "Add to your calendar (a file for a phone or computer)" not in html["kk"]


def test_a_day_known_only_to_the_month_offers_no_calendar_and_says_why(client):
    programme = make_programme(
        slug="august-conference", **names("Тамыз кеңесі", "Августовское совещание", "August conference")
    )
    day = make_day(programme=programme, date=datetime.date(2017, 8, 1), date_precision=DatePrecision.MONTH)
    speech = make_session(day=day, slug="akim-speech", **names("Сөз", "Выступление", "Speech"))
    speaker = make_person(slug="akim")
    add_person(speech, speaker)

    day_page = client.get("/en/programmes/august-conference/2017-08-01/").content.decode()
    session_page = client.get("/en/sessions/akim-speech/").content.decode()
    person_page = client.get("/en/people/akim/").content.decode()

    why = "Items whose date is known only to the month are not in calendars: their day is not known yet."
    for html in (day_page, session_page):
        assert why in html
        assert "calendar.ics" not in html
    # The person's calendar is offered (it follows their future sessions), and this item says why it is missing.
    assert "/en/people/akim/calendar.ics" in Page(person_page).links
    assert why in person_page


# Star buttons ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_and_day_pages_have_a_star_for_each_published_session(client, almaty, lang):
    for url in (PROGRAMME, DAY):
        page = Page(client.get(url.format(lang=lang)).content.decode())

        stars = [form["action"] for form in page.forms]
        path = url.format(lang=lang)
        assert stars == [f"{path}#session-round-table", f"{path}#session-gala-concert"]


def test_star_button_names_the_session_it_adds(client, almaty):
    page = Page(client.get(PROGRAMME.format(lang="en")).content.decode())

    button = button_of(page.star_form("gala-concert"))

    assert " ".join(button["text"].split()) == "☆ Add to my programme — Gala concert"
    assert (button["name"], button["value"]) == ("s", "gala-concert")


def test_star_button_names_the_session_in_kazakh_and_russian(client, almaty):
    kk = Page(client.get(PROGRAMME.format(lang="kk")).content.decode())
    ru = Page(client.get(PROGRAMME.format(lang="ru")).content.decode())

    assert button_of(kk.star_form("round-table"))["text"].endswith(" — Дөңгелек үстел")
    assert button_of(ru.star_form("round-table"))["text"].endswith(" — Круглый стол")


def test_stars_add_and_remove_sessions_by_plain_get_requests(client, almaty):
    url = PROGRAMME.format(lang="en")
    page = Page(client.get(url).content.decode())

    added = submit(client, page.star_form("gala-concert"))
    after_add = Page(added.content.decode())
    both = submit(client, after_add.star_form("round-table"))
    after_both = Page(both.content.decode())
    removed = submit(client, after_both.star_form("gala-concert"))
    after_remove = Page(removed.content.decode())

    assert added.request["PATH_INFO"] == url
    assert starred(added) == ["gala-concert"]
    assert " ".join(button_of(after_add.star_form("gala-concert"))["text"].split()) == (
        "★ Remove from my programme — Gala concert"
    )
    assert starred(both) == ["gala-concert", "round-table"]
    assert "/en/my/?s=gala-concert,round-table" in after_both.links
    assert starred(removed) == ["round-table"]
    assert button_of(after_remove.star_form("gala-concert"))["text"].strip().startswith("☆ Add to my programme")
    assert "/en/my/?s=round-table" in after_remove.links


def test_star_on_the_session_page_returns_to_it_and_offers_my_programme(client, almaty):
    url = SESSION.format(lang="ru")
    page = Page(client.get(url).content.decode())

    response = submit(client, page.star_form("gala-concert"))
    after = Page(response.content.decode())

    assert response.request["PATH_INFO"] == url
    assert starred(response) == ["gala-concert"]
    assert button_of(after.star_form("gala-concert"))["text"].strip().startswith("★")
    assert "/ru/my/?s=gala-concert" in after.links
    assert "/ru/programmes/days-of-almaty/2025-10-09/?s=gala-concert" in after.links


def test_star_on_the_day_page_keeps_earlier_stars(client, almaty):
    url = DAY.format(lang="kk")
    page = Page(client.get(f"{url}?s=round-table").content.decode())

    response = submit(client, page.star_form("gala-concert"))

    assert response.request["PATH_INFO"] == url
    assert starred(response) == ["round-table", "gala-concert"]
    assert "/kk/my/?s=round-table,gala-concert" in Page(response.content.decode()).links


def test_the_selection_follows_links_between_programme_day_and_session(client, almaty):
    page = Page(client.get(PROGRAMME.format(lang="en") + "?s=gala-concert").content.decode())

    assert "/en/programmes/days-of-almaty/2025-10-09/?s=gala-concert" in page.links
    assert "/en/sessions/round-table/?s=gala-concert" in page.links
    assert "/en/my/?s=gala-concert" in page.links


def test_my_programme_shows_what_the_stars_chose(client, almaty):
    page = Page(client.get(PROGRAMME.format(lang="en") + "?s=gala-concert").content.decode())
    my_link = next(link for link in page.links if link.startswith("/en/my/"))

    html = client.get(my_link).content.decode()

    assert "Gala concert" in html
    assert "Round table" not in html


def test_pages_with_stars_are_valid_markup_without_nested_forms_or_repeated_ids(client, almaty):
    for url in (PROGRAMME, DAY, SESSION):
        page = Page(client.get(url.format(lang="en") + "?s=gala-concert").content.decode())

        assert page.nested_forms == 0
        assert len(page.ids) == len(set(page.ids)), url


def test_a_draft_gets_no_star_even_when_its_slug_is_in_the_address(client, almaty):
    html = client.get(PROGRAMME.format(lang="en") + "?s=secret-draft&s=gala-concert").content.decode()
    page = Page(html)

    assert "secret-draft" not in [form["action"].rsplit("#session-", 1)[1] for form in page.forms]
    assert "/en/sessions/secret-draft/" not in html


def test_cancelled_session_can_still_be_starred(client, almaty):
    _, _, concert, _ = almaty
    concert.status = Status.CANCELLED
    concert.save()

    page = Page(client.get(PROGRAMME.format(lang="en")).content.decode())

    assert button_of(page.star_form("gala-concert"))["value"] == "gala-concert"


# Caching ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PROGRAMME, DAY, SESSION])
def test_pages_with_a_selection_are_still_public_for_five_minutes_and_set_no_cookie(client, almaty, url):
    response = client.get(url.format(lang="en") + "?s=gala-concert")

    # The selection is in the address, which is part of every cache's key.
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept-Language" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.parametrize("url", [PROGRAMME, DAY, SESSION])
def test_pages_name_their_address_without_the_selection_as_canonical(client, almaty, url):
    page = Page(client.get(url.format(lang="en") + "?s=gala-concert").content.decode())

    canonical = [link["href"] for link in page.head_links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver" + url.format(lang="en")]
