"""The organisers' admin for people, groups, institutions and their honours."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from people.models import Honour, Person
from sources.admin import ContentAdminMixin


@admin.register(Honour)
class HonourAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]


@admin.register(Person)
class PersonAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "affiliation", "honour_names"]
    list_select_related = ["affiliation"]
    list_filter = ["kind", "honours"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["affiliation", "honours"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("honours")

    @admin.display(description=_("honours"))
    def honour_names(self, obj):
        return ", ".join(str(honour) for honour in obj.honours.all())
