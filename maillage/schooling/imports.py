"""The import of absences exported by schools, through the shared import pipeline.

One line per pupil and half-day. The natural key is (matricule, date, half-day): the same
file imported again changes nothing, and a later file that says otherwise of a half-day wins,
the change being kept in `AbsenceChange`. Present half-days are not stored: a "present" line
removes an absence recorded before. Pupils are resolved once per matricule (`pupils.py`);
an uncertain match rejects the pupil's lines until someone reviews it. When the commit is
done, the thresholds of the school years it touched are recomputed in the same transaction,
so the signals exist when the import returns.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.bulk import insert_many
from maillage.core.imports_files import Cell, cell_text
from maillage.core.imports_parsers import CellError, choice, date_value, text
from maillage.core.imports_spec import Column, Counts, ImportContext, ImportSpec, Row
from maillage.core.validation import has_other_digits
from maillage.schooling.models import (
    Absence,
    AbsenceChange,
    AbsenceStatus,
    HalfDay,
    School,
    SchoolYear,
)
from maillage.schooling.pupils import Enrol, Pupil, enrol, known_identity, resolve_pupils
from maillage.schooling.school_years import school_year_for
from maillage.schooling.thresholds import thresholds_recompute

HALF_DAYS = [
    (HalfDay.MORNING.value, ("matin", "AM", "M", "matinée", "avant-midi")),
    (HalfDay.AFTERNOON.value, ("après-midi", "apres-midi", "PM", "AP", "après midi")),
]
STATUSES = [
    (AbsenceStatus.PRESENT.value, ("présent", "présente", "P")),
    (AbsenceStatus.JUSTIFIED.value, ("justifiée", "justifié", "absence justifiée", "AJ", "J")),
    (
        AbsenceStatus.UNJUSTIFIED.value,
        ("injustifiée", "injustifié", "absence injustifiée", "non justifiée", "AI", "I"),
    ),
    (AbsenceStatus.LATE.value, ("retard", "en retard", "R")),
]


def grade(value: Cell) -> int:
    """The year in secondary school: "3", "3e", "3ème", "3 S"…"""
    written = cell_text(value)
    # The digits 0 to 9: isdigit() also takes "²" (then int() raised and stopped the import)
    # and "٣" (read as 3).
    digits = "".join(char for char in written if char in "0123456789")
    if has_other_digits(written) or not digits or not 1 <= int(digits) <= 7:
        raise CellError(_("Enter the year as a number from 1 to 7."))
    return int(digits)


def matricule(value: Cell) -> str:
    return "".join(cell_text(value).split()).upper()[:50]


class AbsenceImport(ImportSpec):
    kind = "schooling.absence"
    label = gettext_lazy("absences exported by a school")
    batch_size = 5000
    max_upload_bytes = 50_000_000
    columns = (
        Column(
            "matricule",
            gettext_lazy("Pupil number"),
            matricule,
            required=True,
            synonyms=("numéro d’élève", "numéro d'élève", "n° élève", "id élève", "numero"),
        ),
        Column("nom", gettext_lazy("Last name"), text(100), required=True, synonyms=("name",)),
        Column(
            "prenom",
            gettext_lazy("First name"),
            text(100),
            required=True,
            synonyms=("prénom", "first name"),
        ),
        Column(
            "date_naissance",
            gettext_lazy("Birth date"),
            date_value(),
            required=True,
            synonyms=("date de naissance", "né le", "née le", "naissance", "DDN"),
        ),
        Column(
            "date",
            gettext_lazy("Date"),
            date_value(),
            required=True,
            synonyms=("jour", "date de l’absence", "date de l'absence"),
        ),
        Column(
            "demi_jour",
            gettext_lazy("Half-day"),
            choice(HALF_DAYS),
            required=True,
            synonyms=("demi-journée", "période", "moment"),
            help=gettext_lazy("“matin” or “après-midi” (also AM / PM)."),
        ),
        Column(
            "statut",
            gettext_lazy("Status"),
            choice(STATUSES),
            required=True,
            synonyms=("état", "présence", "code"),
            help=gettext_lazy("“present”, “justifiee”, “injustifiee” or “retard”."),
        ),
        Column("motif", gettext_lazy("Reason"), text(300), default="", synonyms=("raison",)),
        Column("annee", gettext_lazy("Year"), grade, synonyms=("année", "année d’études")),
        Column("classe", gettext_lazy("Class"), text(30), default="", synonyms=("groupe",)),
    )
    example_rows = (
        {
            "matricule": "2025-0142",
            "nom": "Exemple",
            "prenom": "Lina",
            "date_naissance": "14/03/2011",
            "date": "06/10/2025",
            "demi_jour": "matin",
            "statut": "injustifiee",
            "annee": "2",
            "classe": "2B",
        },
        {
            "matricule": "2025-0142",
            "nom": "Exemple",
            "prenom": "Lina",
            "date_naissance": "14/03/2011",
            "date": "06/10/2025",
            "demi_jour": "après-midi",
            "statut": "justifiee",
            "motif": "certificat médical",
            "annee": "2",
            "classe": "2B",
        },
        {
            "matricule": "2024-0077",
            "nom": "Modèle",
            "prenom": "Yanis",
            "date_naissance": "02/09/2008",
            "date": "07/10/2025",
            "demi_jour": "PM",
            "statut": "retard",
            "annee": "5",
            "classe": "5A",
        },
    )

    def key(self, values: dict[str, Any]) -> Hashable:
        return (values["matricule"], values["date"], values["demi_jour"])

    # --- What a run keeps between batches: the school, the years and the pupils ---

    def school(self, context: ImportContext) -> School:
        if "school" not in context.state:
            context.state["school"] = School.objects.select_related("organisation").get(
                pk=context.options["school"]
            )
            context.state.update(pupils={}, years={}, touched=set())
        school: School = context.state["school"]
        return school

    def _year(self, context: ImportContext, day: date) -> SchoolYear | None:
        years: dict[date, SchoolYear | None] = context.state["years"]
        if day not in years:
            years[day] = school_year_for(day)
        return years[day]

    def check(self, context: ImportContext, rows: list[Row]) -> None:
        school = self.school(context)
        pupils: dict[str, Pupil] = context.state["pupils"]
        today = timezone.localdate()
        new: dict[str, Pupil] = {}
        for row in rows:
            values = row.values
            day: date = values["date"]
            if day > today:
                context.reject(row, "date", _("This date is in the future."))
            elif self._year(context, day) is None:
                context.reject(
                    row,
                    "date",
                    _("%(day)s is not in a school year (summer holidays).")
                    % {"day": day.strftime("%d/%m/%Y")},
                )
            if values["date_naissance"] >= day:
                context.reject(row, "date_naissance", _("The birth date is after the absence."))
            number = values["matricule"]
            if number not in pupils and number not in new:
                new[number] = Pupil(
                    number,
                    values["prenom"],
                    values["nom"],
                    values["date_naissance"],
                    row.line,
                    day=day,
                )
        resolve_pupils(organisation=context.organisation, school=school, pupils=new.values())
        self._check_known_names(context, new)
        pupils.update(new)
        for row in rows:
            self._check_pupil(context, row, pupils[row.values["matricule"]])

    def _check_known_names(self, context: ImportContext, new: dict[str, Pupil]) -> None:
        """A matricule the school gave another pupil before: refuse rather than mix files. The
        names are compared loosely, so a spelling someone confirmed in a review ("Lina" for
        "Lena") stays the same pupil."""
        enrolled = {
            number: pupil.person_id
            for number, pupil in new.items()
            if pupil.enrolments and pupil.person_id is not None
        }
        for number, person in known_identity(enrolled, context.organisation).items():
            pupil = new[number]
            pupil.conflict = not pupil.likely_same(person)

    def _check_pupil(self, context: ImportContext, row: Row, pupil: Pupil) -> None:
        values = row.values
        if pupil.conflict:
            context.reject(
                row,
                "matricule",
                _(
                    "This pupil number belongs to another pupil of this school in your "
                    "records (another name or birth date)."
                ),
            )
        elif not pupil.same_identity(values["prenom"], values["nom"], values["date_naissance"]):
            context.reject(
                row,
                "matricule",
                _("Line %(line)s gives this pupil number another name or birth date.")
                % {"line": pupil.line},
            )
        elif pupil.uncertain:
            context.reject(
                row,
                "matricule",
                _(
                    "“%(name)s” looks like a person already in your records: confirm who it "
                    "is in the review of pupils, then check the file again."
                )
                % {"name": f"{pupil.first_name} {pupil.last_name}"},
            )

    def apply(self, context: ImportContext, rows: list[Row], *, write: bool) -> Counts:
        counts = Counts()
        pupils: dict[str, Pupil] = context.state["pupils"]
        if write:  # the batch's new pupils and enrolments first, in a few statements
            wanted = []
            for row in rows:
                pupil = pupils[row.values["matricule"]]
                year = self._year(context, row.values["date"])
                assert year is not None  # check() rejected the others
                if year.pk not in pupil.enrolments:
                    wanted.append(Enrol(pupil, year, row.values["annee"], row.values["classe"]))
            enrol(
                actor=context.actor,
                organisation=context.organisation,
                school=self.school(context),
                wanted=wanted,
            )
        targets: dict[tuple[int, date, str], Row] = {}
        for row in rows:
            values = row.values
            year = self._year(context, values["date"])
            assert year is not None
            enrolment_id = pupils[values["matricule"]].enrolments.get(year.pk)
            if enrolment_id is None:  # a preview of a pupil to enrol: every absence is new
                if values["statut"] == AbsenceStatus.PRESENT:
                    counts.unchanged += 1
                else:
                    counts.created += 1
                continue
            targets[(enrolment_id, values["date"], values["demi_jour"])] = row
            context.state["touched"].add(year.pk)
        if targets:
            counts.add(self._compare(context, pupils, targets, write=write))
        return counts

    def _compare(
        self,
        context: ImportContext,
        pupils: dict[str, Pupil],
        targets: dict[tuple[int, date, str], Row],
        *,
        write: bool,
    ) -> Counts:
        """One query for what is recorded of these half-days, then bulk writes."""
        counts = Counts()
        days = [key[1] for key in targets]
        existing = {
            (absence.enrolment_id, absence.date, absence.half_day): absence
            for absence in Absence.objects.filter(
                enrolment_id__in={key[0] for key in targets},
                date__gte=min(days),
                date__lte=max(days),
            )
        }
        creates: list[Absence] = []
        updates: list[Absence] = []
        deletes: list[int] = []
        changes: list[AbsenceChange] = []
        now = timezone.now()
        for (enrolment_id, day, half), row in targets.items():
            status = row.values["statut"]
            reason = row.values["motif"] or None
            current = existing.get((enrolment_id, day, half))
            if current is None:
                if status == AbsenceStatus.PRESENT:
                    counts.unchanged += 1
                    continue
                counts.created += 1
                person_id = pupils[row.values["matricule"]].person_id
                assert person_id is not None  # enrolled, so known
                creates.append(
                    Absence(
                        organisation=context.organisation,
                        enrolment_id=enrolment_id,
                        person_id=person_id,
                        school_year_id=self._year(context, day).pk,  # type: ignore[union-attr]
                        date=day,
                        half_day=half,
                        status=status,
                        reason=reason,
                    )
                )
                continue
            if current.status == status and (current.reason or None) == reason:
                counts.unchanged += 1
                continue
            counts.updated += 1
            if current.status != status:
                changes.append(
                    AbsenceChange(
                        organisation=context.organisation,
                        enrolment_id=enrolment_id,
                        date=day,
                        half_day=half,
                        old_status=current.status,
                        new_status=status,
                        changed_by=context.actor,
                    )
                )
            if status == AbsenceStatus.PRESENT:
                deletes.append(current.pk)
            else:
                current.status, current.reason, current.updated_at = status, reason, now
                updates.append(current)
        if write:
            insert_many(Absence, creates)
            Absence.objects.bulk_update(updates, ["status", "reason", "updated_at"])
            Absence.objects.filter(pk__in=deletes).delete()
            insert_many(AbsenceChange, changes)
        return counts

    def finish(self, context: ImportContext) -> None:
        """After a commit, in its transaction: the thresholds of the school years it touched."""
        touched: set[int] = context.state.get("touched", set())
        if touched:
            thresholds_recompute(organisation_id=context.organisation.pk, school_year_ids=touched)

    def review(self, state: dict[str, Any]) -> list[dict[str, Any]]:
        """The pupils whose match someone must confirm, for the preview page."""
        pupils: dict[str, Pupil] = state.get("pupils", {})
        return [
            {
                "matricule": pupil.matricule,
                "first_name": pupil.first_name,
                "last_name": pupil.last_name,
                "birth_date": pupil.birth_date.isoformat(),
                "born": pupil.birth_date.strftime("%d/%m/%Y"),
                "day": pupil.day.isoformat() if pupil.day else "",
                "candidates": pupil.candidates,
            }
            for pupil in pupils.values()
            if pupil.uncertain
        ]
