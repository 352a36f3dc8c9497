from modeltranslation.translator import TranslationOptions, register

from venues.models import Space, Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city", "district", "address", "description")


@register(Space)
class SpaceTranslation(TranslationOptions):
    fields = ("name",)
