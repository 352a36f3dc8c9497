"""The organisers' admin for venues and the spaces inside them."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from sources.admin import ContentAdminMixin, ContentInlineMixin
from venues.models import Space, Venue


class SpaceInline(ContentInlineMixin, TranslationTabularInline):
    model = Space
    fields = ["slug", "name", "capacity"]
    extra = 0


@admin.register(Venue)
class VenueAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "city", "district", "address", "space_count"]
    list_filter = ["kind"]
    search_fields = [
        "slug",
        "name_kk",
        "name_ru",
        "name_en",
        "city_kk",
        "city_ru",
        "city_en",
        "address_kk",
        "address_ru",
        "address_en",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SpaceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(space_count=Count("spaces"))

    @admin.display(description=_("spaces"), ordering="space_count")
    def space_count(self, obj):
        return obj.space_count


@admin.register(Space)
class SpaceAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["label", "slug", "capacity"]
    list_select_related = ["venue"]
    list_filter = ["venue__kind"]
    # The autocomplete of a session's space searches these too: «металл» finds
    # the metallurgists' palace whatever the case (SQLite's LIKE folds ASCII only).
    search_fields = [
        "slug",
        *(f"{name}_{code}__folded_contains" for name in ("name", "venue__name") for code in ("kk", "ru", "en")),
    ]
    autocomplete_fields = ["venue"]

    @admin.display(description=_("space"), ordering="venue__slug")
    def label(self, obj):
        return obj.label()
