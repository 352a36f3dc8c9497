from modeltranslation.translator import TranslationOptions, register

from events.models import Day, Programme, Release, Session, SessionPerson, Topic


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "city", "dates_note")


@register(Day)
class DayTranslation(TranslationOptions):
    fields = ("title",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "status_note", "location_note", "people_note")


@register(SessionPerson)
class SessionPersonTranslation(TranslationOptions):
    fields = ("note",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Release)
class ReleaseTranslation(TranslationOptions):
    fields = ("note",)
