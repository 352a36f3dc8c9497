"""A phone photo is kept upright without EXIF or GPS data, with WebP and JPEG renditions for srcset."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from gallery.models import Photo
from tests.factories import make_exhibit
from tests.gallery.samples import (
    COMMENT_TEXT,
    IPTC_TEXT,
    XMP_TEXT,
    annotated_photo,
    image_bytes,
    phone_photo,
    upload,
)

pytestmark = pytest.mark.django_db


def assert_no_metadata(path):
    with Image.open(path) as image:
        assert dict(image.getexif()) == {}
        assert {key for key in ("xmp", "comment", "photoshop", "exif") if key in image.info} == set()
    content = Path(path).read_bytes()
    for text in (b"Exif", b"PhoneMaker", COMMENT_TEXT, XMP_TEXT, IPTC_TEXT):
        assert text not in content


def pixel(path, xy):
    with Image.open(path) as image:
        return image.convert("RGB").getpixel(xy)


def is_red(rgb):
    return rgb[0] > 200 and rgb[1] < 60 and rgb[2] < 60


def is_blue(rgb):
    return rgb[2] > 200 and rgb[0] < 60 and rgb[1] < 60


@pytest.fixture
def photo():
    return Photo.objects.create(exhibit=make_exhibit(), key="river", image=upload("IMG_0042.jpg", phone_photo()))


def test_phone_photo_is_stored_upright_without_exif_or_gps(photo):
    path = default_storage.path(photo.image.name)

    assert (photo.width, photo.height) == (1800, 2400)
    with Image.open(path) as image:
        assert image.size == (1800, 2400)
    assert is_red(pixel(path, (900, 10)))
    assert is_blue(pixel(path, (900, 2390)))
    assert_no_metadata(path)
    assert photo.image.name == "photos/" + photo.image.name.split("/")[1] + "/river.jpg"


def test_renditions_at_480_960_1600_in_webp_and_jpeg_without_metadata(photo):
    photo.refresh_from_db()

    for fmt, pillow_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        widths = [width for width, _name in photo.renditions[fmt]]
        assert widths == [480, 960, 1600]
        for width, name in photo.renditions[fmt]:
            path = default_storage.path(name)
            with Image.open(path) as image:
                assert image.format == pillow_format
                assert image.size == (width, round(2400 * width / 1800))
            assert is_red(pixel(path, (width // 2, 3)))
            assert_no_metadata(path)


def test_annotated_photo_keeps_its_colour_profile_and_no_comment_xmp_or_iptc_in_original_or_renditions():
    photo = Photo.objects.create(exhibit=make_exhibit(), key="balcony", image=upload("IMG_0043.jpg", annotated_photo()))
    original = default_storage.path(photo.image.name)
    renditions = [default_storage.path(name) for fmt in ("webp", "jpeg") for _width, name in photo.renditions[fmt]]

    # Turned upright (EXIF orientation 6): red on top.
    assert (photo.width, photo.height) == (900, 1200)
    assert is_red(pixel(original, (450, 10)))
    assert is_blue(pixel(original, (450, 1190)))
    for path in [original, *renditions]:
        assert_no_metadata(path)
        with Image.open(path) as image:
            assert image.info.get("icc_profile"), f"{path} lost its colour profile"
    assert [width for width, _name in photo.renditions["jpeg"]] == [480, 900]


def test_narrow_photo_is_never_enlarged():
    photo = Photo.objects.create(
        exhibit=make_exhibit(), key="stamp", image=upload("stamp.png", image_bytes("PNG", (700, 500)))
    )

    assert [width for width, _name in photo.renditions["webp"]] == [480, 700]
    assert [width for width, _name in photo.renditions["jpeg"]] == [480, 700]


def test_srcset_and_fallback_url(photo):
    srcset = photo.srcset("webp")
    jpeg_srcset = photo.srcset("jpeg")
    fallback = photo.fallback_url()

    assert srcset == (
        "/media/photos/renditions/river-480w.webp 480w, "
        "/media/photos/renditions/river-960w.webp 960w, "
        "/media/photos/renditions/river-1600w.webp 1600w"
    )
    assert jpeg_srcset.endswith(", /media/photos/renditions/river-1600w.jpg 1600w")
    assert fallback == "/media/photos/renditions/river-960w.jpg"


def test_photo_without_image_has_no_srcset():
    photo = Photo.objects.create(exhibit=make_exhibit(), key="pending")

    assert photo.srcset("webp") == ""
    assert photo.fallback_url() == ""


def test_saving_again_does_not_remake_renditions(photo):
    before = default_storage.path(photo.renditions["webp"][0][1])
    mtime = default_storage.get_modified_time(photo.renditions["webp"][0][1])

    photo.caption_en = "The Irtysh in winter"
    photo.save()

    assert default_storage.get_modified_time(photo.renditions["webp"][0][1]) == mtime
    assert default_storage.path(photo.renditions["webp"][0][1]) == before


def test_replacing_the_image_removes_the_old_renditions(photo):
    old = [name for _width, name in photo.renditions["jpeg"]]

    photo.image = upload("other.png", image_bytes("PNG", (500, 400)))
    photo.save()

    photo.refresh_from_db()
    new = [name for _width, name in photo.renditions["jpeg"]]
    assert [width for width, _name in photo.renditions["jpeg"]] == [480, 500]
    assert {name: default_storage.exists(name) for name in old} == {name: name in new for name in old}
    assert all(default_storage.exists(name) for name in new)


def test_rebuild_renditions_cleans_placed_files_and_is_idempotent(capsys):
    exhibit = make_exhibit(slug="winter-oskemen")
    # A file placed without an upload, as a fixture or a restore would.
    name = default_storage.save("photos/2025/placed.jpg", upload("placed.jpg", phone_photo((2000, 1000))))
    placed = Photo(exhibit=exhibit, key="placed", image=name)
    placed.save()
    Photo.objects.create(exhibit=exhibit, key="pending")

    call_command("rebuild_renditions")
    first = Photo.objects.get(key="placed")
    call_command("rebuild_renditions")
    second = Photo.objects.get(key="placed")

    assert (
        capsys.readouterr().out.splitlines()
        == [
            "1/2 winter-oskemen/pending: no image",
            "2/2 winter-oskemen/placed: 3 widths",
            "Rebuilt renditions of 1 photo(s); 1 without an image.",
        ]
        * 2
    )
    assert (second.width, second.height) == (1000, 2000)
    assert second.renditions == first.renditions
    assert [width for width, _name in second.renditions["webp"]] == [480, 960, 1000]
    assert_no_metadata(default_storage.path(second.image.name))
    assert second.image.name == "photos/2025/placed.jpg"


def test_rebuild_renditions_cleans_a_placed_file_whose_only_metadata_is_a_comment():
    # No EXIF to give it away: the comment alone makes the original be cleaned.
    content = image_bytes("JPEG", (600, 400), comment=COMMENT_TEXT)
    name = default_storage.save("photos/2025/commented.jpg", upload("commented.jpg", content))
    Photo(exhibit=make_exhibit(), key="commented", image=name).save()

    call_command("rebuild_renditions", stdout=io.StringIO())

    photo = Photo.objects.get(key="commented")
    assert photo.image.name == "photos/2025/commented.jpg"
    for path in [photo.image.name, *(name for fmt in ("webp", "jpeg") for _width, name in photo.renditions[fmt])]:
        assert_no_metadata(default_storage.path(path))
