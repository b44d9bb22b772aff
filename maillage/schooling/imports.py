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

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.bulk import insert_many
from maillage.core.crypto import decrypt, encrypt_many
from maillage.core.imports_files import Cell, cell_text
from maillage.core.imports_parsers import CellError, choice, date_value, text
from maillage.core.imports_spec import Column, Counts, ImportContext, ImportSpec, Row
from maillage.core.imports_sql import SetRows, quote
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
            sql_type="date",
        ),
        Column(
            "date",
            gettext_lazy("Date"),
            date_value(),
            required=True,
            synonyms=("jour", "date de l’absence", "date de l'absence"),
            sql_type="date",
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
        Column(
            "annee",
            gettext_lazy("Year"),
            grade,
            synonyms=("année", "année d’études"),
            sql_type="integer",
        ),
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

    key_columns = ("matricule", "date", "demi_jour")
    set_based = True

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

    # --- The rules, for both paths: each about one day, or one pupil and a line's names ---

    def _day_problem(self, context: ImportContext, day: date, today: date) -> str | None:
        if day > today:
            return _("This date is in the future.")
        if self._year(context, day) is None:
            return _("%(day)s is not in a school year (summer holidays).") % {
                "day": day.strftime("%d/%m/%Y")
            }
        return None

    BIRTH_AFTER = gettext_lazy("The birth date is after the absence.")

    def check(self, context: ImportContext, rows: list[Row]) -> None:
        school = self.school(context)
        pupils: dict[str, Pupil] = context.state["pupils"]
        today = timezone.localdate()
        new: dict[str, Pupil] = {}
        for row in rows:
            values = row.values
            day: date = values["date"]
            problem = self._day_problem(context, day, today)
            if problem:
                context.reject(row, "date", problem)
            if values["date_naissance"] >= day:  # as `check_set` says it in SQL
                context.reject(row, "date_naissance", str(self.BIRTH_AFTER))
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
        problem = self._pupil_problem(
            pupil, values["prenom"], values["nom"], values["date_naissance"]
        )
        if problem:
            context.reject(row, "matricule", problem)

    def _pupil_problem(
        self, pupil: Pupil, first_name: str, last_name: str, birth_date: date
    ) -> str | None:
        """What is wrong with a line that names this pupil so, if anything."""
        if pupil.conflict:
            return _(
                "This pupil number belongs to another pupil of this school in your "
                "records (another name or birth date)."
            )
        if not pupil.same_identity(first_name, last_name, birth_date):
            return _("Line %(line)s gives this pupil number another name or birth date.") % {
                "line": pupil.line
            }
        if pupil.uncertain:
            return _(
                "“%(name)s” looks like a person already in your records: confirm who it "
                "is in the review of pupils, then check the file again."
            ) % {"name": f"{pupil.first_name} {pupil.last_name}"}
        return None

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

    # --- The set-based path (`core/imports_sql.py`): the same rules, a few statements ---

    def check_set(self, context: ImportContext, rows: SetRows) -> None:
        """`check` over the staging table: the days and the pupils, each once, in Python
        (the rules above); their verdicts joined to the lines in SQL."""
        school = self.school(context)
        today = timezone.localdate()
        days = []
        for day in rows.distinct("date"):
            year = self._year(context, day)
            days.append((day, year.pk if year else None, self._day_problem(context, day, today)))
        rows.temp_table("import_days", "day date, year_id bigint, problem text", days)
        rows.execute("ANALYZE import_days")
        rows.reject(
            f"SELECT r.line, 1, 'date', d.problem FROM {rows.table} r "
            "JOIN import_days d ON d.day = r.date WHERE r.ok AND d.problem IS NOT NULL "
            f"UNION ALL SELECT r.line, 2, 'date_naissance', %s FROM {rows.table} r "
            "WHERE r.ok AND r.date_naissance >= r.date",
            [str(self.BIRTH_AFTER)],
        )
        # Each way a line names a pupil, with its first line (and that line's date) and the
        # first line of each school year the pupil has lines in.
        names = rows.fetch(
            "SELECT r.matricule, r.prenom, r.nom, r.date_naissance, d.year_id, "
            "min(r.line::bigint * 10000000 + (r.date - DATE '0001-01-01')) "
            f"FROM {rows.table} r LEFT JOIN import_days d ON d.day = r.date WHERE r.ok "
            "GROUP BY 1, 2, 3, 4, 5"
        )
        first: dict[str, tuple[int, tuple[str, str, date], date]] = {}
        years: dict[tuple[str, int], int] = {}
        for number, first_name, last_name, born, year_id, packed in names:
            line, days_since = divmod(packed, 10_000_000)
            if number not in first or line < first[number][0]:
                day = date(1, 1, 1) + timedelta(days=days_since)
                first[number] = (line, (first_name, last_name, born), day)
            if year_id is not None:
                years[(number, year_id)] = min(line, years.get((number, year_id), line))
        pupils: dict[str, Pupil] = context.state["pupils"]
        for number, (line, (first_name, last_name, born), day) in sorted(
            first.items(), key=lambda item: item[1][0]
        ):
            pupils[number] = Pupil(number, first_name, last_name, born, line, day=day)
        resolve_pupils(organisation=context.organisation, school=school, pupils=pupils.values())
        self._check_known_names(context, pupils)
        context.state["first_lines"] = years
        problems = []
        for number, first_name, last_name, born, _year, _packed in names:
            problem = self._pupil_problem(pupils[number], first_name, last_name, born)
            if problem:
                problems.append((number, first_name, last_name, born, problem))
        if problems:
            rows.temp_table(
                "import_names",
                "matricule text, prenom text, nom text, date_naissance date, problem text",
                problems,
            )
            rows.reject(
                f"SELECT r.line, 3, 'matricule', n.problem FROM {rows.table} r "
                "JOIN import_names n ON n.matricule = r.matricule AND n.prenom = r.prenom "
                "AND n.nom = r.nom AND n.date_naissance = r.date_naissance WHERE r.ok"
            )

    def apply_set(self, context: ImportContext, rows: SetRows, *, write: bool) -> Counts:
        """`apply` over the accepted rows: the pupils enrolled first (as `apply`, in the
        order of their first lines), then one statement per kind of write."""
        pupils: dict[str, Pupil] = context.state["pupils"]
        first_lines: dict[tuple[str, int], int] = context.state["first_lines"]
        if write:
            self._enrol_set(context, rows, pupils, first_lines)
        enrolled = [
            (number, year_id, enrolment_id, pupil.person_id)
            for number, pupil in pupils.items()
            for year_id, enrolment_id in pupil.enrolments.items()
        ]
        rows.temp_table(
            "import_enrolments",
            "matricule text, year_id bigint, enrolment_id bigint, person_id bigint",
            enrolled,
        )
        rows.execute("ANALYZE import_enrolments")
        absence = quote(Absence._meta.db_table)
        rows.execute("DROP TABLE IF EXISTS import_targets")
        rows.execute(
            "CREATE TEMPORARY TABLE import_targets ON COMMIT DROP AS "
            "SELECT r.line, r.statut, r.motif, r.date, r.demi_jour, d.year_id, e.enrolment_id, "
            "e.person_id, a.id AS absence_id, a.status AS old_status, a.reason AS old_reason "
            f"FROM {rows.table} r JOIN import_days d ON d.day = r.date "
            "LEFT JOIN import_enrolments e ON e.matricule = r.matricule AND e.year_id = d.year_id "
            f"LEFT JOIN {absence} a ON a.enrolment_id = e.enrolment_id AND a.date = r.date "
            "AND a.half_day = r.demi_jour WHERE r.ok"
        )
        rows.tables.append("import_targets")
        # The reasons recorded are ciphertexts: Python compares the few there are.
        same = [
            (line,)
            for line, old, new in rows.fetch(
                "SELECT line, old_reason, motif FROM import_targets "
                "WHERE absence_id IS NOT NULL AND old_reason IS NOT NULL"
            )
            if (decrypt(old) or None) == (new or None)
        ]
        rows.temp_table("import_same", "line integer PRIMARY KEY", same)
        changed = (
            "t.absence_id IS NOT NULL AND (t.old_status <> t.statut OR NOT CASE WHEN "
            "t.old_reason IS NULL THEN t.motif = '' ELSE t.line IN (SELECT line FROM "
            "import_same) END)"
        )
        present = AbsenceStatus.PRESENT.value
        created, updated, unchanged, touched = rows.fetch(
            "SELECT count(*) FILTER (WHERE t.absence_id IS NULL AND t.statut <> %(present)s), "
            f"count(*) FILTER (WHERE {changed}), "
            f"count(*) FILTER (WHERE t.absence_id IS NULL AND t.statut = %(present)s "
            f"OR t.absence_id IS NOT NULL AND NOT ({changed})), "
            "array_agg(DISTINCT t.year_id) FILTER (WHERE t.enrolment_id IS NOT NULL) "
            "FROM import_targets t",
            {"present": present},
        )[0]
        context.state["touched"].update(touched or ())
        if write:
            self._write_set(context, rows, changed)
        return Counts(created, updated, unchanged)

    def _enrol_set(
        self,
        context: ImportContext,
        rows: SetRows,
        pupils: dict[str, Pupil],
        first_lines: dict[tuple[str, int], int],
    ) -> None:
        needed = sorted(
            (line, number, year_id)
            for (number, year_id), line in first_lines.items()
            if year_id not in pupils[number].enrolments
        )
        if not needed:
            return
        grades = {
            line: (grade, class_name)
            for line, grade, class_name in rows.fetch(
                # A join, not `line = ANY(…)`: that searches the array for every line.
                f"SELECT r.line, r.annee, r.classe FROM {rows.table} r "
                "JOIN unnest(%s::integer[]) AS wanted(line) ON wanted.line = r.line",
                [[line for line, _n, _y in needed]],
            )
        }
        by_id = {year.pk: year for year in context.state["years"].values() if year}
        enrol(
            actor=context.actor,
            organisation=context.organisation,
            school=self.school(context),
            wanted=[
                Enrol(pupils[number], by_id[year_id], *grades[line])
                for line, number, year_id in needed
            ],
        )

    def _write_set(self, context: ImportContext, rows: SetRows, changed: str) -> None:
        present = AbsenceStatus.PRESENT.value
        now = timezone.now()
        # Each reason its own ciphertext (`encrypt_many`: Fernet, by the thousand).
        rows.temp_table("import_reasons", "line integer, token text")
        for chunk in rows.chunks(
            "SELECT t.line, t.motif FROM import_targets t WHERE t.motif <> '' "
            f"AND t.statut <> %s AND (t.absence_id IS NULL OR {changed})",
            [present],
        ):
            tokens = encrypt_many([reason for _line, reason in chunk])
            rows.copy_into(
                "import_reasons",
                ((line, token) for (line, _reason), token in zip(chunk, tokens, strict=True)),
            )
        rows.execute("ANALYZE import_reasons")
        absence = quote(Absence._meta.db_table)
        params = {"org": context.organisation.pk, "now": now, "present": present}
        rows.execute(
            f"INSERT INTO {absence} (organisation_id, enrolment_id, person_id, school_year_id, "
            "date, half_day, status, reason, updated_at) "
            "SELECT %(org)s, t.enrolment_id, t.person_id, t.year_id, t.date, t.demi_jour, "
            "t.statut, k.token, %(now)s FROM import_targets t "
            "LEFT JOIN import_reasons k ON k.line = t.line "
            "WHERE t.absence_id IS NULL AND t.statut <> %(present)s",
            params,
        )
        rows.execute(
            f"INSERT INTO {quote(AbsenceChange._meta.db_table)} (organisation_id, enrolment_id, "
            "date, half_day, old_status, new_status, changed_by_id, changed_at) "
            "SELECT %(org)s, t.enrolment_id, t.date, t.demi_jour, t.old_status, t.statut, "
            "%(actor)s, %(now)s FROM import_targets t "
            "WHERE t.absence_id IS NOT NULL AND t.old_status <> t.statut",
            {**params, "actor": context.actor.pk if context.actor else None},
        )
        rows.execute(
            f"UPDATE {absence} a SET status = t.statut, reason = k.token, updated_at = %(now)s "
            "FROM import_targets t LEFT JOIN import_reasons k ON k.line = t.line "
            f"WHERE a.id = t.absence_id AND t.statut <> %(present)s AND {changed}",
            params,
        )
        rows.execute(
            f"DELETE FROM {absence} WHERE id IN (SELECT t.absence_id FROM import_targets t "
            f"WHERE t.statut = %(present)s AND {changed})",
            params,
        )

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
