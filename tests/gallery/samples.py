"""Image files for the gallery tests, made in memory."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 30, 30), **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels in a few bytes: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def phone_photo(size=(2400, 1800)) -> bytes:
    """A JPEG as a phone writes it: sensor-oriented pixels, EXIF orientation 6, GPS position.

    The left half is red and the right half blue; shown upright (turned 90°
    clockwise) red is on top.
    """
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (49.0, 57.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (82.0, 36.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


# Text that each metadata segment of annotated_photo() carries, to look for in stored files.
COMMENT_TEXT = b"Private note: taken from the balcony of flat 12"
XMP_TEXT = b"XMP creator Aigerim Private"
IPTC_TEXT = b"IPTC caption by Aigerim Private"


def _iptc_segment(caption: bytes) -> bytes:
    """A JPEG APP13 segment holding an IPTC caption (record 2, dataset 120), as photo editors write it."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    if len(record) % 2:
        record += b"\0"
    # 8BIM resource 0x0404 (IPTC-NAA) with an empty, padded name.
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def annotated_photo(size=(1200, 900)) -> bytes:
    """A phone photo (EXIF orientation 6, GPS) that an editor has added a comment, XMP, IPTC and a colour profile to.

    The left half is red and the right half blue, as in ``phone_photo``.
    """
    with Image.open(io.BytesIO(phone_photo(size))) as image:
        exif = image.getexif()
        pixels = image.copy()
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>' + XMP_TEXT + b"</dc:creator>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    pixels.save(
        buffer,
        "JPEG",
        exif=exif,
        xmp=xmp,
        comment=COMMENT_TEXT,
        icc_profile=icc,
        extra=_iptc_segment(IPTC_TEXT),
        quality=90,
    )
    return buffer.getvalue()
