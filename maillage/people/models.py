from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.crypto import EncryptedTextField
from maillage.core.roles import OVERSIGHT_ROLES
from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_roles
from maillage.people.matching import full_name_key, skeleton


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("X (non-binary or not stated)")


class PersonQuerySet(ScopedQuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """Coordinators and directors see every file of the organisation; a worker, the
        persons they recorded, or whose requests or follow-ups are theirs."""
        persons = super().visible_to(user)
        if current_roles(user) & OVERSIGHT_ROLES:
            return persons
        # Lookups by name: `people` does not import the areas that build on it.
        mine = (
            Q(created_by=user)
            | Q(requests__recorded_by=user)
            | Q(followups__assignments__worker=user)
        )
        return persons.filter(pk__in=persons.filter(mine).values("pk"))

    def findable_by(self, user: Any) -> PersonQuerySet:
        """The identity of every current person of the organisation, for the duplicate check
        only: recording someone twice would split their history."""
        return super().visible_to(user).current()

    def current(self) -> PersonQuerySet:
        """Leaves out persons merged into another and anonymised ones."""
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)


class Person(OrganisationScopedModel):
    """A young person or a relative, as known to one organisation.

    Names stay in clear so people can be found; contacts are encrypted. Each organisation
    keeps its own file: sharing with another is a consented act, not a shared row.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    email = EncryptedTextField(_("e-mail address"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    # Keys of the duplicate check, kept in step with the names by save().
    name_key = models.CharField(max_length=200, editable=False, default="")
    first_key = models.CharField(max_length=8, editable=False, default="")
    last_key = models.CharField(max_length=8, editable=False, default="")
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["organisation", "name_key"]),
            models.Index(fields=["organisation", "first_key"]),
            models.Index(fields=["organisation", "last_key"]),
            models.Index(fields=["organisation", "birth_date"]),
            # The check against every person (a network's, the sector's): each key's holders
            # in id order, so that the first CANDIDATE_LIMIT of a common skeleton are read
            # without the thousands after them.
            models.Index(fields=["name_key", "id"]),
            models.Index(fields=["first_key", "id"]),
            models.Index(fields=["last_key", "id"]),
            models.Index(fields=["birth_date", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", kwargs={"pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.merged_into_id is None and self.anonymised_at is None

    @property
    def audit_label(self) -> str:
        return f"{_('Person')} n° {self.pk} ({self.initials})"

    @property
    def initials(self) -> str:
        """What a coordinator sees of a follow-up they are not assigned to."""
        return "".join(f"{part[:1].upper()}." for part in (self.first_name, self.last_name) if part)

    def refresh_keys(self) -> None:
        self.name_key = full_name_key(self.first_name, self.last_name)
        self.first_key = skeleton(self.first_name)
        self.last_key = skeleton(self.last_name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key", "first_key", "last_key"}
        super().save(*args, **kwargs)


class Relation(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other")


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    def visible_to(self, user: Any) -> HouseholdQuerySet:
        """Coordinators and directors see every household; a worker, the households of the
        persons they may see: a household must not reveal a file the worker may not open."""
        households = super().visible_to(user)
        if current_roles(user) & OVERSIGHT_ROLES:
            return households
        seen = HouseholdMember.objects.filter(person__in=Person.objects.visible_to(user))
        return households.filter(pk__in=seen.values("household_id"))


class Household(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:household_detail", kwargs={"pk": self.pk})


class HouseholdMember(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"
