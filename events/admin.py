"""The organisers' admin for programmes, days, sessions and topics.

Translated models use TabbedTranslationAdmin, so kk/ru/en versions of a field
sit in tabs. ``sources.admin.ContentAdminMixin`` turns the admin into a
translation desk for translators (see events/migrations/0004_roles.py).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override as override_language
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from events import changelog, releases, services
from events.models import Change, Day, Programme, Release, Session, SessionPerson, SessionTopic, Topic
from sources.admin import ContentAdminMixin, ContentInlineMixin
from sources.models import LANGUAGE_CODES, unique_slug
from sources.text import quoted


class SessionForm(forms.ModelForm):
    """A session form whose slug may be left empty: it is then made from the title."""

    class Meta:
        model = Session
        # The admin narrows this to its own fieldsets or inline fields.
        fields = [
            "day",
            "start_time",
            "end_time",
            "title",
            "description",
            "category",
            "space",
            "platform_number",
            "takes_space",
            "location_note",
            "people_note",
            "status",
            "is_published",
            "status_note",
            "slug",
            "source",
            "original_language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make one from the English or Russian title.")

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug"):
            title = cleaned.get("title_en") or cleaned.get("title_ru") or cleaned.get("title_kk") or ""
            if title:
                cleaned["slug"] = unique_slug(Session, title, exclude_pk=self.instance.pk)
                self.instance.slug = cleaned["slug"]
        return cleaned


class SessionInlineFormSet(forms.BaseInlineFormSet):
    """Checks the sessions in one form against each other, too.

    Session.clean() compares a session with those already saved; two new
    sessions typed into the same day form would otherwise both pass.
    """

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleted = [form.instance.pk for form in self.forms if form.instance.pk and self._should_delete_form(form)]
        held = Session.objects.filter(pk__in=deleted).shown_by_a_release()
        if deleted and held.exists():
            raise forms.ValidationError(held_message())
        kept = [
            form.instance
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        for index, session in enumerate(kept):
            session.starts_at, session.ends_at = session.absolute_times()
            for other in kept[:index]:
                if session.shares_space_with(other):
                    raise forms.ValidationError(
                        _("%(first)s and %(second)s are in the same space at the same time.")
                        % {"first": quoted(other.title), "second": quoted(session.title)}
                    )


def held_message() -> str:
    return gettext(
        "Residents see some of these sessions in the current release, and deleting would take them off the "
        "programme at once. Unpublish them instead: they leave at the next release."
    )


def refuse_deleting_released(sessions, result):
    """Add a reason to ``get_deleted_objects()``'s result when ``sessions`` holds released ones."""
    deleted_objects, model_count, perms_needed, protected = result
    if sessions.shown_by_a_release().exists():
        perms_needed = {*perms_needed, held_message()}
    return deleted_objects, model_count, perms_needed, protected


def draft_notice(request, programme) -> None:
    """Tell the organiser on a change form that their save stays a draft (programme in release mode)."""
    if request.method == "GET" and programme.shows_release:
        messages.info(
            request,
            gettext(
                "Residents see %(version)s of this programme: what you save here stays a draft until the next "
                "release is published."
            )
            % {"version": programme.current_release.label()},
        )


class ShiftForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=-24 * 60,
        max_value=24 * 60,
        help_text=_("Positive moves later, negative earlier: 30, -15."),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Note for residents"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=Session._meta.get_field("status_note").validators,
        help_text=_("Shown on each session's page in the language you are using; translate it later."),
    )


class ReleaseForm(forms.Form):
    """The organiser's confirmation of a release: a version name and a note in each language."""

    name = forms.CharField(
        label=_("Version name"),
        max_length=100,
        required=False,
        validators=Release._meta.get_field("name").validators,
        help_text=_("For example “1.1” or “final”; residents also see the number."),
    )
    note_kk = forms.CharField(
        label=_("Note for residents (Kazakh)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "kk"}),
        validators=Release._meta.get_field("note").validators,
    )
    note_ru = forms.CharField(
        label=_("Note for residents (Russian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "ru"}),
        validators=Release._meta.get_field("note").validators,
    )
    note_en = forms.CharField(
        label=_("Note for residents (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        validators=Release._meta.get_field("note").validators,
    )
    # The fingerprint of the preview on the page: a release that would differ is refused.
    expected = forms.CharField(widget=forms.HiddenInput)


class DayInlineFormSet(forms.BaseInlineFormSet):
    """Refuses to delete a day whose sessions residents see in the current release."""

    def clean(self):
        super().clean()
        deleted = [form.instance.pk for form in self.forms if form.instance.pk and self._should_delete_form(form)]
        if deleted and Session.objects.filter(day__in=deleted).shown_by_a_release().exists():
            raise forms.ValidationError(held_message())


class DayInline(ContentInlineMixin, TranslationTabularInline):
    model = Day
    formset = DayInlineFormSet
    fields = ["date", "date_precision", "year_assumed", "title"]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "city", "day_count", "is_published", "release_state"]
    list_filter = ["is_published", "publishes_on_release"]
    search_fields = ["slug", "title_kk", "title_ru", "title_en", "city_kk", "city_ru", "city_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [DayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(day_count=Count("days")).select_related("current_release")

    @admin.display(description=_("days"), ordering="day_count")
    def day_count(self, obj):
        return obj.day_count

    @admin.display(description=_("residents see"))
    def release_state(self, obj):
        if not obj.publishes_on_release:
            return _("every save")
        if obj.current_release_id is None:
            return _("every save, until the first release")
        return obj.current_release.label()

    def get_urls(self):
        route = path(
            "<path:object_id>/release/",
            self.admin_site.admin_view(self.release_view),
            name="events_programme_release",
        )
        return [route, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ctx = {**(extra_context or {}), "may_release": request.user.has_perm("events.add_release")}
        return super().change_view(request, object_id, form_url, ctx)

    def release_view(self, request, object_id):
        """Publish a release of the programme: the changes since the last one, a name and a note, then confirm."""
        programme = self.get_object(request, object_id)
        if programme is None:
            raise Http404(gettext("No such programme."))
        if not (request.user.has_perm("events.add_release") and self.has_view_permission(request, programme)):
            raise PermissionDenied
        changes = releases.pending_changes(programme)
        expected = releases.fingerprint(programme, changes)
        form = ReleaseForm(request.POST if request.method == "POST" else None, initial={"expected": expected})
        if programme.publishes_on_release and form.is_valid():
            data = form.cleaned_data
            try:
                release = releases.publish_release(
                    programme=programme,
                    name=data["name"],
                    note={code: data[f"note_{code}"] for code in LANGUAGE_CODES},
                    by=request.user,
                    expected=data["expected"],
                )
            except releases.ReleaseOutdated:
                form = ReleaseForm(initial={**data, "expected": expected})
                messages.warning(
                    request,
                    gettext(
                        "The draft or the releases changed after you opened this page, so nothing was published. "
                        "Check the changes below again, then publish."
                    ),
                )
            else:
                self.log_change(
                    request,
                    programme,
                    [{"added": {"name": str(Release._meta.verbose_name), "object": release.label()}}],
                )
                self.message_user(
                    request,
                    gettext("Published %(version)s: residents now see it.") % {"version": release.label()},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:events_programme_change", args=[programme.pk]))
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": programme,
            "title": gettext("Publish a release: %(programme)s") % {"programme": programme.title},
            "programme": programme,
            "form": form,
            "changes": [changelog.describe_change(change) for change in changes],
            "next_number": releases.next_number(programme),
        }
        return TemplateResponse(request, "admin/events/programme/release.html", ctx)


class SessionInline(ContentInlineMixin, TranslationTabularInline):
    """The day's sessions, compactly: times, title, place, state."""

    model = Session
    form = SessionForm
    formset = SessionInlineFormSet
    fields = ["start_time", "end_time", "title", "category", "space", "status", "is_published"]
    autocomplete_fields = ["space"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("day", "space__venue")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "space" and field is not None:
            # A row per session: the links to add, change, delete or view a
            # space would widen each one past a 1,280 px screen; the space's
            # own page has them.
            widget = field.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return field


@admin.register(Day)
class DayAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["date", "programme", "title", "date_precision", "session_count"]
    list_select_related = ["programme"]
    list_filter = ["programme", "date_precision"]
    search_fields = ["date", "title_kk", "title_ru", "title_en", "programme__title_ru", "programme__title_en"]
    autocomplete_fields = ["programme"]
    date_hierarchy = "date"
    inlines = [SessionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        day = self.get_object(request, object_id)
        conflicts = services.day_conflicts(day=day) if day is not None else []
        if day is not None:
            draft_notice(request, day.programme)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "conflicts": conflicts})

    def get_deleted_objects(self, objs, request):
        days = [day.pk for day in objs]
        return refuse_deleting_released(
            Session.objects.filter(day__in=days), super().get_deleted_objects(objs, request)
        )

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


class SessionPersonInline(ContentInlineMixin, TranslationTabularInline):
    model = SessionPerson
    fields = ["person", "role", "note", "order"]
    autocomplete_fields = ["person"]
    extra = 0


class SessionTopicInline(ContentInlineMixin, admin.TabularInline):
    model = SessionTopic
    fields = ["topic", "order"]
    autocomplete_fields = ["topic"]
    extra = 0


@admin.register(Session)
class SessionAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    form = SessionForm
    # Date and time in one column and the platform with the place, so that the
    # list, its filters and every column fit a 1,280 px screen in any language.
    list_display = ["title", "when", "place", "category", "status", "is_published"]
    list_select_related = ["day__programme", "space__venue"]
    list_filter = ["day__programme", "day", "category", "status", "is_published", "space__venue", "space"]
    search_fields = [
        "slug",
        "title_kk",
        "title_ru",
        "title_en",
        "location_note_kk",
        "location_note_ru",
        "location_note_en",
    ]
    autocomplete_fields = ["day", "space", "exhibit"]
    date_hierarchy = "day__date"
    fieldsets = [
        (None, {"fields": ["day", ("start_time", "end_time"), "title", "description", "category", "people_note"]}),
        (_("Place"), {"fields": [("space", "platform_number"), "takes_space", "location_note"]}),
        (_("Exhibit"), {"fields": ["exhibit"]}),
        (_("State"), {"fields": [("status", "is_published"), "status_note"]}),
        (_("Record"), {"fields": ["slug", "source", "original_language"]}),
    ]
    inlines = [SessionPersonInline, SessionTopicInline]
    actions = ["duplicate", "shift", "cancel", "publish", "unpublish"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        session = self.get_object(request, object_id)
        conflicts = services.day_conflicts(day=session.day, session=session) if session is not None else []
        if session is not None:
            draft_notice(request, session.day.programme)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "conflicts": conflicts})

    def get_deleted_objects(self, objs, request):
        sessions = Session.objects.filter(pk__in=[session.pk for session in objs])
        return refuse_deleting_released(sessions, super().get_deleted_objects(objs, request))

    def log_changed_fields(self, request, sessions, field_names):
        """Leave an entry in each session's history, like the change form does."""
        with override_language(None):
            labels = [str(Session._meta.get_field(name).verbose_name) for name in field_names]
        for session in sessions:
            self.log_change(request, session, [{"changed": {"fields": labels}}])

    def action_form_page(self, request, queryset, *, form, action, title, intro, submit_label):
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "form": form,
            "sessions": queryset.select_related("day"),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/session/action_form.html", ctx)

    @admin.action(description=_("Duplicate as unpublished drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = services.duplicate_sessions(sessions=queryset)
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        message = ngettext(
            "Copied %(count)d session as an unpublished draft.",
            "Copied %(count)d sessions as unpublished drafts.",
            len(copies),
        ) % {"count": len(copies)}
        if any(copy.space_id is None for copy in copies):
            message += " " + gettext("Copies of sessions that hold their space have no space yet: choose one.")
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Shift by a number of minutes"), permissions=["change"])
    def shift(self, request, queryset):
        form = ShiftForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            minutes = form.cleaned_data["minutes"]
            try:
                moved = services.shift_sessions(sessions=queryset, minutes=minutes)
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                self.log_changed_fields(request, moved, ["start_time", "end_time"])
                self.message_user(
                    request,
                    ngettext(
                        "Moved %(count)d session by %(shift)s min.",
                        "Moved %(count)d sessions by %(shift)s min.",
                        len(moved),
                    )
                    # "+15" or "-15": earlier and later read the same in every language.
                    % {"count": len(moved), "shift": f"{minutes:+d}"},
                    messages.SUCCESS,
                )
                return None
        return self.action_form_page(
            request,
            queryset,
            form=form,
            action="shift",
            title=gettext("Shift sessions"),
            intro=gettext("These sessions move together, or none of them moves:"),
            submit_label=gettext("Shift"),
        )

    @admin.action(description=_("Cancel, with a note for residents"), permissions=["change"])
    def cancel(self, request, queryset):
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            cancelled = services.cancel_sessions(
                sessions=queryset, note=form.cleaned_data["note"], language=get_language()
            )
            self.log_changed_fields(request, cancelled, ["status", "status_note"])
            self.message_user(
                request,
                ngettext("Cancelled %(count)d session.", "Cancelled %(count)d sessions.", len(cancelled))
                % {"count": len(cancelled)},
                messages.SUCCESS,
            )
            return None
        return self.action_form_page(
            request,
            queryset,
            form=form,
            action="cancel",
            title=gettext("Cancel sessions"),
            intro=gettext("Residents will see these sessions as cancelled, with your note:"),
            submit_label=gettext("Cancel the sessions"),
        )

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        changed = services.set_published(sessions=queryset, published=True)
        self.log_changed_fields(request, changed, ["is_published"])
        self.message_user(
            request,
            ngettext("Published %(count)d session.", "Published %(count)d sessions.", len(changed))
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = services.set_published(sessions=queryset, published=False)
        self.log_changed_fields(request, changed, ["is_published"])
        self.message_user(
            request,
            ngettext("Unpublished %(count)d session.", "Unpublished %(count)d sessions.", len(changed))
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    @admin.display(description=_("When"), ordering="day__date")
    def when(self, obj):
        day = obj.day
        if day.month_only:
            # The 1st stands for a day the source does not give.
            return formats.date_format(day.date, "YEAR_MONTH_FORMAT")
        if obj.start_time is None:
            time = gettext("all day")
        elif obj.end_time is None:
            time = gettext("from %(time)s") % {"time": obj.start_time.strftime("%H:%M")}
        else:
            time = obj.time_range()
        return format_html("{}<br>{}", formats.date_format(day.date, "DATE_FORMAT"), time)

    @admin.display(description=_("place"), ordering="space__venue__slug")
    def place(self, obj):
        place = obj.space.label() if obj.space_id else obj.location_note
        if obj.platform_number is None:
            return place
        platform = gettext("Platform No. %(number)s") % {"number": obj.platform_number}
        return format_html("{}<br>{}", place, platform) if place else platform


@admin.register(SessionPerson)
class SessionPersonAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    """People in sessions, listed for translators of the notes and for searching."""

    list_display = ["session", "person", "role", "note", "order"]
    list_select_related = ["session", "person"]
    list_filter = ["role", "session__day__programme"]
    search_fields = ["session__title_ru", "session__title_en", "person__name_ru", "person__name_en", "person__slug"]
    autocomplete_fields = ["session", "person"]


@admin.register(Topic)
class TopicAdmin(ContentAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]


@admin.register(SessionTopic)
class SessionTopicAdmin(ContentAdminMixin, admin.ModelAdmin):
    list_display = ["session", "topic", "order"]
    list_select_related = ["session", "topic"]
    list_filter = ["topic__kind"]
    search_fields = ["session__title_ru", "session__title_en", "topic__name_ru", "topic__name_en"]
    autocomplete_fields = ["session", "topic"]


@admin.register(Release)
class ReleaseAdmin(TabbedTranslationAdmin):
    """The releases of every programme, read only: a release is made by publishing, never edited."""

    list_display = ["programme", "number", "name", "released_at", "released_by", "change_count"]
    list_select_related = ["programme", "released_by"]
    list_filter = ["programme"]
    date_hierarchy = "released_at"
    search_fields = ["name", "note_kk", "note_ru", "note_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(change_count=Count("changes"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("changes"), ordering="change_count")
    def change_count(self, obj):
        return obj.change_count


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change log residents read, for organisers to review.

    Entries are written by Session.save(); editing them would make the log
    disagree with the calendars' SEQUENCE, so the admin only lists and deletes.
    """

    list_display = ["created_at", "programme", "title", "kind", "what_changed"]
    list_select_related = ["programme"]
    list_filter = ["kind", "programme"]
    date_hierarchy = "created_at"
    search_fields = ["session_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("session"))
    def title(self, change):
        return changelog.describe_change(change)["title"]

    @admin.display(description=_("what changed"))
    def what_changed(self, change):
        rows = changelog.describe_change(change)["rows"]
        return "; ".join(f"{row['label']}: {row['before'] or '—'} → {row['after'] or '—'}" for row in rows)
