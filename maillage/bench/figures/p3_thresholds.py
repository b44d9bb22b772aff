"""P3: the threshold recompute on the seeded absences (<= 5 s for 900,000 pupils)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count

from maillage.bench.figures.common import timed_rolled_back
from maillage.bench.options import Options
from maillage.bench.results import Row, Target
from maillage.schooling.models import Absence
from maillage.schooling.thresholds import thresholds_recompute

SECTOR_PUPILS = 900_000


def every_organisation(options: Options) -> list[Row]:
    """The recompute of every organisation holding absences, one after the other: the
    sector's pupils, the closest to the issue's 900,000."""
    organisations = list(
        Absence.objects.values_list("organisation_id", flat=True).distinct().order_by()
    )
    pupils = Absence.objects.values("person_id").distinct().count()

    def all_of_them() -> int:
        return sum(thresholds_recompute(organisation_id=o) for o in organisations)

    samples = []
    for _ in range(options.runs):
        seconds, _raised = timed_rolled_back(all_of_them)
        samples.append(seconds)
    projected = sorted(samples)[len(samples) // 2] * SECTOR_PUPILS / max(pupils, 1)
    return [
        Row(
            "P3",
            f"threshold recompute, every organisation ({len(organisations)})",
            "s",
            samples,
            Target("at_most", 5.0),
            note=f"{pupils} pupils with absences (rolled back); "
            f"linear projection to 900,000 pupils: {projected:.1f} s",
        )
    ]


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
        *every_organisation(options),
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
