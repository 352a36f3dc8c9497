from modeltranslation.translator import TranslationOptions, register

from people.models import Honour, Person


@register(Honour)
class HonourTranslation(TranslationOptions):
    fields = ("name",)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "description")
