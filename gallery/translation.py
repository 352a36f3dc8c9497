from modeltranslation.translator import TranslationOptions, register

from gallery.models import Exhibit, Photo


@register(Exhibit)
class ExhibitTranslation(TranslationOptions):
    fields = ("title", "description", "photographers_note")


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption", "alt_text")
