"""What every app's admin shares: the site's name, the translators' desk, and the source texts.

A translator (the Translator group: change but no add permission) may edit only
the kk/ru/en text of a record; ``ContentAdminMixin`` and ``ContentInlineMixin``
make every other field and inline read-only for them.
"""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import NotRegistered, translator

from sources.models import Source, Versioned
from sources.text import quoted
from sources.translation_checks import translated_fields

# The site's own name in the admin's header and <title>, in the organiser's language.
admin.site.site_header = _("Regional event programmes: administration")
admin.site.site_title = _("Regional event programmes")
admin.site.index_title = _("Programmes, venues, people and exhibits")
# Django's sidebar of every model takes a quarter of a 1,280 px screen, which
# the session list with its filters and a day with its sessions need; the
# breadcrumbs and the index lead to every model instead.
admin.site.enable_nav_sidebar = False


def can_only_translate(request, model) -> bool:
    """True for a user who may change ``model`` but not add it: a translator.

    Translators hold view and change permissions on translated models and
    never add ones, so "no add permission" marks them without a custom permission.
    """
    user = request.user
    if user.is_superuser:
        return False
    opts = model._meta
    return not user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


def untranslated_form_fields(model) -> list[str]:
    """Names of the fields of ``model`` an admin form edits that carry no kk/ru/en text."""
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    names = []
    for field in model._meta.get_fields():
        if field.auto_created or not getattr(field, "editable", False):
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # a through model is edited in its inline, not as a field
        if hasattr(field, "translated_field") or field.name in translated or field.name == "version":
            continue  # the version is how a translator's save is checked too
        names.append(field.name)
    return names


def with_version(fieldsets: list, model) -> list:
    """``fieldsets`` with the hidden ``version`` field added, for a ``Versioned`` model."""
    if not issubclass(model, Versioned) or "version" in flatten_fieldsets(fieldsets):
        return fieldsets
    name, options = fieldsets[0]
    return [(name, {**options, "fields": [*options["fields"], "version"]}), *fieldsets[1:]]


def refreshing_version(form_class):
    """``form_class`` that, when refused as stale, offers the stored version for a deliberate second save."""

    class VersionedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            stored = getattr(self.instance, "stored_version", None)
            if stored is not None and "version" in self.fields:
                data = self.data.copy()
                data[self.add_prefix("version")] = str(stored)
                self.data = data

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


class AutocompleteSelectInPageLanguage(AutocompleteSelect):
    """Django's autocomplete select, without ``lang="None"`` where Select2 has no translation.

    Select2 has none for Kazakh, and Django then writes the attribute with the
    value None, which no browser or screen reader can read as a language; left
    out, the select takes the page's own ``lang``.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if attrs.get("lang") is None:
            attrs.pop("lang", None)
        return attrs


class VersionedAdminMixin:
    """Every change form of a ``Versioned`` record posts the version it was opened at, as a hidden field.

    Its autocomplete fields use ``AutocompleteSelectInPageLanguage``.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectInPageLanguage(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version" and issubclass(db_field.model, Versioned):
            return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return with_version(super().get_fieldsets(request, obj), self.model)


# Django's own messages quote the record they name around its link: “<a href="…">title</a>”.
_QUOTED_LINK = re.compile(r"(?P<open>[«“])(?P<link><a href=\"[^\"]*\">)(?P<text>.*?)</a>(?P<close>[»”])")


def quote_titles_once(message):
    """Django's message ``message`` with each linked title quoted once («Кеш you», not ««Кеш you»»).

    The record's title often quotes a name itself; ``sources.text.quoted`` keeps
    a title's own marks, or nests inner ones, as the project's own messages do.
    """
    if not isinstance(message, SafeString) or "<a href=" not in message:
        return message

    def once(match):
        return mark_safe(f"{match['link']}{quoted(match['text'])}</a>")

    return mark_safe(_QUOTED_LINK.sub(once, message))


class ContentAdminMixin(VersionedAdminMixin):
    """Shared rules for the admin of every content model, in every app.

    For a translator every field without kk/ru/en text is read-only, inlines are
    read-only and actions are hidden; organisers and superusers see everything.
    """

    def message_user(self, request, message, *args, **kwargs):
        super().message_user(request, quote_titles_once(message), *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return refreshing_version(super().get_form(request, obj, change=change, **kwargs))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_only_translate(request, self.model):
            return readonly
        return readonly + [name for name in untranslated_form_fields(self.model) if name not in readonly]

    def get_actions(self, request):
        if can_only_translate(request, self.model):
            return {}
        return super().get_actions(request)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The record's translations side by side (templates/admin/change_form.html links there).
        if obj is not None and obj.pk is not None and translated_fields(self.model):
            opts = self.model._meta
            context["translation_url"] = reverse(
                "admin_translation_record", args=[opts.app_label, opts.model_name, obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class ContentInlineMixin(VersionedAdminMixin):
    """Inlines are read-only for a user who can only translate the parent; they carry versions too."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = refreshing_version(formset.form)
        return formset

    def has_add_permission(self, request, obj=None):
        return not can_only_translate(request, self.parent_model) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not can_only_translate(request, self.parent_model) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not can_only_translate(request, self.parent_model) and super().has_delete_permission(request, obj)


@admin.register(Source)
class SourceAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "key", "language", "published_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A source's address is typed without a scheme as often as with one;
        # https is what Django 6 assumes, so assume it now (and silence the warning).
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_filter = ["language"]
    search_fields = ["key", "title_kk", "title_ru", "title_en"]
