"""The organisers' admin for photo exhibits, their photographers and photos."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from gallery.forms import ExhibitForm, PhotoForm, PhotoInlineFormSet
from gallery.models import Exhibit, ExhibitPhotographer, Photo
from sources.admin import ContentAdminMixin, ContentInlineMixin


class ExhibitPhotographerInline(ContentInlineMixin, admin.TabularInline):
    model = ExhibitPhotographer
    fields = ["person", "order"]
    autocomplete_fields = ["person"]
    extra = 0


class PhotoInline(ContentInlineMixin, TranslationStackedInline):
    model = Photo
    form = PhotoForm
    formset = PhotoInlineFormSet
    fields = ["key", "image", "caption", "alt_text", "photographer", "source_reference", "order"]
    autocomplete_fields = ["photographer"]
    extra = 0


@admin.register(Exhibit)
class ExhibitAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    form = ExhibitForm
    list_display = ["title", "institution", "shown_at", "photo_count", "is_published"]
    list_select_related = ["institution", "session"]
    list_filter = ["is_published"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en", "institution__name_ru", "institution__name_en"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [ExhibitPhotographerInline, PhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("photos"))

    @admin.display(description=_("shown at"), ordering="session__starts_at")
    def shown_at(self, obj):
        # The session chooses its exhibit (events sits above gallery); shown here for reference.
        return getattr(obj, "session", None) or "—"

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, obj):
        return obj.photo_count


@admin.register(Photo)
class PhotoAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    form = PhotoForm
    list_display = ["__str__", "exhibit", "photographer", "has_image", "order"]
    list_select_related = ["exhibit", "photographer"]
    list_filter = ["exhibit"]
    search_fields = ["key", "caption_kk", "caption_ru", "caption_en", "source_reference"]
    autocomplete_fields = ["exhibit", "photographer"]

    @admin.display(description=_("image"), boolean=True)
    def has_image(self, obj):
        return bool(obj.image)


@admin.register(ExhibitPhotographer)
class ExhibitPhotographerAdmin(ContentAdminMixin, admin.ModelAdmin):
    list_display = ["person", "exhibit", "order"]
    list_select_related = ["person", "exhibit"]
    list_filter = ["exhibit"]
    search_fields = ["person__name_ru", "person__name_en", "exhibit__title_ru", "exhibit__title_en"]
    autocomplete_fields = ["exhibit", "person"]
