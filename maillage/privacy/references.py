"""Every table that points at a person, classified once: what becomes of its rows when the
person goes, and what the person gets to see of them.

Which tables point at Person is read from the model graph (`people.relations`); this module
classifies each of them, and `tests/privacy/test_references.py` fails on one it does not
know. A reference is

- DELETED with the person: rows that only describe the person and that no count needs (a
  household membership, a file merged into theirs);
- ANONYMISED: rows that outlive the person's identity, for anonymous counts and the
  accounts: their `blanks` are cleared and they stay, pointing at the anonymised person;
- RETAINED: rows with a retention delay of their own (`delay`, a field of the
  organisation's RetentionPolicy): they keep the person until it ends, then the retention
  run deletes them, and the person with them when nothing else points at them.

The three duties read this list: the subject-access export includes every reference's rows
(`export`); an erasure deletes the DELETED rows, clears every other reference's `blanks`
(and its `children`'s) and anonymises the person; the retention run
(`privacy.retention`) purges a person only when no ANONYMISED or RETAINED row points at
them. A file merged into another is the same person: every duty covers it (`about`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from maillage.activities.models import Registration
from maillage.casework.models import FollowUp, Intervention, Referral, Request
from maillage.people.models import HouseholdMember, Person
from maillage.people.relations import references_to_person
from maillage.privacy import subject_access as export
from maillage.schooling.models import (
    Absence,
    EducationStatus,
    Enrolment,
    Participant,
    Signal,
    SignalStatus,
)


class Fate(StrEnum):
    DELETED = "deleted"
    ANONYMISED = "anonymised"
    RETAINED = "retained"


class Delay(StrEnum):
    """The RetentionPolicy field that a RETAINED reference's rows follow."""

    REQUESTS = "request_months"
    FOLLOWUPS = "followup_years"
    SCHOOLING = "schooling_years"


@dataclass(frozen=True)
class Child:
    """Rows that hang from a reference's rows (an intervention from its follow-up), with the
    fields an erasure clears in them."""

    model: type[models.Model]
    link: str
    blanks: Mapping[str, Any]


@dataclass(frozen=True)
class Reference:
    model: type[models.Model]
    field: str
    fate: Fate
    # The key of the subject-access export, and the function that writes its rows.
    section: str
    export: Callable[[QuerySet[Any]], list[dict[str, Any]]]
    # What an erasure clears (and an anonymisation at the end of a delay, for ANONYMISED).
    blanks: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    children: tuple[Child, ...] = ()
    delay: Delay | None = None
    # DELETED only: the foreign keys of these rows whose target goes too once no row points
    # at it (a household left with no member keeps nothing but the family's name).
    empties: tuple[str, ...] = ()
    # Schooling rows only: the rows still within their delay, given the first day of the
    # oldest school year still kept (`privacy.retention.schooling_cutoff`).
    kept_while: Callable[[date], Q] | None = None

    def __post_init__(self) -> None:
        if (self.fate is Fate.RETAINED) != (self.delay is not None):
            raise ValueError(f"{self.key}: a delay is given for RETAINED references only.")
        if (self.delay is Delay.SCHOOLING) != (self.kept_while is not None):
            raise ValueError(f"{self.key}: schooling references say which rows are kept.")
        if self.empties and self.fate is not Fate.DELETED:
            raise ValueError(f"{self.key}: only deleted rows leave their targets empty.")

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field}"

    def rows(self, persons: Iterable[int] | QuerySet[Any]) -> QuerySet[Any]:
        """The rows pointing at any of `persons` (ids)."""
        return self.model._default_manager.filter(**{f"{self.field}__in": persons})

    def delete(self, persons: Iterable[int] | QuerySet[Any]) -> int:
        """Delete the rows pointing at any of `persons`, then the targets of `empties` they
        leave with no row; the number of rows deleted."""
        rows = self.rows(persons)
        targets = {name: list(rows.values_list(name, flat=True)) for name in self.empties}
        _total, deleted = rows.delete()
        for name, ids in targets.items():
            still = self.model._default_manager.filter(**{name: OuterRef("pk")})
            target = self.model._meta.get_field(name).related_model
            assert target is not None and not isinstance(target, str)
            target._default_manager.filter(pk__in=ids).exclude(Exists(still)).delete()
        return deleted.get(self.model._meta.label, 0)

    def about(self, where: Q | None = None, outer: str = "pk") -> Q:
        """For a query on Person: some row (matching `where`) points at the person, or at a
        file merged into theirs (a merge leaves the rows a unique constraint refuses to
        move on the absorbed file)."""
        rows = self.model._default_manager.filter(where or Q())
        return Q(Exists(rows.filter(**{self.field: OuterRef(outer)}))) | Q(
            Exists(rows.filter(**{f"{self.field}__merged_into": OuterRef(outer)}))
        )


# What a parent told us at registration (contacts, health, the reason for an age exception)
# and the link between the children of one online form. The rows stay, with their activity,
# status, price, payment and attendance, for the anonymous counts and the accounts.
REGISTRATION_BLANKS: dict[str, Any] = {
    "guardian_name": "",
    "guardian_email": "",
    "guardian_phone": "",
    "emergency_contact": "",
    "health_notes": "",
    "age_override_reason": "",
    "submission": None,
}
# The school's pupil number identifies the pupil; unique per school and year, so each
# enrolment gets its own neutral value.
ERASED_MATRICULE = Concat(Value("anonymisé-"), Cast("id", output_field=CharField()))
OPEN_SIGNAL = [SignalStatus.NEW, SignalStatus.ACKNOWLEDGED]

REFERENCES: tuple[Reference, ...] = (
    Reference(Person, "merged_into", Fate.DELETED, "merged_files", export.merged_files),
    Reference(
        HouseholdMember,
        "person",
        Fate.DELETED,
        "households",
        export.households,
        empties=("household",),
    ),
    Reference(
        Request,
        "person",
        Fate.RETAINED,
        "requests",
        export.requests,
        blanks={"summary": ""},
        delay=Delay.REQUESTS,
    ),
    Reference(
        FollowUp,
        "person",
        Fate.RETAINED,
        "followups",
        export.followups,
        blanks={"next_step": "", "close_reason": ""},
        children=(
            Child(Intervention, "followup", {"notes": "", "present": ""}),
            Child(Referral, "followup", {"note": ""}),
        ),
        delay=Delay.FOLLOWUPS,
    ),
    Reference(
        Registration,
        "person",
        Fate.ANONYMISED,
        "registrations",
        export.registrations,
        blanks=REGISTRATION_BLANKS,
    ),
    # A pupil's schooling records go as a whole, when the latest of them is past the delay.
    # Absences and their corrections (AbsenceChange, under the enrolment) hold no free text
    # but the school's reason.
    Reference(
        Enrolment,
        "person",
        Fate.RETAINED,
        "enrolments",
        export.enrolments,
        blanks={"matricule": ERASED_MATRICULE},
        delay=Delay.SCHOOLING,
        kept_while=lambda cutoff: Q(school_year__ends_on__gte=cutoff),
    ),
    Reference(
        Absence,
        "person",
        Fate.RETAINED,
        "absences",
        export.absences,
        blanks={"reason": None},
        delay=Delay.SCHOOLING,
        kept_while=lambda cutoff: Q(date__gte=cutoff),
    ),
    Reference(
        Signal,
        "person",
        Fate.RETAINED,
        "signals",
        export.signals,
        blanks={"details": None, "close_reason": ""},
        delay=Delay.SCHOOLING,
        # An open signal waits for the team, whatever its age.
        kept_while=lambda cutoff: (
            Q(status__in=OPEN_SIGNAL) | Q(raised_on__gte=cutoff) | Q(closed_on__gte=cutoff)
        ),
    ),
    Reference(
        EducationStatus,
        "person",
        Fate.RETAINED,
        "education_statuses",
        export.education_statuses,
        blanks={"detail": ""},
        delay=Delay.SCHOOLING,
        kept_while=lambda cutoff: Q(starts_on__gte=cutoff),
    ),
    # The ESF+ record's answers to the sensitive items rest on the person's own consent: an
    # erasure withdraws it, so they go; the entry and exit data stay for the ESF counts.
    Reference(
        Participant,
        "person",
        Fate.RETAINED,
        "esf_participations",
        export.esf_participations,
        blanks={"sensitive_items": "", "sensitive_consent_on": None},
        delay=Delay.SCHOOLING,
        # A participant still in the project, or whose results are recent, is kept.
        kept_while=lambda cutoff: (
            Q(exited_on__isnull=True)
            | Q(exited_on__gte=cutoff)
            | Q(results__recorded_on__gte=cutoff)
        ),
    ),
)


def of_fate(*fates: Fate) -> list[Reference]:
    return [ref for ref in REFERENCES if ref.fate in fates]


def with_delay(delay: Delay) -> list[Reference]:
    return [ref for ref in REFERENCES if ref.delay is delay]


def unclassified(candidates: Iterable[type[models.Model]] | None = None) -> list[str]:
    """The references to Person in the model graph that REFERENCES does not classify."""
    known = {ref.key for ref in REFERENCES}
    graph = [f"{m._meta.label_lower}.{name}" for m, name in references_to_person(candidates)]
    return [key for key in graph if key not in known]


def stale() -> list[str]:
    """The classified references the model graph no longer has."""
    graph = {f"{m._meta.label_lower}.{name}" for m, name in references_to_person()}
    return [ref.key for ref in REFERENCES if ref.key not in graph]


def with_merged(persons: Iterable[int]) -> list[int]:
    """The persons and the files merged into theirs."""
    ids = list(persons)
    merged = Person.objects.filter(merged_into__in=ids).values_list("pk", flat=True)
    return [*ids, *merged]
