"""Photo uploads: what is accepted, and the clean copies and renditions kept of it.

An upload is checked before anything is written (``inspect_upload``, called by
``gallery.forms.PhotoImageField``). On save, ``Photo.save()`` keeps an upright
copy without EXIF (``clean_original``) and then makes the renditions pages use
in ``srcset`` (``make_renditions``). ``rebuild_renditions`` remakes them.
"""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

# A phone photo is 3–12 MB and 12–50 megapixels; 15 MB and 40 megapixels leave
# room for a good camera and keep a decoded image (4 bytes a pixel) under 160 MB.
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow format name -> file extension of the copy that is kept.
ACCEPTED_FORMATS = {
    "JPEG": "jpg",
    "PNG": "png",
    "WEBP": "webp",
}

# Widths in CSS pixels of the copies pages offer in srcset: a phone, a tablet or
# laptop, a large screen. A photo narrower than one of them is never enlarged.
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True}),
}
RENDITION_DIR = "photos/renditions"
# The rendition a browser without srcset support gets.
FALLBACK_WIDTH = 960


def sniff_format(head: bytes) -> str | None:
    """Return the Pillow format name the first bytes of a file announce, if accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like_svg(name: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return name.lower().endswith((".svg", ".svgz")) or text.startswith((b"<?xml", b"<svg")) or b"<svg" in text


def _unsupported():
    return ValidationError(
        _("This file is not a JPEG, PNG or WebP image. Please upload a photo in one of these formats."),
        code="unsupported_format",
    )


def inspect_upload(upload) -> tuple[str, int, int]:
    """Check an uploaded file and return its format, width and height.

    Raise ``ValidationError`` with a message for the organiser when the file is
    too large, is not a JPEG, PNG or WebP image (whatever its name says), is an
    SVG drawing, has too many pixels (a decompression bomb), or cannot be
    decoded. Reads the file only; nothing is written.
    """
    size = upload.size
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; photos may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    declared = sniff_format(head)
    if declared is None:
        if _looks_like_svg(getattr(upload, "name", "") or "", head):
            raise ValidationError(
                _("SVG drawings are not accepted as photos. Please upload a JPEG, PNG or WebP image."),
                code="svg",
            )
        raise _unsupported()

    too_many_pixels = ValidationError(
        _("This image has too many pixels; photos may have at most %(limit)s megapixels."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[declared]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise too_many_pixels
                image.verify()
            upload.seek(0)
            # verify() misses a truncated or corrupt JPEG; decoding finds it. The
            # pixel limit above bounds what decoding costs.
            with Image.open(upload, formats=[declared]) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except ValidationError:
        raise
    except Exception as exc:
        # Pillow raises many kinds of errors for a broken file.
        raise ValidationError(
            _("This file claims to be an image but cannot be read as one. Please upload the photo again."),
            code="broken_image",
        ) from exc
    finally:
        upload.seek(0)
    return declared, width, height
