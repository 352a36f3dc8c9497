from modeltranslation.translator import TranslationOptions, register

from sources.models import Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title",)
