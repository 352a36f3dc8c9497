"""Photo uploads: what is accepted, and the clean copies and renditions kept of it.

An upload is checked before anything is written (``inspect_upload``, called by
``gallery.forms.PhotoImageField``). On save, ``Photo.save()`` keeps an upright
copy without metadata (``clean_original``) and then makes the renditions pages
use in ``srcset`` (``make_renditions``). ``rebuild_renditions`` remakes them.
Neither the kept copy nor a rendition carries EXIF (camera, GPS), XMP, IPTC or
a JPEG comment; only the colour profile is kept.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from sources.caching import invalidate, keys_of, note_content_change

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


# What Pillow read from a file that the pixels need: a palette image's transparent colour.
# Everything else it keeps in ``info`` (the JPEG comment, XMP, EXIF and IPTC bytes, PNG
# text) is metadata, and Pillow's JPEG writer writes ``info["comment"]`` back unasked.
PIXEL_INFO = ("transparency",)


def _upright_pixels(image: Image.Image) -> Image.Image:
    """Return a copy of ``image`` turned upright per its EXIF orientation, carrying no metadata."""
    upright = ImageOps.exif_transpose(image)
    upright.info = {key: upright.info[key] for key in PIXEL_INFO if key in upright.info}
    return upright


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _for_format(image: Image.Image, fmt: str) -> Image.Image:
    """Return ``image`` in a mode ``fmt`` can store; JPEG gets transparency flattened onto white."""
    if fmt == "JPEG":
        if _has_alpha(image):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")
    if fmt == "WEBP":
        wanted = "RGBA" if _has_alpha(image) else "RGB"
        return image if image.mode == wanted else image.convert(wanted)
    return image


def _encode(image: Image.Image, fmt: str, icc_profile: bytes | None = None, **options) -> bytes:
    # ``image`` comes from _upright_pixels, and no exif=, xmp=, comment= or extra=
    # argument is passed: Pillow then writes no EXIF, XMP, IPTC or comment.
    if icc_profile:
        # The colour profile is not personal data, and without it colours shift.
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    _for_format(image, fmt).save(buffer, fmt, **options)
    return buffer.getvalue()


ORIGINAL_OPTIONS = {"JPEG": {"quality": 92, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 92}}


def upright_without_metadata(file) -> tuple[bytes, str, int, int]:
    """Return ``file`` turned upright per its EXIF orientation and re-encoded without metadata.

    EXIF (camera, GPS), XMP, IPTC and JPEG comments are dropped; the colour profile is kept.

    Returns the bytes, the Pillow format name and the upright width and height.
    """
    file.seek(0)
    with Image.open(file) as image:
        fmt = image.format
        icc = image.info.get("icc_profile")
        upright = _upright_pixels(image)
        content = _encode(upright, fmt, icc, **ORIGINAL_OPTIONS[fmt])
        width, height = upright.size
    file.seek(0)
    return content, fmt, width, height


def clean_original(photo) -> None:
    """Replace ``photo.image``'s pending upload with its upright copy without metadata.

    Called by ``Photo.save()`` before the file is written, so a GPS position
    never reaches the media folder. Sets ``photo.width`` and ``photo.height``.
    """
    content, fmt, width, height = upright_without_metadata(photo.image.file)
    stem = photo.key or PurePosixPath(photo.image.name).stem
    photo.image = ContentFile(content, name=f"{stem}.{ACCEPTED_FORMATS[fmt]}")
    photo.width, photo.height = width, height


def rendition_widths(width: int) -> list[int]:
    """The widths made for a photo ``width`` pixels wide: never wider than the photo itself."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


def make_renditions(image_file) -> dict:
    """Write the WebP and JPEG renditions of a stored image and return their record.

    The record is ``{"original": name, "webp": [[width, name], ...], "jpeg": [...]}``,
    narrowest first. Names derive from the original's, and an existing file of
    that name is replaced, so making them again gives the same files.
    """
    storage = image_file.storage
    stem = PurePosixPath(image_file.name).stem
    record = {"original": image_file.name, **{key: [] for key in RENDITION_FORMATS}}
    with image_file.open("rb"), Image.open(image_file) as stored:
        icc = stored.info.get("icc_profile")
        image = _upright_pixels(stored)
        for width in rendition_widths(image.width):
            height = max(1, round(image.height * width / image.width))
            resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
            for key, (fmt, options) in RENDITION_FORMATS.items():
                name = f"{RENDITION_DIR}/{stem}-{width}w.{ACCEPTED_FORMATS[fmt]}"
                storage.delete(name)
                saved = storage.save(name, ContentFile(_encode(resized, fmt, icc, **options)))
                record[key].append([width, saved])
    return record


def delete_renditions(record: dict, storage) -> None:
    for key in RENDITION_FORMATS:
        for _width, name in record.get(key, []):
            storage.delete(name)


# Where Pillow puts, on reading, the metadata a clean copy must not carry: XMP, a JPEG
# comment (COM), IPTC (the JPEG APP13 "photoshop" segment) and EXIF kept as bytes.
METADATA_INFO = ("xmp", "comment", "photoshop", "exif")


def has_metadata(image_file) -> bool:
    """True when a stored image still carries metadata: EXIF (orientation, camera, GPS), XMP, IPTC or a comment."""
    with image_file.open("rb"), Image.open(image_file) as image:
        return bool(image.getexif()) or any(image.info.get(key) for key in METADATA_INFO)


def rebuild(photo) -> None:
    """Make ``photo``'s renditions again, cleaning its original first if it carries metadata.

    Called by the ``rebuild_renditions`` command. Files placed without an upload
    (a fixture, a restore) are cleaned here. Writes with ``update()``: the
    photo's content, and so its ``updated_at``, does not change.
    """
    storage = photo.image.storage if photo.image else default_storage
    if photo.renditions:
        delete_renditions(photo.renditions, storage)
    if not photo.image:
        type(photo).objects.filter(pk=photo.pk).update(renditions={}, width=None, height=None)
        photo.renditions, photo.width, photo.height = {}, None, None
        return
    name = photo.image.name
    if has_metadata(photo.image):
        with photo.image.open("rb"):
            content, _fmt, _width, _height = upright_without_metadata(photo.image)
        storage.delete(name)
        name = storage.save(name, ContentFile(content))
        photo.image.name = name
    renditions = make_renditions(photo.image)
    with photo.image.open("rb"), Image.open(photo.image) as image:
        width, height = image.size
    type(photo).objects.filter(pk=photo.pk).update(image=name, renditions=renditions, width=width, height=height)
    photo.renditions, photo.width, photo.height = renditions, width, height
    # update() sends no signal; the pages showing the photo name its file.
    note_content_change()
    invalidate(keys_of(photo))
