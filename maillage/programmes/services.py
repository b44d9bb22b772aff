"""Writes of programmes: the programme itself and its funded projects here; budget lines,
spending and indicator targets in `budgets.py` (re-exported).

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. Only the coordinating organisation's users
who may manage the network's shared work change a programme (`Programme.objects.managed_by`);
the funded organisations read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.core.roles import Perm, permissions_for
from maillage.core.scoping import current_roles
from maillage.core.validation import Errors, raise_errors
from maillage.network.models import Agreement

# Budget lines, spending and targets live in `budgets.py`; every write is reachable here.
from maillage.programmes.budgets import (
    OverEnvelope,
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    indicator_target_remove,
    indicator_target_set,
    remaining_envelope,
    spending_record,
    spending_remove,
)
from maillage.programmes.models import (
    FundedProject,
    Programme,
    ProgrammeKind,
)
from maillage.programmes.rules import (
    changed_fields,
    locked,
    money,
    require_manager,
    unknown_fields,
)

PROGRAMME_FIELDS = ("title", "slug", "kind", "starts_on", "ends_on", "envelope", "description")
PROJECT_FIELDS = ("organisation", "title", "amount", "agreement")


# Programmes ---------------------------------------------------------------------------------


def _programme_errors(values: dict[str, Any], pk: int | None) -> Errors:
    errors: Errors = {}
    if not str(values.get("title") or "").strip():
        errors["title"] = [_("Give the programme a title.")]
    slug = str(values.get("slug") or "").strip()
    if not slug:
        errors["slug"] = [_("Give the programme a short name (letters, digits and dashes).")]
    elif slug != slugify(slug):
        errors["slug"] = [_("Use only lower-case letters, digits and dashes.")]
    elif Programme.objects.filter(slug=slug).exclude(pk=pk or 0).exists():
        errors["slug"] = [_("Another programme already has this short name.")]
    if values.get("kind") not in ProgrammeKind.values:
        errors["kind"] = [_("Choose the kind of programme.")]
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if not starts_on:
        errors["starts_on"] = [_("Give the start of the programme.")]
    if not ends_on:
        errors["ends_on"] = [_("Give the end of the programme.")]
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end cannot be before the start.")]
    envelope = values.get("envelope")
    if envelope is None:
        errors["envelope"] = [_("Give the envelope (0 if it is not known yet).")]
    elif envelope < 0:
        errors["envelope"] = [_("The envelope cannot be negative.")]
    return errors


@transaction.atomic
def programme_create(
    *,
    actor: User,
    organisation: Organisation,
    funders: Iterable[Organisation] = (),
    **fields: Any,
) -> Programme:
    unknown_fields(fields, PROGRAMME_FIELDS, "programme")
    if Perm.MANAGE_NETWORK not in permissions_for(current_roles(actor)):
        raise PermissionDenied
    values = {"description": ""} | fields
    raise_errors(_programme_errors(values, None))
    programme = Programme.objects.create(organisation=organisation, **values)
    programme.funders.set(list(funders))
    audit_log(
        actor=actor,
        action="programmes.programme.created",
        target=programme,
        changes={"fields": sorted(values)},
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    funders: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Programme:
    unknown_fields(fields, PROGRAMME_FIELDS, "programme")
    require_manager(actor, programme)
    programme = locked(programme)
    values = {name: getattr(programme, name) for name in PROGRAMME_FIELDS} | fields
    raise_errors(_programme_errors(values, programme.pk))
    changed = changed_fields(programme, fields)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()
    if funders is not None:
        before = set(programme.funders.values_list("pk", flat=True))
        funder_list = list(funders)
        if before != {f.pk for f in funder_list}:
            changed.append("funders")
        programme.funders.set(funder_list)
    audit_log(
        actor=actor,
        action="programmes.programme.updated",
        target=programme,
        changes={"fields": changed},
    )
    return programme


# Funded projects ----------------------------------------------------------------------------


def agreements_for(actor: User, organisation: Organisation | None) -> Any:
    """The agreements a funded project may refer to: those the user sees that bind the funded
    organisation (as a party, or recorded by it)."""
    rows = Agreement.objects.visible_to(actor)
    if organisation is None:
        return rows.none()
    return rows.filter(Q(parties=organisation) | Q(organisation=organisation)).distinct()


def _project_errors(actor: User, values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    organisation = values.get("organisation")
    if organisation is None:
        errors["organisation"] = [_("Choose the funded organisation.")]
    if not str(values.get("title") or "").strip():
        errors["title"] = [_("Give the funded project a title.")]
    amount = values.get("amount")
    if amount is None:
        errors["amount"] = [_("Give the amount granted.")]
    elif amount < 0:
        errors["amount"] = [_("The amount granted cannot be negative.")]
    agreement = values.get("agreement")
    if (
        agreement is not None
        and organisation is not None
        and not agreements_for(actor, organisation).filter(pk=agreement.pk).exists()
    ):
        errors["agreement"] = [_("Choose an agreement that binds the funded organisation.")]
    return errors


def granted_over_envelope(programme: Programme) -> Decimal:
    """How much the funded projects' amounts exceed the envelope (0 when they fit)."""
    granted = programme.projects.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return max(granted - programme.envelope, Decimal(0))


@transaction.atomic
def funded_project_add(*, actor: User, programme: Programme, **fields: Any) -> FundedProject:
    """Add a funded project. Granting more than the envelope is allowed (a top-up may be
    pending): the page warns with `granted_over_envelope`."""
    unknown_fields(fields, PROJECT_FIELDS, "funded project")
    require_manager(actor, programme)
    programme = locked(programme)
    values = {"agreement": None} | fields
    raise_errors(_project_errors(actor, values))
    values["title"] = values["title"].strip()
    project = FundedProject.objects.create(programme=programme, **values)
    audit_log(
        actor=actor,
        action="programmes.funded_project.added",
        target=programme,
        changes={
            "fields": sorted(values),
            "over_envelope": bool(granted_over_envelope(programme)),
        },
    )
    return project


@transaction.atomic
def funded_project_update(*, actor: User, project: FundedProject, **fields: Any) -> FundedProject:
    unknown_fields(fields, PROJECT_FIELDS, "funded project")
    require_manager(actor, project.programme)
    programme = locked(project.programme)
    project = FundedProject.objects.select_for_update().get(pk=project.pk)
    values = {name: getattr(project, name) for name in PROJECT_FIELDS} | fields
    raise_errors(_project_errors(actor, values))
    changed = changed_fields(project, fields)
    for name, value in fields.items():
        setattr(project, name, value.strip() if name == "title" else value)
    project.save()
    audit_log(
        actor=actor,
        action="programmes.funded_project.updated",
        target=programme,
        changes={"fields": changed, "over_envelope": bool(granted_over_envelope(programme))},
    )
    return project


@transaction.atomic
def funded_project_remove(*, actor: User, project: FundedProject) -> None:
    require_manager(actor, project.programme)
    if project.spendings.exists():
        raise ValidationError(
            _("Spending is recorded against this project: remove that spending first.")
        )
    audit_log(
        actor=actor,
        action="programmes.funded_project.removed",
        target=project.programme,
        changes={"fields": ["project"]},
    )
    project.delete()


# Budget lines -------------------------------------------------------------------------------


__all__ = [
    "OverEnvelope",
    "budget_line_add",
    "budget_line_remove",
    "budget_line_update",
    "funded_project_add",
    "funded_project_remove",
    "funded_project_update",
    "granted_over_envelope",
    "indicator_target_remove",
    "indicator_target_set",
    "money",
    "programme_create",
    "programme_update",
    "remaining_envelope",
    "spending_record",
    "spending_remove",
]
