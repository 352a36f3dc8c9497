"""Forms the exhibit admin uses: photo uploads checked before anything is written, and the
rule that an exhibit is published only when every photo has its text alternative in kk, ru and en."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gallery.images import inspect_upload
from gallery.models import Exhibit, Photo, photos_without_alt_text_error


class PhotoImageField(forms.ImageField):
    """An image field that accepts JPEG, PNG and WebP photos within the size limits.

    The checks in ``gallery.images.inspect_upload`` run before Django's own, so
    the organiser reads why a file is refused rather than "upload a valid image".
    """

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            inspect_upload(data)
        return super().to_python(data)


class PhotoForm(forms.ModelForm):
    """A photo, on its own admin page or inline on its exhibit's."""

    class Meta:
        model = Photo
        fields = ["exhibit", "key", "image", "caption", "alt_text", "photographer", "source_reference", "order"]
        field_classes = {"image": PhotoImageField}

    def clean(self):
        cleaned = super().clean()
        # Inline, "exhibit" is the exhibit as posted with it, so publishing and
        # filling the text alternatives in one save is judged on the result.
        exhibit = cleaned.get("exhibit")
        if exhibit is None or not exhibit.is_published:
            return cleaned
        names = dict(settings.LANGUAGES)
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            name = f"alt_text_{lang}"
            value = cleaned[name] if name in cleaned else getattr(self.instance, name)
            if not value:
                message = _("The exhibit is published: add the text alternative in %(language)s.") % {
                    "language": names[lang]
                }
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class PhotoInlineFormSet(forms.BaseInlineFormSet):
    """The photos of an exhibit in its admin page; names the photos that keep it from being published."""

    def clean(self):
        super().clean()
        if not self.instance.is_published:
            return
        missing = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            # After validation the instance holds the posted values (and the
            # stored ones for fields this user cannot change).
            if form.instance.missing_alt_languages():
                missing.append(form.instance)
        if missing:
            raise ValidationError(photos_without_alt_text_error(missing))


class ExhibitForm(forms.ModelForm):
    """The exhibit form of the admin, whose photo inline uses ``PhotoInlineFormSet``."""

    class Meta:
        model = Exhibit
        fields = [
            "slug",
            "title",
            "description",
            "institution",
            "photographers_note",
            "is_published",
            "source",
            "original_language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The photos are judged as posted by the inline formset, not as stored.
        self.instance.photos_checked_by_form = True
