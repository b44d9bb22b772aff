"""P3: the threshold recompute on the seeded absences (<= 5 s for 900,000 pupils)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, Model, OuterRef

from maillage.bench.figures.common import Rollback, timed_rolled_back
from maillage.bench.options import Options
from maillage.bench.results import Row, Target
from maillage.schooling.models import Absence, Enrolment, SchoolYear
from maillage.schooling.school_years import school_year_of
from maillage.schooling.thresholds import thresholds_recompute

SECTOR_PUPILS = 900_000
WEEKS_BACK = 52  # a copied year keeps its weekdays: no absence lands on a weekend


def every_organisation(options: Options, say: Callable[[str], None]) -> list[Row]:
    """The sector's recompute: every organisation in one statement. With `--p3-pupils`,
    earlier school years are added first, in a transaction rolled back afterwards (scale 1
    seeds about 290,000 pupils with absences; the issue measures 900,000)."""
    samples: list[float] = []
    pupils = added = raised = 0
    try:
        with transaction.atomic():
            pupils, added = earlier_years(options.p3_pupils, say)
            for _ in range(options.runs):
                seconds, raised = timed_rolled_back(
                    lambda: thresholds_recompute(organisation_id=None)
                )
                samples.append(seconds)
            raise Rollback
    except Rollback:
        pass
    note = f"{pupils} pupils with absences (one per pupil and school year"
    note += f", {added} copied into earlier years)" if added else ")"
    note += f", {raised} signals raised (rolled back)"
    if pupils < SECTOR_PUPILS:
        projected = sorted(samples)[len(samples) // 2] * SECTOR_PUPILS / max(pupils, 1)
        note += f"; linear projection to 900,000 pupils: {projected:.1f} s"
    return [
        Row(
            "P3",
            "threshold recompute, every organisation at once",
            "s",
            samples,
            Target("at_most", 5.0),
            note=note,
        )
    ]


def earlier_years(target: int, say: Callable[[str], None]) -> tuple[int, int]:
    """Pupils with absences (one per pupil and school year) and how many were added to reach
    `target`: the busiest year's enrolments and absences copied as earlier years, 52 weeks
    back each (a pupil one year back is a year younger: more minors). Writes in the caller's
    transaction."""
    absent = Exists(Absence.objects.filter(enrolment=OuterRef("pk")))
    pupils = Enrolment.objects.filter(absent).count()
    busiest = (
        Absence.objects.values("school_year_id").annotate(n=Count("id")).order_by("-n").first()
    )
    if busiest is None or pupils >= target:
        return pupils, 0
    source = SchoolYear.objects.get(pk=busiest["school_year_id"])
    absentees = Enrolment.objects.filter(absent, school_year=source).order_by("pk")
    per_year = absentees.count()
    # Copied rows take the ids after the last ones: id + back × step.
    enrolment_step = 1 + (Enrolment.objects.order_by("-pk").values_list("pk", flat=True)[0])
    absence_step = 1 + (Absence.objects.order_by("-pk").values_list("pk", flat=True)[0])
    added = 0
    with _foreign_keys_unchecked():
        for back in range(1, 1 + -(-(target - pupils) // per_year)):
            year = school_year_of(int(source.label[:4]) - back)
            say(f"  P3: {source}'s pupils copied as {year}'s ({pupils + added:,} so far)…")
            absence_table = Absence._meta.db_table
            enrolments = f"school_year_id = {source.pk} AND id IN (SELECT enrolment_id FROM "  # noqa: S608
            enrolments += f"{absence_table} WHERE school_year_id = {source.pk})"
            absences = f"school_year_id = {source.pk}"
            wanted = target - pupils - added
            if wanted < per_year:  # the last year copied takes only the first pupils it needs
                last = int(absentees.values_list("pk", flat=True)[wanted - 1])
                enrolments += f" AND id <= {last}"
                absences += f" AND enrolment_id <= {last}"
            step = back * enrolment_step
            added += _copy(
                Enrolment, {"id": f"id + {step}", "school_year_id": str(year.pk)}, enrolments
            )
            _copy(
                Absence,
                {
                    "id": f"id + {back * absence_step}",
                    "enrolment_id": f"enrolment_id + {step}",
                    "school_year_id": str(year.pk),
                    "date": _days_before("date", back * WEEKS_BACK * 7),
                },
                absences,
            )
    return pupils + added, added


def _copy(model: type[Model], replace: dict[str, str], where: str) -> int:
    """INSERT … SELECT of the model's rows matching `where` into its own table, some columns
    replaced by SQL expressions (ids and numbers only, written by this module); returns the
    rows written."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = [f.column for f in model._meta.concrete_fields if f.column]
    values = ", ".join(replace.get(c, q(c)) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) "  # noqa: S608
            f"SELECT {values} FROM {table} WHERE {where}"
        )
        return int(cursor.rowcount)


def _days_before(column: str, days: int) -> str:
    if connection.vendor == "postgresql":
        return f"{connection.ops.quote_name(column)} - {days}"
    return f"date({connection.ops.quote_name(column)}, '-{days} days')"


@contextmanager
def _foreign_keys_unchecked() -> Iterator[None]:
    """Copies of rows that hold need no foreign-key checks: on PostgreSQL, a role that may
    skips them (about 60 million deferred checks for 600,000 pupils) while copying. The
    measured runs keep theirs."""
    skipped = False
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            skipped = True
        except DatabaseError:  # a role that may not: the copy is only slower
            pass
    try:
        yield
    finally:
        if skipped:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def run(options: Options, say: Callable[[str], None]) -> list[Row]:
    busiest = (
        Absence.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    )
    if busiest is None:
        return [Row("P3", "threshold recompute", "s", skipped="no absence in the data")]
    organisation_id = busiest["organisation_id"]
    pupils = (
        Absence.objects.filter(organisation_id=organisation_id)
        .values("person_id")
        .distinct()
        .count()
    )
    samples = []
    raised = 0
    for _ in range(options.runs):
        seconds, raised = timed_rolled_back(
            lambda: thresholds_recompute(organisation_id=organisation_id)
        )
        samples.append(seconds)
    projected = sorted(samples)[len(samples) // 2] * SECTOR_PUPILS / max(pupils, 1)
    return [
        *every_organisation(options, say),
        Row(
            "P3",
            "threshold recompute, busiest organisation",
            "s",
            samples,
            Target("at_most", 5.0),
            note=(
                f"{busiest['n']} absences of {pupils} pupils, {raised} signals raised "
                f"(rolled back); linear projection to 900,000 pupils: {projected:.1f} s"
            ),
        ),
    ]
