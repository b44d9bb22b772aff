"""Writes of the network's shared records: placements, agreements and their documents,
trainings. Every function takes the acting user first, validates with French messages keyed
by field, runs in one transaction and writes the audit log. Only the owning organisation
writes; hosts and parties read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Membership, Organisation, User
from maillage.core.uploads import delete_stored, store_upload, validate_upload
from maillage.core.validation import Errors, raise_errors
from maillage.network.models import Agreement, AgreementDocument, AgreementStatus, Placement
from maillage.network.rules import require_own
from maillage.network.trainings import training_create, training_delete, training_update

__all__ = [
    "agreement_add_documents",
    "agreement_create",
    "agreement_document_delete",
    "agreement_update",
    "placement_create",
    "placement_delete",
    "placement_update",
    "require_own",
    "training_create",
    "training_delete",
    "training_update",
]

PLACEMENT_FIELDS = (
    "host",
    "host_name",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "coordinator_name",
    "coordinator_contact",
    "note",
)
AGREEMENT_FIELDS = (
    "title",
    "description",
    "other_parties",
    "starts_on",
    "ends_on",
    "amount",
    "status",
    "notice_days",
)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _period_errors(starts_on: date | None, ends_on: date | None) -> Errors:
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": [_("The end date is before the start date.")]}
    return {}


def _is_member(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, user__is_active=True
    ).exists()


# --- Placements -------------------------------------------------------------------------


def _placement_errors(organisation: Organisation, worker: User, values: dict[str, Any]) -> Errors:
    errors = _period_errors(values.get("starts_on"), values.get("ends_on"))
    host, host_name = values.get("host"), (values.get("host_name") or "").strip()
    if host is None and not host_name:
        errors["host"] = [
            _("Choose the partner structure, or type its name if it is not in the list.")
        ]
    elif host is not None and host_name:
        errors["host_name"] = [_("Choose a structure from the list or type one, not both.")]
    elif host is not None and host.pk == organisation.pk:
        errors["host"] = [_("A worker is placed in another structure than their own.")]
    if not _is_member(worker, organisation):
        errors["worker"] = [_("This person is not a member of your organisation.")]
    hours = values.get("hours_per_week")
    if hours is not None and not Decimal("0.5") <= hours <= Decimal("60"):
        errors["hours_per_week"] = [_("Give between 0.5 and 60 hours per week.")]
    return errors


def _overlap_errors(worker: User, values: dict[str, Any], exclude_pk: int | None) -> Errors:
    same_place = Placement.objects.filter(worker=worker)
    if values.get("host") is not None:
        same_place = same_place.filter(host=values["host"])
    else:
        same_place = same_place.filter(host__isnull=True, host_name__iexact=values["host_name"])
    start, end = values["starts_on"], values.get("ends_on")
    if exclude_pk is not None:
        same_place = same_place.exclude(pk=exclude_pk)
    overlapping = same_place.exclude(ends_on__lt=start)
    if end is not None:
        overlapping = overlapping.exclude(starts_on__gt=end)
    if overlapping.exists():
        return {
            "starts_on": [_("This worker is already placed in this structure during that period.")]
        }
    return {}


@transaction.atomic
def placement_create(
    *, actor: User, organisation: Organisation, worker: User, **fields: Any
) -> Placement:
    unknown = set(fields) - set(PLACEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown placement fields: {sorted(unknown)}")
    values = {"host": None, "host_name": "", **fields}
    values["host_name"] = (values["host_name"] or "").strip()
    errors = _placement_errors(organisation, worker, values)
    if not errors:
        errors = _overlap_errors(worker, values, None)
    raise_errors(errors)
    placement = Placement.objects.create(
        organisation=organisation, worker=worker, created_by=actor, **values
    )
    audit_log(
        actor=actor,
        action="network.placement.created",
        target=placement,
        changes={
            "worker": worker.pk,
            "host": placement.host_label,
            "from": str(placement.starts_on),
        },
    )
    return placement


@transaction.atomic
def placement_update(
    *, actor: User, placement: Placement, worker: User | None = None, **fields: Any
) -> Placement:
    require_own(actor, placement)
    unknown = set(fields) - set(PLACEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown placement fields: {sorted(unknown)}")
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    worker = worker or placement.worker
    values = {name: getattr(placement, name) for name in PLACEMENT_FIELDS} | fields
    values["host_name"] = (values["host_name"] or "").strip()
    errors = _placement_errors(placement.organisation, worker, values)
    if not errors:
        errors = _overlap_errors(worker, values, placement.pk)
    raise_errors(errors)
    changed = sorted(n for n in values if getattr(placement, n) != values[n])
    for name, value in values.items():
        setattr(placement, name, value)
    placement.worker = worker
    placement.save()
    audit_log(
        actor=actor,
        action="network.placement.updated",
        target=placement,
        changes={"fields": changed},
    )
    return placement


@transaction.atomic
def placement_delete(*, actor: User, placement: Placement) -> None:
    require_own(actor, placement)
    audit_log(actor=actor, action="network.placement.deleted", target=placement)
    placement.delete()


# --- Agreements -------------------------------------------------------------------------


def _agreement_errors(values: dict[str, Any]) -> Errors:
    errors = _period_errors(values.get("starts_on"), values.get("ends_on"))
    if not (values.get("title") or "").strip():
        errors["title"] = [_("Say what the agreement is about.")]
    amount = values.get("amount")
    if amount is not None and amount < 0:
        errors["amount"] = [_("The amount cannot be negative.")]
    if values.get("status") not in AgreementStatus.values:
        errors["status"] = [_("Choose a status.")]
    return errors


def _parties(organisation_id: int, parties: Iterable[Organisation]) -> list[Organisation]:
    return [party for party in parties if party.pk != organisation_id]


def _validated_files(files: Sequence[UploadedFile[Any]]) -> list[Any]:
    return [validate_upload(f, field="documents", max_bytes=MAX_DOCUMENT_BYTES) for f in files]


def _attach(actor: User, agreement: Agreement, uploads: list[Any], stored: list[str]) -> None:
    for upload in uploads:
        name = store_upload(upload, folder="agreements")
        stored.append(name)
        AgreementDocument.objects.create(
            organisation_id=agreement.organisation_id,
            agreement=agreement,
            title=upload.original_name,
            uploaded_by=actor,
            **AgreementDocument.fields_from(upload, name),
        )


def _with_files(actor: User, agreement_work: Any, files: Sequence[UploadedFile[Any]]) -> Agreement:
    """Validate every file first, then write the rows and files together: on any error the
    stored files are removed and the transaction rolls back, so nothing is half-saved."""
    uploads = _validated_files(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            agreement: Agreement = agreement_work()
            _attach(actor, agreement, uploads, stored)
    except BaseException:
        for name in stored:
            delete_stored(name)
        raise
    return agreement


def agreement_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    starts_on: date,
    parties: Iterable[Organisation] = (),
    files: Sequence[UploadedFile[Any]] = (),
    **fields: Any,
) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    values: dict[str, Any] = {
        "status": AgreementStatus.DRAFT,
        "notice_days": 90,
        **fields,
        "title": title.strip(),
        "starts_on": starts_on,
    }
    errors = _agreement_errors(values)
    try:
        _validated_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    raise_errors(errors)

    def work() -> Agreement:
        agreement = Agreement.objects.create(
            organisation=organisation,
            created_by=actor,
            alert_on=Agreement.alert_date(values.get("ends_on"), values["notice_days"]),
            **values,
        )
        agreement.parties.set(_parties(organisation.pk, parties))
        audit_log(
            actor=actor,
            action="network.agreement.created",
            target=agreement,
            changes={"status": agreement.status, "documents": len(files)},
        )
        return agreement

    return _with_files(actor, work, files)


def agreement_update(
    *,
    actor: User,
    agreement: Agreement,
    parties: Iterable[Organisation] | None = None,
    files: Sequence[UploadedFile[Any]] = (),
    **fields: Any,
) -> Agreement:
    require_own(actor, agreement)
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    values = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS} | fields
    errors = _agreement_errors(values)
    try:
        _validated_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    raise_errors(errors)

    def work() -> Agreement:
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        changed = sorted(n for n in values if getattr(locked, n) != values[n])
        for name, value in values.items():
            setattr(locked, name, value)
        locked.alert_on = Agreement.alert_date(locked.ends_on, locked.notice_days)
        if {"ends_on", "notice_days", "status"} & set(changed):
            locked.reminded_on = None  # a new end date gets its own reminder
        locked.save()
        if parties is not None:
            locked.parties.set(_parties(locked.organisation_id, parties))
        audit_log(
            actor=actor,
            action="network.agreement.updated",
            target=locked,
            changes={"fields": changed, "documents": len(files)},
        )
        return locked

    return _with_files(actor, work, files)


def agreement_add_documents(
    *, actor: User, agreement: Agreement, files: Sequence[UploadedFile[Any]]
) -> Agreement:
    require_own(actor, agreement)
    if not files:
        raise_errors({"documents": [_("Choose a file.")]})

    def work() -> Agreement:
        audit_log(
            actor=actor,
            action="network.agreement.documents_added",
            target=agreement,
            changes={"documents": len(files)},
        )
        return agreement

    return _with_files(actor, work, files)


@transaction.atomic
def agreement_document_delete(*, actor: User, document: AgreementDocument) -> None:
    require_own(actor, document.agreement)
    audit_log(
        actor=actor,
        action="network.agreement.document_deleted",
        target=document.agreement,
        changes={"document": document.original_name},
    )
    document.delete()
