"""Who a line of a school's export is about: each pupil number (`matricule`) of a file is
resolved once per run to an enrolment of the team, a known person to enrol, a new person, or
an uncertain match that someone must review (`pupil_match_confirm`).

A matricule already enrolled in the school (any year) is that person; otherwise the shared
duplicate check looks for the pupil among the organisation's persons: one file with the same
name and birth date is the pupil; likely files that are not certain wait for a review; no
likely file means a new person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.people.matching import full_name_key
from maillage.people.models import Person
from maillage.people.queries import Entry, find_duplicates_many
from maillage.people.services import persons_create
from maillage.schooling.models import Enrolment, School, SchoolYear


@dataclass
class Pupil:
    """What a run knows of one matricule."""

    matricule: str
    first_name: str
    last_name: str
    birth_date: date
    line: int
    # The date of the pupil's first line: its school year is the one a review enrols them in.
    day: date | None = None
    person_id: int | None = None
    # School year id → enrolment id, for the years the pupil is enrolled in.
    enrolments: dict[int, int] = field(default_factory=dict)
    # (person id, label) of the likely files when the match is uncertain.
    candidates: list[tuple[int, str]] = field(default_factory=list)
    # The school gave this matricule to another pupil in the team's records.
    conflict: bool = False

    @property
    def uncertain(self) -> bool:
        return self.person_id is None and bool(self.candidates)

    def same_identity(self, first_name: str, last_name: str, birth_date: date | None) -> bool:
        return birth_date == self.birth_date and full_name_key(
            first_name, last_name
        ) == full_name_key(self.first_name, self.last_name)

    def likely_same(self, person: Person) -> bool:
        """Whether the person enrolled under this matricule is plausibly this pupil."""
        if person.birth_date is not None and person.birth_date != self.birth_date:
            return False
        names = fuzz.token_sort_ratio(
            full_name_key(self.first_name, self.last_name),
            full_name_key(person.first_name, person.last_name),
        )
        return names >= SAME_NAME


# Two spellings of one name ("Lina", "Lena") score above this; twins ("Lina", "Yanis") below.
SAME_NAME = 85


def _label(person: Person) -> str:
    born = f" ({person.birth_date:%d/%m/%Y})" if person.birth_date else ""
    return f"{person.first_name} {person.last_name}{born}"


def resolve_pupils(*, organisation: Organisation, school: School, pupils: Iterable[Pupil]) -> None:
    """Fill in who each new matricule of a batch is: one query for the known ones, one
    duplicate check for all the others."""
    pending = {pupil.matricule: pupil for pupil in pupils}
    if not pending:
        return
    known = Enrolment.objects.filter(
        organisation=organisation, school=school, matricule__in=list(pending)
    ).values_list("matricule", "person_id", "school_year_id", "pk")
    for matricule, person_id, year_id, pk in known:
        pupil = pending[matricule]
        pupil.person_id = person_id
        pupil.enrolments[year_id] = pk
    unknown = [pupil for pupil in pending.values() if pupil.person_id is None]
    persons = Person.objects.filter(organisation=organisation).current()
    entries = [Entry(pupil.first_name, pupil.last_name, pupil.birth_date) for pupil in unknown]
    for pupil, matches in zip(unknown, find_duplicates_many(persons, entries), strict=True):
        certain = [
            match.person
            for match in matches
            if match.person.birth_date == pupil.birth_date
            and full_name_key(match.person.first_name, match.person.last_name)
            == full_name_key(pupil.first_name, pupil.last_name)
        ]
        if len(certain) == 1:
            pupil.person_id = certain[0].pk
        else:
            pupil.candidates = [(match.person.pk, _label(match.person)) for match in matches]


def known_identity(enrolled: dict[str, int], organisation: Organisation) -> dict[str, Person]:
    """The persons behind matricules (matricule → person), to check a file's names."""
    persons = Person.objects.filter(organisation=organisation, pk__in=set(enrolled.values()))
    by_pk = {person.pk: person for person in persons}
    return {matricule: by_pk[pk] for matricule, pk in enrolled.items() if pk in by_pk}


@dataclass(frozen=True)
class Enrol:
    """A pupil to enrol in a school year, with what the file says of their class."""

    pupil: Pupil
    school_year: SchoolYear
    grade: int | None = None
    class_name: str = ""


def enrol(
    *,
    actor: User | None,
    organisation: Organisation,
    school: School,
    wanted: list[Enrol],
) -> None:
    """Enrol each pupil in the school year (creating their person when new) unless they
    already are: three statements whatever the number of pupils. Each pupil's `enrolments`
    then holds the enrolment's id."""
    todo: dict[tuple[str, int], Enrol] = {}
    for item in wanted:
        if item.school_year.pk not in item.pupil.enrolments:
            todo.setdefault((item.pupil.matricule, item.school_year.pk), item)
    if not todo:
        return
    newcomers = {
        item.pupil.matricule: item.pupil for item in todo.values() if item.pupil.person_id is None
    }
    entries = [
        {
            "first_name": pupil.first_name,
            "last_name": pupil.last_name,
            "birth_date": pupil.birth_date,
            "school": school.organisation.name,
        }
        for pupil in newcomers.values()
    ]
    created = persons_create(actor=actor, organisation=organisation, entries=entries)
    for pupil, person in zip(newcomers.values(), created, strict=True):
        pupil.person_id = person.pk
    persons: dict[str, int] = {}
    for item in todo.values():
        assert item.pupil.person_id is not None  # the newcomers have just been created
        persons[item.pupil.matricule] = item.pupil.person_id
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                organisation=organisation,
                person_id=persons[item.pupil.matricule],
                school=school,
                school_year=item.school_year,
                matricule=item.pupil.matricule,
                grade=item.grade,
                class_name=item.class_name,
            )
            for item in todo.values()
        ],
        batch_size=1000,
    )
    for item, enrolment in zip(todo.values(), enrolments, strict=True):
        item.pupil.enrolments[item.school_year.pk] = enrolment.pk


@transaction.atomic
def pupil_match_confirm(
    *,
    actor: User,
    organisation: Organisation,
    school: School,
    school_year: SchoolYear,
    matricule: str,
    first_name: str,
    last_name: str,
    birth_date: date,
    person: Person | None,
) -> Enrolment:
    """The review of an uncertain match: the pupil is `person` (one of the organisation's
    files), or a new person when `person` is None. Either way the matricule is enrolled, so
    the next check of the file finds the pupil."""
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError(_("Choose one of the proposed persons."))
    if Enrolment.objects.filter(
        organisation=organisation, school=school, school_year=school_year, matricule=matricule
    ).exists():
        raise ValidationError(_("This pupil has already been matched."))
    pupil = Pupil(matricule, first_name, last_name, birth_date, line=0)
    pupil.person_id = person.pk if person is not None else None
    enrol(
        actor=actor,
        organisation=organisation,
        school=school,
        wanted=[Enrol(pupil, school_year)],
    )
    enrolment = Enrolment.objects.get(pk=pupil.enrolments[school_year.pk])
    audit_log(
        actor=actor,
        action="schooling.pupil.matched",
        target=enrolment,
        changes={"new_person": person is None},
    )
    return enrolment
