"""People, groups and institutions, and the honours they hold."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import TEXT_VALIDATORS, Session, SessionPerson, SlugManager, Sourced


class Honour(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=TEXT_VALIDATORS)

    objects = SlugManager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PersonKind(models.TextChoices):
    PERSON = "person", _("Person")
    GROUP = "group", _("Group or ensemble")
    INSTITUTION = "institution", _("Institution")


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People a resident may see: named in something published.

        A person, group or institution is public when it takes part in a
        published session, is credited in or holds the collection of a
        published exhibit, took a photo in one, or is the group or institution
        of someone who is. A person entered only for a draft stays hidden.
        """
        from gallery.models import Exhibit, ExhibitPhotographer, Photo

        published_exhibits = Exhibit.objects.published()
        named = (
            Q(Exists(SessionPerson.objects.filter(person=OuterRef("pk"), session__in=Session.objects.published())))
            | Q(Exists(ExhibitPhotographer.objects.filter(person=OuterRef("pk"), exhibit__in=published_exhibits)))
            | Q(Exists(published_exhibits.filter(institution=OuterRef("pk"))))
            | Q(Exists(Photo.objects.filter(photographer=OuterRef("pk"), exhibit__in=published_exhibits)))
        )
        members = self.model.objects.filter(named, affiliation=OuterRef("pk"))
        return self.filter(named | Q(Exists(members)))

    def for_index_page(self):
        """People for ``people.views.person_index``, with the group or institution they belong to.

        One query (``affiliation`` is joined); only public people.
        """
        return self.public().select_related("affiliation")

    def for_person_page(self):
        """People for ``people.views.person_detail``, with everything the page shows.

        Joins ``affiliation`` and preloads ``honour_list``; ``visible_appearances``
        (their parts in published sessions, with the session's day, programme,
        space and venue, in time order); ``member_list`` (who belongs to a group
        or institution); ``credited_exhibits`` (published exhibits that name
        them as a photographer), ``collection_exhibits`` (published exhibits
        from their collection) and ``visible_photos`` (photos they took in
        published exhibits). Seven queries in all.
        """
        from gallery.models import Exhibit, Photo

        appearances = (
            SessionPerson.objects.filter(session__in=Session.objects.published())
            .select_related("session__day__programme", "session__space__venue")
            .order_by("session__day__date", "session__start_time", "session__slug", "order", "pk")
        )
        photos = Photo.objects.filter(exhibit__in=Exhibit.objects.published()).select_related("exhibit")
        return (
            self.public()
            .select_related("affiliation")
            .prefetch_related(
                Prefetch("honours", queryset=Honour.objects.order_by("slug"), to_attr="honour_list"),
                Prefetch("appearances", queryset=appearances, to_attr="visible_appearances"),
                Prefetch("members", queryset=Person.objects.public().order_by("slug"), to_attr="member_list"),
                Prefetch("photographed_exhibits", queryset=Exhibit.objects.published(), to_attr="credited_exhibits"),
                Prefetch("exhibits", queryset=Exhibit.objects.published(), to_attr="collection_exhibits"),
                Prefetch("photos", queryset=photos, to_attr="visible_photos"),
            )
        )


PersonManager = SlugManager.from_queryset(PersonQuerySet)


class Person(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind, default=PersonKind.PERSON)
    name = models.CharField(
        _("name"),
        max_length=300,
        validators=TEXT_VALIDATORS,
        help_text=_("As the source writes it; initials stay initials when no full name is given."),
    )
    description = models.TextField(_("description"), blank=True, validators=TEXT_VALIDATORS)
    honours = models.ManyToManyField(Honour, verbose_name=_("honours"), blank=True, related_name="holders")
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("member of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind__in": [PersonKind.GROUP, PersonKind.INSTITUTION]},
    )

    objects = PersonManager()

    class Meta:
        verbose_name = _("person or group")
        verbose_name_plural = _("people and groups")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
