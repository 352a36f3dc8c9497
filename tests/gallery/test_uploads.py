"""Photo uploads: JPEG, PNG and WebP within the limits are accepted; anything else is refused
with a message, through the form and through the admin, and nothing is written."""

import pytest
from django.urls import reverse
from django.utils import translation

from gallery import images
from gallery.forms import PhotoForm
from gallery.models import Photo
from tests.factories import make_exhibit
from tests.gallery.samples import (
    COMMENT_TEXT,
    IPTC_TEXT,
    XMP_TEXT,
    annotated_photo,
    image_bytes,
    png_header_only,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


REFUSED = {
    "bomb": (
        lambda: upload("bomb.png", png_header_only(100_000, 100_000), "image/png"),
        "This image has too many pixels; photos may have at most 40 megapixels.",
    ),
    "too many pixels": (
        lambda: upload("huge.png", png_header_only(8000, 6000), "image/png"),
        "This image has too many pixels; photos may have at most 40 megapixels.",
    ),
    "not an image": (
        lambda: upload("photo.jpg", b"MZ\x90\x00 this is a program, not a photo" * 20),
        "This file is not a JPEG, PNG or WebP image. Please upload a photo in one of these formats.",
    ),
    "JPEG header, no picture": (
        lambda: upload("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x13\x37" * 500),
        "This file claims to be an image but cannot be read as one. Please upload the photo again.",
    ),
    "truncated JPEG": (
        lambda: upload("photo.jpg", image_bytes("JPEG", (400, 300))[:600]),
        "This file claims to be an image but cannot be read as one. Please upload the photo again.",
    ),
    "SVG": (
        lambda: upload(
            "drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', "image/svg+xml"
        ),
        "SVG drawings are not accepted as photos. Please upload a JPEG, PNG or WebP image.",
    ),
    "GIF": (
        lambda: upload("anim.gif", image_bytes("GIF"), "image/gif"),
        "This file is not a JPEG, PNG or WebP image. Please upload a photo in one of these formats.",
    ),
}


def form_for(exhibit, image):
    data = {"exhibit": exhibit.pk, "key": "river", "order": 0}
    return PhotoForm(data=data, files={"image": image})


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "river.jpg"), ("PNG", "river.png"), ("WEBP", "river.webp")])
def test_form_accepts_jpeg_png_and_webp(fmt, name):
    exhibit = make_exhibit(published=False)

    form = form_for(exhibit, upload(name, image_bytes(fmt)))

    assert form.errors == {}


@pytest.mark.parametrize("case", list(REFUSED))
def test_form_refuses_with_a_message(case, settings):
    exhibit = make_exhibit(published=False)
    make_file, message = REFUSED[case]

    form = form_for(exhibit, make_file())

    assert form.errors == {"image": [message]}
    assert media_files(settings) == []


def test_form_refuses_a_file_over_the_size_limit(settings):
    exhibit = make_exhibit(published=False)
    content = image_bytes("JPEG") + b"\0" * images.MAX_UPLOAD_BYTES

    form = form_for(exhibit, upload("big.jpg", content))

    assert form.errors["image"][0].startswith("This file is 15.0")
    assert form.errors["image"][0].endswith("; photos may be at most 15.0\xa0MB.")
    assert media_files(settings) == []


@pytest.fixture
def admin_post(admin_client):
    exhibit = make_exhibit(published=False)

    def post(image):
        data = {
            "exhibit": exhibit.pk,
            "key": "river",
            "order": 0,
            "image": image,
            **{f"{field}_{lang}": "" for field in ("caption", "alt_text") for lang in ("kk", "ru", "en")},
        }
        return admin_client.post(reverse("admin:gallery_photo_add"), data, headers={"accept-language": "en"})

    return post


@pytest.mark.parametrize("case", list(REFUSED))
def test_admin_add_view_refuses_with_a_message_and_saves_nothing(case, admin_post, settings):
    make_file, message = REFUSED[case]

    response = admin_post(make_file())

    assert message in response.content.decode()
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_admin_add_view_refuses_an_oversized_file(admin_post, settings, monkeypatch):
    # The real limit is 15 MB; a small one keeps the request small.
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 2048)
    content = image_bytes("JPEG", (64, 48)) + b"\0" * 4096

    response = admin_post(upload("big.jpg", content))

    assert "; photos may be at most 2.0\xa0KB." in response.content.decode()
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_admin_add_view_saves_an_accepted_photo(admin_post):
    response = admin_post(upload("river.webp", image_bytes("WEBP"), "image/webp"))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.key == "river"
    assert photo.image.name.endswith(".webp")


def test_admin_upload_keeps_no_comment_xmp_iptc_or_exif_in_any_stored_file(admin_post, settings):
    # A photo an editor annotated: every stored file, the kept original and each
    # rendition, is looked through byte by byte for what the editor wrote.
    response = admin_post(upload("IMG_0042.jpg", annotated_photo()))

    assert response.status_code == 302
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    photo = Photo.objects.get()
    assert len(stored) == 1 + sum(len(photo.renditions[fmt]) for fmt in ("webp", "jpeg"))
    leaks = {
        path.name: [
            text for text in (COMMENT_TEXT, XMP_TEXT, IPTC_TEXT, b"Exif", b"PhoneMaker") if text in path.read_bytes()
        ]
        for path in stored
    }
    assert leaks == {path.name: [] for path in stored}
