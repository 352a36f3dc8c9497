"""People, groups and institutions, and the honours they hold."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import TEXT_VALIDATORS, SlugManager, Sourced


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

    objects = SlugManager()

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
