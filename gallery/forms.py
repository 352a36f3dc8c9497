"""Forms the exhibit admin uses: photo uploads that are checked before anything is written."""

from django import forms

from gallery.images import inspect_upload
from gallery.models import Photo


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
    class Meta:
        model = Photo
        fields = ["exhibit", "key", "image", "caption", "alt_text", "photographer", "source_reference", "order"]
        field_classes = {"image": PhotoImageField}
