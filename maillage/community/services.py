"""Writes of the community axis: projects and their budget, observations, youth
consultations and their opinions. The diagnosis and its plan are in `diagnoses.py`, re-exported
here.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. Only the organisation that owns a record
changes it: partners of a project read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import Activity
from maillage.community.diagnoses import (
    diagnosis_adopt,
    diagnosis_create,
    diagnosis_update,
    plan_action_add,
    plan_action_remove,
)
from maillage.community.models import (
    BudgetLine,
    Observation,
    ObservationFile,
    ObservationSource,
    Project,
    ProjectStatus,
    Theme,
    YouthConsultation,
)
from maillage.community.rules import require_own
from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.core.uploads import delete_stored, store_upload, validate_upload
from maillage.core.validation import Errors, raise_errors

__all__ = [
    "budget_line_add",
    "budget_line_remove",
    "consultation_create",
    "diagnosis_adopt",
    "diagnosis_create",
    "diagnosis_update",
    "observation_create",
    "opinion_add",
    "plan_action_add",
    "plan_action_remove",
    "project_create",
    "project_update",
]

PROJECT_FIELDS = (
    "kind",
    "title",
    "objectives",
    "target_group",
    "theme",
    "status",
    "starts_on",
    "ends_on",
    "results",
)


def _project_errors(values: dict[str, Any], communes: list[Commune]) -> Errors:
    errors: Errors = {}
    if not str(values.get("title") or "").strip():
        errors["title"] = [_("Give the project a title.")]
    if not str(values.get("objectives") or "").strip():
        errors["objectives"] = [_("Say what the project aims at.")]
    if not communes:
        errors["communes"] = [_("Choose at least one commune.")]
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end cannot be before the start.")]
    status = values.get("status")
    if status == ProjectStatus.FINISHED and not str(values.get("results") or "").strip():
        errors["results"] = [_("A finished project says what it achieved: write its results.")]
    return errors


def _activities_errors(actor: User, activities: list[Activity]) -> Errors:
    """Linked activities are the organisation's own (what `visible_to` lets the actor see)."""
    ids = {a.pk for a in activities}
    visible = set(
        Activity.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True)
    )
    if ids - visible:
        return {"activities": [_("Choose activities of your organisation.")]}
    return {}


@transaction.atomic
def project_create(
    *,
    actor: User,
    organisation: Organisation,
    communes: Iterable[Commune],
    partners: Iterable[Organisation] = (),
    activities: Iterable[Activity] = (),
    **fields: Any,
) -> Project:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    communes, activities = list(communes), list(activities)
    raise_errors(_project_errors(fields, communes) | _activities_errors(actor, activities))
    project = Project.objects.create(organisation=organisation, created_by=actor, **fields)
    project.communes.set(communes)
    project.partners.set([p for p in partners if p.pk != organisation.pk])
    project.activities.set(activities)
    audit_log(
        actor=actor,
        action="community.project.created",
        target=project,
        changes={"status": project.status, "communes": len(communes)},
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    communes: Iterable[Commune] | None = None,
    partners: Iterable[Organisation] | None = None,
    activities: Iterable[Activity] | None = None,
    **fields: Any,
) -> Project:
    require_own(actor, project)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    values = {name: getattr(project, name) for name in PROJECT_FIELDS} | fields
    commune_list = list(project.communes.all()) if communes is None else list(communes)
    activity_list = [] if activities is None else list(activities)
    raise_errors(_project_errors(values, commune_list) | _activities_errors(actor, activity_list))
    changed = sorted(name for name in fields if getattr(project, name) != fields[name])
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    if communes is not None:
        project.communes.set(commune_list)
    if partners is not None:
        project.partners.set([p for p in partners if p.pk != project.organisation_id])
    if activities is not None:
        project.activities.set(activity_list)
    audit_log(
        actor=actor,
        action="community.project.updated",
        target=project,
        changes={"fields": changed},
    )
    return project


@transaction.atomic
def budget_line_add(
    *, actor: User, project: Project, label: str, planned: Decimal, spent: Decimal = Decimal(0)
) -> BudgetLine:
    require_own(actor, project)
    errors: Errors = {}
    if not label.strip():
        errors["label"] = [_("Say what the amount is for.")]
    if planned is None or planned < 0:
        errors["planned"] = [_("The amount planned cannot be negative.")]
    if spent is None or spent < 0:
        errors["spent"] = [_("The amount spent cannot be negative.")]
    raise_errors(errors)
    line = BudgetLine.objects.create(
        organisation_id=project.organisation_id,
        project=project,
        label=label.strip(),
        planned=planned,
        spent=spent,
    )
    audit_log(
        actor=actor,
        action="community.budget_line.added",
        target=project,
        changes={"label": line.label, "planned": str(planned), "spent": str(spent)},
    )
    return line


@transaction.atomic
def budget_line_remove(*, actor: User, line: BudgetLine) -> None:
    require_own(actor, line)
    audit_log(
        actor=actor,
        action="community.budget_line.removed",
        target=line.project,
        changes={"label": line.label, "planned": str(line.planned)},
    )
    line.delete()


def _observation_errors(day: date | None, text: str, evidence_url: str) -> Errors:
    errors: Errors = {}
    if day is None:
        errors["date"] = [_("Give the date of the observation.")]
    elif day > timezone.localdate():
        errors["date"] = [_("An observation cannot be dated in the future.")]
    if not text.strip():
        errors["text"] = [_("Write what was observed.")]
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        errors["evidence_url"] = [_("The address must start with https:// or http://.")]
    return errors


# A photo of a poster, a scanned report: documents, not archives.
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


def observation_create(
    *,
    actor: User,
    organisation: Organisation,
    date: date,
    commune: Commune,
    theme: str,
    source: str,
    text: str,
    neighbourhood: str = "",
    evidence: str = "",
    evidence_url: str = "",
    evidence_file: UploadedFile[Any] | None = None,
) -> Observation:
    """Record an observation; its evidence file, if any, is checked first and stored with the
    row: on any error neither the row nor the file is kept."""
    errors = _observation_errors(date, text, evidence_url)
    if theme not in Theme.values:
        errors["theme"] = [_("Choose a theme from the list.")]
    if source not in ObservationSource.values:
        errors["source"] = [_("Choose a source from the list.")]
    elif source == ObservationSource.YOUTH_CONSULTATION:
        errors["source"] = [
            _("The opinions of a youth consultation are added on the consultation's page.")
        ]
    upload = None
    if evidence_file is not None:
        try:
            upload = validate_upload(
                evidence_file, field="evidence_file", max_bytes=MAX_EVIDENCE_BYTES
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    raise_errors(errors)
    stored = ""
    try:
        with transaction.atomic():
            observation = _observation_save(
                actor,
                organisation,
                date=date,
                commune=commune,
                neighbourhood=neighbourhood,
                theme=theme,
                source=source,
                text=text,
                evidence=evidence,
                evidence_url=evidence_url,
            )
            if upload is not None:
                stored = store_upload(upload, folder="observations")
                ObservationFile.objects.create(
                    organisation=organisation,
                    observation=observation,
                    **ObservationFile.fields_from(upload, stored),
                )
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return observation


def _observation_save(
    actor: User,
    organisation: Organisation,
    *,
    date: date,
    commune: Commune,
    neighbourhood: str,
    theme: str,
    source: str,
    text: str,
    evidence: str,
    evidence_url: str,
) -> Observation:
    observation = Observation.objects.create(
        organisation=organisation,
        date=date,
        commune=commune,
        neighbourhood=neighbourhood.strip(),
        theme=theme,
        source=source,
        text=text.strip(),
        evidence=evidence.strip(),
        evidence_url=evidence_url,
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action="community.observation.created",
        target=observation,
        changes={"theme": theme, "source": source, "commune": commune.name},
    )
    return observation


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    organisation: Organisation,
    date: date,
    method: str,
    commune: Commune,
    place: str,
    participants: int | None,
    description: str = "",
) -> YouthConsultation:
    errors: Errors = {}
    if date > timezone.localdate():
        errors["date"] = [_("Record a consultation once it has taken place.")]
    if not place.strip():
        errors["place"] = [_("Say where the consultation took place.")]
    if participants is None or participants < 1:
        errors["participants"] = [_("Give how many young people took part (at least one).")]
    raise_errors(errors)
    assert participants is not None
    consultation = YouthConsultation.objects.create(
        organisation=organisation,
        date=date,
        method=method,
        commune=commune,
        place=place.strip(),
        participants=participants,
        description=description.strip(),
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action="community.consultation.created",
        target=consultation,
        changes={"method": method, "participants": participants},
    )
    return consultation


@transaction.atomic
def opinion_add(
    *,
    actor: User,
    consultation: YouthConsultation,
    theme: str,
    text: str,
    neighbourhood: str = "",
) -> Observation:
    """An opinion of the young people consulted becomes an observation of the consultation's
    day and commune, with the source "youth consultation"."""
    require_own(actor, consultation)
    errors: Errors = {}
    if theme not in Theme.values:
        errors["theme"] = [_("Choose a theme from the list.")]
    if not text.strip():
        errors["text"] = [_("Write the opinion the young people gave.")]
    raise_errors(errors)
    observation = Observation.objects.create(
        organisation_id=consultation.organisation_id,
        date=consultation.date,
        commune_id=consultation.commune_id,
        neighbourhood=neighbourhood.strip(),
        theme=theme,
        source=ObservationSource.YOUTH_CONSULTATION,
        text=text.strip(),
        evidence=str(consultation),
        consultation=consultation,
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action="community.consultation.opinion_added",
        target=consultation,
        changes={"theme": theme, "observation": observation.pk},
    )
    return observation
