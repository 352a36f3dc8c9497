"""People, groups and institutions, and the honours they hold."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sources.links import slug_url
from sources.models import SlugManager, Sourced
from sources.text import MULTI_LINE, SINGLE_LINE


class Honour(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=SINGLE_LINE)

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
    def for_person_page(self):
        """People for ``events.views.person_detail``: the group they belong to and ``honour_list``; two queries.

        What they take part in (sessions, exhibits) and who belongs to them are
        preloaded by ``events.visibility.person_page_people()``, which adds the
        rule of who a resident may see.
        """
        return self.select_related("affiliation").prefetch_related(
            Prefetch("honours", queryset=Honour.objects.order_by("slug"), to_attr="honour_list")
        )


PersonManager = SlugManager.from_queryset(PersonQuerySet)


class Person(Sourced):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind, default=PersonKind.PERSON)
    name = models.CharField(
        _("name"),
        max_length=300,
        validators=SINGLE_LINE,
        help_text=_("As the source writes it; initials stay initials when no full name is given."),
    )
    description = models.TextField(_("description"), blank=True, validators=MULTI_LINE)
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
        return slug_url("people:person", self.slug)

    def natural_key(self):
        return (self.slug,)
