"""Django's own admin messages name a record once quoted, whatever quotes its title carries."""

import pytest
from django.utils import translation
from django.utils.html import format_html

from sources.admin import quote_titles_once


def changed(template: str, title: str):
    # As ModelAdmin.response_change builds it: the title as a link inside the message's quotes.
    return format_html(template, format_html('<a href="{}">{}</a>', "/admin/events/session/1/change/", title))


@pytest.mark.parametrize(
    ("lang", "template", "title", "shown"),
    [
        ("kk", "Іс-шара «{}» сәтті өзгертілді.", "«Кеш you»", "«Кеш you»"),
        ("kk", "Іс-шара «{}» сәтті өзгертілді.", "«Білім сапасы» дөңгелек үстелі", "«„Білім сапасы“ дөңгелек үстелі»"),
        ("ru", "Мероприятие «{}» было успешно изменено.", "Гала-концерт", "«Гала-концерт»"),
        ("en", "The session “{}” was changed successfully.", "“Kesh You”", "“Kesh You”"),
    ],
)
def test_a_title_is_quoted_once(lang, template, title, shown):
    with translation.override(lang):
        message = quote_titles_once(changed(template, title))

    assert f'<a href="/admin/events/session/1/change/">{shown}</a>' in message
    assert "««" not in message and "»»" not in message and "““" not in message


def test_a_message_without_a_link_is_left_as_it_is():
    assert quote_titles_once("Сохранено.") == "Сохранено."
