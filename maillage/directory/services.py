"""Writes of the social offer: create, update, publish or withdraw, confirm a service.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. `service_errors` is the one set of rules,
shared with the import (which checks a whole file before writing any row).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.directory.models import Gender, Service, Theme

SERVICE_FIELDS = (
    "name",
    "theme",
    "description",
    "age_min",
    "age_max",
    "gender",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "email",
    "website",
    "languages",
    "is_free",
    "price_note",
    "access",
    "is_published",
)
MAX_AGE = 120


def names_taken(organisation: Organisation, exclude_pk: int | None = None) -> set[str]:
    """The organisation's service names, case-folded: pass them to `service_errors` to
    check many rows (an import) in one query."""
    # Compared in Python: SQLite folds the case of ASCII letters only ("École" ≠ "école").
    services = Service.objects.filter(organisation=organisation)
    if exclude_pk is not None:
        services = services.exclude(pk=exclude_pk)
    names = services.values_list("name", flat=True)
    return {taken.casefold() for taken in names}


def service_errors(
    *,
    organisation: Organisation,
    values: dict[str, Any],
    exclude_pk: int | None = None,
    taken: set[str] | None = None,
) -> Errors:
    """What is wrong with these values for a service of `organisation`, by field.

    `taken`: the case-folded names already used (from `names_taken`), read here if not given.
    """
    errors: Errors = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Give the name of the service.")]
    elif name.casefold() in (taken if taken is not None else names_taken(organisation, exclude_pk)):
        errors["name"] = [_("Your organisation already has a service with this name.")]
    if values.get("theme") not in Theme.values:
        errors["theme"] = [_("Choose a theme from the list.")]
    if values.get("gender") and values["gender"] not in Gender.values:
        errors["gender"] = [_("Choose who the service is restricted to from the list.")]
    age_min, age_max = values.get("age_min"), values.get("age_max")
    for key, age in (("age_min", age_min), ("age_max", age_max)):
        if age is not None and not 0 <= age <= MAX_AGE:
            errors[key] = [_("An age is between 0 and %(max)s.") % {"max": MAX_AGE}]
    if age_min is not None and age_max is not None and age_max < age_min:
        errors.setdefault("age_max", []).append(_("The maximum age is lower than the minimum age."))
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        errors[missing] = [_("Give both the latitude and the longitude, or neither.")]
    if latitude is not None and not Decimal(-90) <= Decimal(latitude) <= Decimal(90):
        errors["latitude"] = [_("A latitude is between -90 and 90.")]
    if longitude is not None and not Decimal(-180) <= Decimal(longitude) <= Decimal(180):
        errors["longitude"] = [_("A longitude is between -180 and 180.")]
    if values.get("is_free") is False and not (values.get("price_note") or "").strip():
        errors["price_note"] = [_("Say what the service costs.")]
    return errors


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")


@transaction.atomic
def service_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    theme: str,
    communes: Iterable[Commune] = (),
    **fields: Any,
) -> Service:
    _check_fields(fields)
    values = {"name": name.strip(), "theme": theme, **fields}
    raise_errors(service_errors(organisation=organisation, values=values))
    service = Service.objects.create(organisation=organisation, **values)
    service.communes.set(list(communes))
    audit_log(
        actor=actor,
        action="directory.service.created",
        target=service,
        changes={"theme": theme, "is_published": service.is_published},
    )
    return service


@transaction.atomic
def service_update(
    *,
    actor: User,
    service: Service,
    communes: Iterable[Commune] | None = None,
    **fields: Any,
) -> Service:
    """Change a service; saving it counts as bringing it up to date."""
    _check_fields(fields)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    current = {key: getattr(service, key) for key in SERVICE_FIELDS}
    values = {**current, **fields}
    raise_errors(
        service_errors(organisation=service.organisation, values=values, exclude_pk=service.pk)
    )
    changed = sorted(key for key in fields if fields[key] != current[key])
    for key, value in fields.items():
        setattr(service, key, value)
    service.save()
    if communes is not None:
        before = set(service.communes.values_list("pk", flat=True))
        chosen = list(communes)
        if before != {c.pk for c in chosen}:
            changed.append("communes")
        service.communes.set(chosen)
    audit_log(
        actor=actor,
        action="directory.service.updated",
        target=service,
        changes={"fields": changed},
    )
    return service


@transaction.atomic
def service_set_published(*, actor: User, service: Service, published: bool) -> Service:
    """Publish a service, or withdraw it from the network and the public page."""
    if service.is_published == published:
        return service
    service.is_published = published
    service.save(update_fields=["is_published", "updated_at"])
    audit_log(
        actor=actor,
        action="directory.service.published" if published else "directory.service.unpublished",
        target=service,
    )
    return service


@transaction.atomic
def service_confirm(*, actor: User, service: Service) -> Service:
    """Record that someone checked the entry and it is still right (clears the stale flag)."""
    service.reviewed_at = timezone.now()
    # Only the confirmation: `updated_at` keeps telling when the entry last changed.
    Service.objects.filter(pk=service.pk).update(reviewed_at=service.reviewed_at)
    audit_log(actor=actor, action="directory.service.confirmed", target=service)
    return service
