"""Writes of the community social diagnosis and its three-year action plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import Diagnosis, PlanAction, Project, Theme
from maillage.community.rules import plan_end, plan_start, require_own
from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.core.validation import Errors, raise_errors

SECTIONS = ("context", "observations_comment", "figures_comment", "analysis", "priorities")
DIAGNOSIS_FIELDS = ("title", "period_start", "period_end", *SECTIONS)


def _diagnosis_errors(values: dict[str, Any], communes: list[Commune]) -> Errors:
    errors: Errors = {}
    if not str(values.get("title") or "").strip():
        errors["title"] = [_("Give the diagnosis a title.")]
    if not communes:
        errors["communes"] = [_("Choose the communes of the zone (at least one).")]
    start, end = values.get("period_start"), values.get("period_end")
    if start is None:
        errors["period_start"] = [_("Give the start of the period.")]
    if end is None:
        errors["period_end"] = [_("Give the end of the period.")]
    elif start is not None and end < start:
        errors["period_end"] = [_("The end of the period cannot be before its start.")]
    return errors


@transaction.atomic
def diagnosis_create(
    *, actor: User, organisation: Organisation, communes: Iterable[Commune], **fields: Any
) -> Diagnosis:
    unknown = set(fields) - set(DIAGNOSIS_FIELDS)
    if unknown:
        raise TypeError(f"unknown diagnosis fields: {sorted(unknown)}")
    commune_list = list(communes)
    raise_errors(_diagnosis_errors(fields, commune_list))
    diagnosis = Diagnosis.objects.create(organisation=organisation, created_by=actor, **fields)
    diagnosis.communes.set(commune_list)
    audit_log(
        actor=actor,
        action="community.diagnosis.created",
        target=diagnosis,
        changes={"communes": [c.name for c in commune_list]},
    )
    return diagnosis


@transaction.atomic
def diagnosis_update(
    *,
    actor: User,
    diagnosis: Diagnosis,
    communes: Iterable[Commune] | None = None,
    **fields: Any,
) -> Diagnosis:
    require_own(actor, diagnosis)
    unknown = set(fields) - set(DIAGNOSIS_FIELDS)
    if unknown:
        raise TypeError(f"unknown diagnosis fields: {sorted(unknown)}")
    diagnosis = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
    values = {name: getattr(diagnosis, name) for name in DIAGNOSIS_FIELDS} | fields
    commune_list = list(diagnosis.communes.all()) if communes is None else list(communes)
    raise_errors(_diagnosis_errors(values, commune_list))
    changed = sorted(name for name in fields if getattr(diagnosis, name) != fields[name])
    for name, value in fields.items():
        setattr(diagnosis, name, value)
    diagnosis.save()
    if communes is not None:
        diagnosis.communes.set(commune_list)
    audit_log(
        actor=actor,
        action="community.diagnosis.updated",
        target=diagnosis,
        changes={"fields": changed},
    )
    return diagnosis


@transaction.atomic
def diagnosis_adopt(*, actor: User, diagnosis: Diagnosis, adopted_on: date | None) -> Diagnosis:
    """The team adopts the diagnosis: from that day it is the current one for three years."""
    require_own(actor, diagnosis)
    errors: Errors = {}
    if adopted_on is None:
        errors["adopted_on"] = [_("Give the date the team adopted the diagnosis.")]
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = [_("The adoption date cannot be in the future.")]
    elif adopted_on < diagnosis.period_start:
        errors["adopted_on"] = [_("A diagnosis cannot be adopted before its period starts.")]
    if not diagnosis.analysis.strip() or not diagnosis.priorities.strip():
        errors["__all__"] = [
            _("Write the analysis and the priorities before adopting the diagnosis.")
        ]
    raise_errors(errors)
    diagnosis.adopted_on = adopted_on
    diagnosis.save(update_fields=["adopted_on", "updated_at"])
    audit_log(
        actor=actor,
        action="community.diagnosis.adopted",
        target=diagnosis,
        changes={"adopted_on": str(adopted_on)},
    )
    return diagnosis


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    diagnosis: Diagnosis,
    objective: str,
    theme: str,
    starts_on: date | None,
    ends_on: date | None,
    responsible: Organisation | None,
    projects: Iterable[Project] = (),
) -> PlanAction:
    """An action of the plan: inside the plan's three years, linked to the organisation's
    projects (or to projects it takes part in)."""
    require_own(actor, diagnosis)
    errors: Errors = {}
    if not objective.strip():
        errors["objective"] = [_("Write the objective of the action.")]
    if theme not in Theme.values:
        errors["theme"] = [_("Choose a theme from the list.")]
    if responsible is None:
        errors["responsible"] = [_("Choose the organisation responsible for the action.")]
    first, last = plan_start(diagnosis), plan_end(diagnosis)
    if starts_on is None:
        errors["starts_on"] = [_("Give the start of the action.")]
    if ends_on is None:
        errors["ends_on"] = [_("Give the end of the action.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The end cannot be before the start.")]
    elif starts_on is not None and (starts_on < first or ends_on > last):
        errors["ends_on"] = [
            _("The action must take place within the plan's three years: %(start)s to %(end)s.")
            % {"start": f"{first:%d/%m/%Y}", "end": f"{last:%d/%m/%Y}"}
        ]
    project_list = list(projects)
    ids = {p.pk for p in project_list}
    if ids - set(Project.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True)):
        errors["projects"] = [_("Choose projects your organisation runs or takes part in.")]
    raise_errors(errors)
    assert starts_on is not None and ends_on is not None and responsible is not None
    action = PlanAction.objects.create(
        organisation_id=diagnosis.organisation_id,
        diagnosis=diagnosis,
        objective=objective.strip(),
        theme=theme,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=responsible,
    )
    action.projects.set(project_list)
    audit_log(
        actor=actor,
        action="community.plan_action.added",
        target=diagnosis,
        changes={"objective": action.objective, "projects": sorted(ids)},
    )
    return action


@transaction.atomic
def plan_action_remove(*, actor: User, action: PlanAction) -> None:
    require_own(actor, action)
    audit_log(
        actor=actor,
        action="community.plan_action.removed",
        target=action.diagnosis,
        changes={"objective": action.objective},
    )
    action.delete()
