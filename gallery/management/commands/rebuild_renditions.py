from django.utils.translation import gettext_lazy as _

from gallery import images
from gallery.models import Photo
from sources.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Make every photo's WebP and JPEG renditions again, cleaning originals that still carry EXIF data. "
        "Running it twice gives the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--exhibit", help=_("Only the photos of the exhibit with this slug."))

    def handle(self, *args, exhibit=None, **options):
        """Rebuild renditions photo by photo, printing "n/total" progress; run after a restore or a change of sizes."""
        photos = Photo.objects.select_related("exhibit").order_by("exhibit__slug", "key")
        if exhibit:
            photos = photos.filter(exhibit__slug=exhibit)
        photos = list(photos)
        total = len(photos)
        rebuilt = without_image = 0
        for number, photo in enumerate(photos, start=1):
            images.rebuild(photo)
            label = f"{number}/{total} {photo.exhibit.slug}/{photo.key}"
            if photo.image:
                rebuilt += 1
                self.stdout.write(f"{label}: {len(photo.renditions['jpeg'])} widths")
            else:
                without_image += 1
                self.stdout.write(f"{label}: no image")
            self.stdout.flush()
        self.stdout.write(f"Rebuilt renditions of {rebuilt} photo(s); {without_image} without an image.")
