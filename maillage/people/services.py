"""Writes with rules about persons and households: creation, changes, merges, memberships.

Contacts are encrypted: audit events name the fields that changed, never their values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log, audit_log_many
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import OVERSIGHT_ROLES
from maillage.core.scoping import current_roles
from maillage.people.models import Household, HouseholdMember, Person, Relation
from maillage.people.relations import references_to_person

# What a worker may set on a person; the rest (keys, merge, anonymisation) follows rules.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "commune",
    "school",
    "phone",
    "email",
    "address",
)
OLDEST_BIRTH_DATE = date(1900, 1, 1)


def check_birth_date(value: date | None) -> None:
    """A birth date in the future, or before 1900, is a typing error."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})
    if value < OLDEST_BIRTH_DATE:
        raise ValidationError({"birth_date": _("Please check the birth date.")})


def _clean_person(person: Person) -> None:
    person.first_name = " ".join((person.first_name or "").split())
    person.last_name = " ".join((person.last_name or "").split())
    errors: dict[str, list[str]] = {}
    if not person.first_name:
        errors["first_name"] = [_("Please enter the first name.")]
    if not person.last_name:
        errors["last_name"] = [_("Please enter the last name.")]
    try:
        check_birth_date(person.birth_date)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    person.full_clean(exclude=["organisation", "created_by", "merged_into"])


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    gender: str = "",
    commune: Commune | None = None,
    school: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
) -> Person:
    entry = {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date,
        "gender": gender,
        "commune": commune,
        "school": school,
        "phone": phone,
        "email": email,
        "address": address,
    }
    return persons_create(actor=actor, organisation=organisation, entries=[entry])[0]


@transaction.atomic
def persons_create(
    *, actor: User | None, organisation: Organisation, entries: list[dict[str, Any]]
) -> list[Person]:
    """Create persons (an import's new pupils) in one statement, each checked as one typed
    in, each with its audit entry. `entries` hold the keyword arguments of `person_create`."""
    persons = []
    for entry in entries:
        person = Person(
            organisation=organisation,
            first_name=entry["first_name"],
            last_name=entry["last_name"],
            birth_date=entry.get("birth_date"),
            gender=entry.get("gender") or "",
            commune=entry.get("commune"),
            school=(entry.get("school") or "").strip(),
            phone=(entry.get("phone") or "").strip(),
            email=(entry.get("email") or "").strip(),
            address=(entry.get("address") or "").strip(),
            created_by=actor,
        )
        _clean_person(person)
        person.refresh_keys()  # what save() does; bulk_create does not call it
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=1000)
    audit_log_many(
        actor=actor,
        action="people.person.created",
        targets=persons,
        changes=[
            {"fields": [name for name in PERSON_FIELDS if getattr(person, name)]}
            for person in persons
        ],
    )
    return persons


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict[str, Any]) -> Person:
    """Change the fields of `data` that a worker may set; record which ones changed."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    for name in PERSON_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        elif value is None and name not in ("birth_date", "commune"):
            value = ""
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed.append(name)
    if changed:
        _clean_person(current)
        current.save()
        audit_log(
            actor=actor, action="people.person.updated", target=current, changes={"fields": changed}
        )
    return current


def _unique_sets(model: type[models.Model], field_name: str) -> list[tuple[str, ...]]:
    """The unique constraints of `model` that include `field_name` (its other fields)."""
    sets: list[tuple[str, ...]] = []
    if model._meta.get_field(field_name).unique:  # type: ignore[union-attr]
        sets.append(())
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields:
            sets.append(tuple(f for f in constraint.fields if f != field_name))
    for together in model._meta.unique_together:
        if field_name in together:
            sets.append(tuple(f for f in together if f != field_name))
    return sets


def _move_rows(
    model: type[models.Model], field_name: str, keep: Person, absorb: Person
) -> tuple[int, int]:
    """Point the rows of `model` at `keep` instead of `absorb`, in one UPDATE.

    A row that would repeat one of keep's under a unique constraint (both persons in the
    same household, say) stays with `absorb`: nothing is deleted. Returns (moved, left).
    """
    rows = model._default_manager.filter(**{field_name: absorb})
    movable = rows
    unique_sets = _unique_sets(model, field_name)
    for others in unique_sets:
        clash = model._default_manager.filter(**{field_name: keep})
        for other in others:
            clash = clash.filter(**{other: OuterRef(other)})
        movable = movable.exclude(Exists(clash))
    count = movable.update(**{field_name: keep})
    return count, rows.count() if unique_sets else 0


def person_merge_check(*, actor: User, keep: Person, absorb: Person) -> None:
    """Raise unless `actor` may merge `absorb` into `keep` (before asking to confirm)."""
    if not current_roles(actor) & OVERSIGHT_ROLES:
        raise PermissionDenied
    if keep.pk == absorb.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    if keep.organisation_id != absorb.organisation_id:
        raise ValidationError(_("Only files of the same organisation can be merged."))
    if not (keep.is_current and absorb.is_current):
        raise ValidationError(_("This file has already been merged or anonymised."))


@transaction.atomic
def person_merge(*, actor: User, keep: Person, absorb: Person) -> Person:
    """Bring `absorb` into `keep`: every row about absorb now points at keep, keep's empty
    fields take absorb's values, and absorb stays, marked as merged, so both histories
    remain. Coordinators and directors only."""
    person_merge_check(actor=actor, keep=keep, absorb=absorb)
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, absorb.pk])
    }
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    person_merge_check(actor=actor, keep=keep, absorb=absorb)
    moved: dict[str, int] = {}
    left: dict[str, int] = {}
    for model, field_name in references_to_person():
        # Files merged earlier into `absorb` now point at `keep` too.
        count, stayed = _move_rows(model, field_name, keep, absorb)
        label = f"{model._meta.label_lower}.{field_name}"
        if count:
            moved[label] = count
        if stayed:
            left[label] = stayed
    filled = [name for name in PERSON_FIELDS if not getattr(keep, name) and getattr(absorb, name)]
    for name in filled:
        setattr(keep, name, getattr(absorb, name))
    if filled:
        keep.save()
    absorb.merged_into = keep
    absorb.merged_at = timezone.now()
    absorb.save(update_fields=["merged_into", "merged_at"])
    audit_log(
        actor=actor,
        action="people.person.merged",
        target=keep,
        changes={"absorbed": absorb.pk, "moved": moved, "left": left, "filled": filled},
    )
    return keep


def _check_same_organisation(household: Household, person: Person) -> None:
    if household.organisation_id != person.organisation_id:
        raise ValidationError({"person": _("This person is not known to your organisation.")})
    if not person.is_current:
        raise ValidationError({"person": _("This file has already been merged or anonymised.")})


@transaction.atomic
def household_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    member: Person | None = None,
    relation: str = Relation.YOUNG_PERSON,
) -> Household:
    """A household, with its first member when created from a person's file."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Please give the household a name.")})
    household = Household(organisation=organisation, name=name)
    household.full_clean(exclude=["organisation"])
    household.save()
    audit_log(actor=actor, action="people.household.created", target=household)
    if member is not None:
        household_add_member(actor=actor, household=household, person=member, relation=relation)
    return household


@transaction.atomic
def household_add_member(
    *, actor: User, household: Household, person: Person, relation: str
) -> HouseholdMember:
    _check_same_organisation(household, person)
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Choose a relation from the list.")})
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise ValidationError({"person": _("This person is already a member of the household.")})
    member = HouseholdMember.objects.create(
        organisation_id=household.organisation_id,
        household=household,
        person=person,
        relation=relation,
    )
    audit_log(
        actor=actor,
        action="people.household.member_added",
        target=household,
        changes={"person": person.pk, "relation": relation},
    )
    return member


@transaction.atomic
def household_remove_member(*, actor: User, member: HouseholdMember) -> None:
    household = member.household
    audit_log(
        actor=actor,
        action="people.household.member_removed",
        target=household,
        changes={"person": member.person_id, "relation": member.relation},
    )
    member.delete()
