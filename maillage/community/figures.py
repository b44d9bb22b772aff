"""The anonymised figures of a diagnosis, all through the statistics layer (`core.stats`).

Individual axis: requests and follow-ups by theme, distinct young people by gender, age band
and commune. Collective axis: activities, sessions, participants and presences by kind of
activity. Everything is counted for the organisation that owns the diagnosis, in its zone and
period: these are the organisation's aggregates, not one worker's caseload, and no identity
leaves this module, only suppressed cells ("<5").

`core.stats` counts distinct values of one column; a young person is either an identified
`Person` or an anonymous request, with an age band read from the birth date at the request or
given as such. `young_people_tables` adds that on top of `stats.table` (one query).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Registration,
    RegistrationStatus,
    Session,
)
from maillage.casework.models import AgeBand, FollowUp, Request
from maillage.casework.models import Theme as RequestTheme
from maillage.community.models import Diagnosis
from maillage.core import stats
from maillage.people.models import Gender

UNKNOWN = ""
# Upper age of each band, in the order of AgeBand.
_BANDS = ((11, "0-11"), (14, "12-14"), (17, "15-17"), (21, "18-21"))


@dataclass(frozen=True)
class Figure:
    """One table of the diagnosis: a title, what a cell counts, the suppressed table."""

    key: str
    title: Promise
    counts: Promise
    table: stats.Table


@dataclass(frozen=True)
class Zone:
    organisation_id: int
    commune_ids: list[int]
    commune_names: list[str]
    start: date
    end: date


def zone_of(diagnosis: Diagnosis) -> Zone:
    communes = list(diagnosis.communes.order_by("name").values_list("pk", "name"))
    return Zone(
        organisation_id=diagnosis.organisation_id,
        commune_ids=[pk for pk, _name in communes],
        commune_names=[name for _pk, name in communes],
        start=diagnosis.period_start,
        end=diagnosis.period_end,
    )


def _label(choices: Any) -> Callable[[str], Any]:
    def label(code: str) -> Any:
        return _("Not known") if code == UNKNOWN else choices(code).label

    return label


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upper, band in _BANDS:
        if age <= upper:
            return band
    return AgeBand.OVER_21.value


def requests_in(zone: Zone) -> QuerySet[Request]:
    in_zone = Q(person__commune_id__in=zone.commune_ids) | Q(
        person__isnull=True, commune_id__in=zone.commune_ids
    )
    return Request.objects.filter(
        in_zone, organisation_id=zone.organisation_id, received_on__range=(zone.start, zone.end)
    )


def followups_in(zone: Zone) -> QuerySet[FollowUp]:
    """Follow-ups under way at some point of the period, of young people of the zone."""
    in_zone = Q(request__person__commune_id__in=zone.commune_ids) | Q(
        request__person__isnull=True, request__commune_id__in=zone.commune_ids
    )
    return FollowUp.objects.filter(
        in_zone,
        Q(closed_on__isnull=True) | Q(closed_on__gte=zone.start),
        organisation_id=zone.organisation_id,
        opened_on__lte=zone.end,
    )


def young_people_tables(zone: Zone) -> tuple[stats.Table, stats.Table, stats.Table]:
    """Distinct young people of the period's requests by gender, age band and commune.

    Each young person counts once, as at their first request of the period.
    """
    rows = (
        requests_in(zone)
        .order_by("received_on", "pk")
        .values_list(
            "pk",
            "received_on",
            "person_id",
            "person__gender",
            "person__birth_date",
            "person__commune__name",
            "gender",
            "age_band",
            "commune__name",
        )
    )
    seen: set[tuple[str, int]] = set()
    genders: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    communes: Counter[str] = Counter()
    for pk, received, person, p_gender, born, p_commune, gender, band, commune in rows:
        key = ("person", person) if person else ("request", pk)
        if key in seen:
            continue
        seen.add(key)
        if person:
            genders[p_gender or UNKNOWN] += 1
            bands[age_band(born, received)] += 1
            communes[p_commune or UNKNOWN] += 1
        else:
            genders[gender or UNKNOWN] += 1
            bands[band or UNKNOWN] += 1
            communes[commune or UNKNOWN] += 1
    with_unknown = _with_unknown
    return (
        stats.table(genders, labels=with_unknown(Gender.values, genders)).relabel(_label(Gender)),
        stats.table(bands, labels=with_unknown(AgeBand.values, bands)).relabel(_label(AgeBand)),
        stats.table(communes, labels=with_unknown(zone.commune_names, communes)).relabel(
            lambda name: _("Not known") if name == UNKNOWN else name
        ),
    )


def _with_unknown(labels: Iterable[str], counts: Counter[str]) -> list[str]:
    """The known labels, then "not known" if some young person has none."""
    return [*labels, *([UNKNOWN] if counts.get(UNKNOWN) else [])]


def _by_kind(counts: dict[Any, int]) -> stats.Table:
    return stats.table(counts, labels=ActivityKind.values).relabel(_label(ActivityKind))


def collective_tables(zone: Zone) -> list[Figure]:
    activities = Activity.objects.filter(
        organisation_id=zone.organisation_id,
        commune_id__in=zone.commune_ids,
        starts_on__lte=zone.end,
        ends_on__gte=zone.start,
    )
    sessions = Session.objects.filter(activity__in=activities, date__range=(zone.start, zone.end))
    participants = Registration.objects.filter(
        activity__in=activities, status=RegistrationStatus.CONFIRMED
    )
    presences = Attendance.objects.filter(session__in=sessions, present=True)
    return [
        Figure(
            "activities",
            _("Collective activities by kind"),
            _("activities"),
            _by_kind(stats.count_by(activities, "kind")),
        ),
        Figure(
            "sessions",
            _("Sessions held by kind of activity"),
            _("sessions"),
            _by_kind(stats.count_by(sessions, "activity__kind")),
        ),
        Figure(
            "participants",
            _("Participants (distinct young people) by kind of activity"),
            _("young people"),
            _by_kind(stats.count_by(participants, "activity__kind", distinct="person")),
        ),
        Figure(
            "presences",
            _("Presences recorded by kind of activity"),
            _("presences"),
            _by_kind(stats.count_by(presences, "session__activity__kind")),
        ),
    ]


def diagnosis_figures(diagnosis: Diagnosis) -> tuple[list[Figure], list[Figure]]:
    """(individual axis, collective axis) figures of the diagnosis's zone and period."""
    zone = zone_of(diagnosis)
    themes = RequestTheme.values
    theme_label = _label(RequestTheme)
    by_gender, by_band, by_commune = young_people_tables(zone)
    individual = [
        Figure(
            "requests",
            _("Requests by theme"),
            _("requests"),
            stats.table(stats.count_by(requests_in(zone), "themes__theme"), labels=themes).relabel(
                theme_label
            ),
        ),
        Figure(
            "followups",
            _("Follow-ups by theme of the request"),
            _("follow-ups"),
            stats.table(
                stats.count_by(followups_in(zone), "request__themes__theme"), labels=themes
            ).relabel(theme_label),
        ),
        Figure("gender", _("Young people by gender"), _("young people"), by_gender),
        Figure("age", _("Young people by age band"), _("young people"), by_band),
        Figure("commune", _("Young people by commune"), _("young people"), by_commune),
    ]
    return individual, collective_tables(zone)
