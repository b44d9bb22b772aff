"""GDPR duties of an organisation: subject access, erasure, retention.

These act on everything an organisation holds about one person, whoever the assigned
workers are: they are the data-protection officer's legal duty, so each is allowed only with
Perm.HANDLE_DATA_REQUESTS and recorded in the audit log. The person is always fetched through
`Person.objects.findable_by(user)`, so nothing crosses organisations.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import documents
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.models import User
from maillage.people.models import Person
from maillage.privacy.erasure import persons_forget
from maillage.privacy.references import REFERENCES, with_merged
from maillage.privacy.retention import (
    RetentionPlan,
    months_before,
    retention_apply,
    retention_plan,
    retention_policy_for,
)
from maillage.privacy.subject_access import day

__all__ = [
    "RetentionPlan",
    "months_before",
    "person_erase",
    "retention_apply",
    "retention_plan",
    "retention_policy_for",
    "subject_access_data",
    "subject_access_pdf",
]


def subject_access_data(*, actor: User, person: Person) -> dict[str, Any]:
    """Everything the organisation holds about `person`, as plain data: the file, then the
    rows of every table that points at them or at a file merged into theirs, one section per
    classified reference (constant queries)."""
    files = with_merged([person.pk])
    data: dict[str, Any] = {
        "organisation": person.organisation.name,
        "exported_on": timezone.localdate().isoformat(),
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": day(person.birth_date),
            "gender": person.get_gender_display() if person.gender else "",
            "commune": str(person.commune) if person.commune_id else "",
            "school": person.school,
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
        },
    }
    for ref in REFERENCES:
        data[ref.section] = ref.export(ref.rows(files))
    audit_log(actor=actor, action="privacy.person.exported", kind=AuditKind.READ, target=person)
    return data


def subject_access_pdf(data: dict[str, Any]) -> bytes:
    html = render_to_string("privacy/subject_access.html", {"data": data})
    person = data["person"]
    title = f"{_('Personal data')} — {person['first_name']} {person['last_name']}"
    return documents.pdf_from_html(html, title=title)


@transaction.atomic
def person_erase(*, actor: User, person: Person) -> Person:
    """Anonymise `person` (and the files merged into theirs), delete what goes with them and
    clear the personal fields of every row about them (`privacy.references`); keep what
    anonymous counts need (birth year, gender, commune, dates, themes, kinds, durations,
    registrations and attendance, absences, statuses, ESF+ entries and results). The audit
    entry counts the rows per table, nothing of their content."""
    counts = persons_forget([person.pk])
    person.refresh_from_db()
    audit_log(actor=actor, action="privacy.person.erased", target=person, changes={"rows": counts})
    return person
