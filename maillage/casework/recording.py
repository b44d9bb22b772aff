"""Recording a request: of a known young person, a new one, or anonymous."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.casework.models import AgeBand, Request, Requester, RequestTheme, Theme
from maillage.casework.rules import Errors, form_token_used, future, raise_errors, today
from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, User
from maillage.people.models import Gender, Person
from maillage.people.services import person_create


@transaction.atomic
def request_record(
    *,
    actor: User,
    organisation: Organisation,
    received_on: date,
    requester: str,
    themes: Iterable[str],
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    age_band: str = "",
    gender: str = "",
    commune: Commune | None = None,
    summary: str = "",
    form_token: uuid.UUID | None = None,
) -> Request:
    """Record a request: of a known young person, a new one (`new_person`: the arguments of
    `people.services.person_create`), or anonymous (age band, gender, commune only), never a
    mix."""
    form_token_used(Request, form_token)
    chosen = list(dict.fromkeys(themes))
    errors: Errors = {}
    if not chosen:
        errors["themes"] = [_("Choose at least one theme.")]
    elif not set(chosen) <= set(Theme.values):
        errors["themes"] = [_("Choose the themes from the list.")]
    if received_on > today():
        errors["received_on"] = [future()]
    if requester not in Requester.values:
        errors["requester"] = [_("Choose who asks from the list.")]
    if person is not None and new_person is not None:
        raise ValidationError(_("Choose a known young person or a new one, not both."))
    identified = person is not None or new_person is not None
    if identified and (age_band or gender or commune):
        errors["__all__"] = [
            _("An identified request has no anonymous details: age band, gender and commune.")
        ]
    if not identified:
        if not age_band:
            errors["age_band"] = [_("For an anonymous request, give at least the age band.")]
        elif age_band not in AgeBand.values:
            errors["age_band"] = [_("Choose an age band from the list.")]
        if gender and gender not in Gender.values:
            errors["gender"] = [_("Choose a gender from the list.")]
    if person is not None and (
        person.organisation_id != organisation.pk
        or person.merged_into_id is not None
        or person.anonymised_at is not None
    ):
        errors["person"] = [_("This person cannot be chosen.")]
    raise_errors(errors)

    if new_person is not None:  # validated there; rolled back with the rest on any error
        person = person_create(actor=actor, organisation=organisation, **new_person)
    try:
        with transaction.atomic():
            request = Request.objects.create(
                organisation=organisation,
                received_on=received_on,
                requester=requester,
                person=person,
                age_band=age_band,
                gender=gender,
                commune=commune,
                summary=summary.strip(),
                recorded_by=actor,
                form_token=form_token,
            )
    except IntegrityError:  # the same form, posted twice at the same instant
        raise ValidationError(
            _("This form has already been saved."), code="already_saved"
        ) from None
    RequestTheme.objects.bulk_create([RequestTheme(request=request, theme=t) for t in chosen])
    audit_log(
        actor=actor,
        action="casework.request.recorded",
        target=request,
        changes={
            "anonymous": person is None,
            "new_person": new_person is not None,
            "fields": ["received_on", "requester", "themes", *(["summary"] if summary else [])],
        },
    )
    return request
