"""Indicators of the catalogue: reach, the young people reached across the axes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import Attendance, Registration
from maillage.casework.models import AgeBand, FollowUp, Intervention, Request
from maillage.people.models import Gender, Person
from maillage.programmes.indicator_sets.common import (
    age_band_at,
    choice_labels,
    margins,
    named_labels,
    scoped,
    span,
)
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator
from maillage.schooling.models import Participant, Signal


def reached_persons(scope: Scope, period: Period) -> QuerySet[Person]:
    """The identified young people reached in the period (see `young_people`)."""
    within = span(period)
    ids = scope.organisation_ids
    requested = Request.objects.filter(
        organisation_id__in=ids, received_on__range=within, person__isnull=False
    ).values("person_id")
    # From the follow-ups and the registrations of the scope, each asked whether it has one
    # intervention or one attendance in the period: a child present at forty sessions is
    # found once, not forty times. Joining the attendances to every session and
    # registration instead made PostgreSQL scan and hash the whole sector's (0.8 s of a
    # director's home page at a fifth of the sector).
    met = FollowUp.objects.filter(
        Exists(Intervention.objects.filter(followup=OuterRef("pk"), date__range=within)),
        organisation_id__in=ids,
        person__isnull=False,
    ).values("person_id")
    attended = Registration.objects.filter(
        Exists(
            Attendance.objects.filter(
                registration=OuterRef("pk"), present=True, session__date__range=within
            )
        ),
        organisation_id__in=ids,
    ).values("person_id")
    signalled = Signal.objects.filter(organisation_id__in=ids, raised_on__range=within).values(
        "person_id"
    )
    entered = Participant.objects.filter(
        Q(entered_on__range=within) | Q(reentered_on__range=within), organisation_id__in=ids
    ).values("person_id")
    # One UNION, not five ORed IN: PostgreSQL could not hash the attendances' subquery (too
    # large for work_mem) and ran it again for every person, 24 s of a yearly report.
    reached = requested.union(met, attended, signalled, entered)
    return Person.objects.filter(scoped(scope)).filter(pk__in=reached)


def anonymous_requests(scope: Scope, period: Period) -> QuerySet[Request]:
    """Anonymous requests received in the period, or whose follow-up had an intervention
    in it: each stands for one young person, who cannot be told apart from another."""
    within = span(period)
    met = Intervention.objects.filter(
        scoped(scope),
        scoped(scope, "followup__organisation_id"),  # see `reached_persons`
        scoped(scope, "followup__request__organisation_id"),
        date__range=within,
        followup__request__person__isnull=True,
    ).values("followup__request_id")
    return Request.objects.filter(scoped(scope), person__isnull=True).filter(
        Q(received_on__range=within) | Q(pk__in=met)
    )


@indicator(
    "reach.young_people",
    label=_("Distinct young people reached"),
    axis=Axis.INDIVIDUAL,
    people=True,
)
def young_people(scope: Scope, period: Period) -> Counts:
    """Distinct young people reached in the period, across the axes.

    A young person is reached when, with a date inside the period (both days included),
    one of the scope's organisations received a request for them, logged an intervention
    in their follow-up, recorded them present at a session of an activity, raised a
    signal about them, or entered (or re-entered) them as an ESF+ participant. Each person
    counts once however many of these happened: persons belong to one organisation, so the
    count is distinct within each organisation and summed over the scope (an organisation
    does not know another's files). An anonymous request counts as one young person, with
    the gender, age band and commune it was recorded with; an identified person has the
    gender and commune of their file and the age band of their birth date on the last day
    of the period. Two queries, whatever the volume.
    """
    band = age_band_at("birth_date", period.end)
    cube: Counter[tuple[Any, Any, Any]] = Counter()
    names: dict[Any, str] = {}
    persons = (
        reached_persons(scope, period)
        .order_by()
        .annotate(band=band)
        .values("gender", "band", "commune_id", "commune__name")
        .annotate(n=Count("pk"))
    )
    anonymous = (
        anonymous_requests(scope, period)
        .order_by()
        .values("gender", "age_band", "commune_id", "commune__name")
        .annotate(n=Count("pk"))
    )
    for row in persons:
        cube[(row["gender"], row["band"], row["commune_id"])] += row["n"]
        names[row["commune_id"]] = row["commune__name"]
    for other in anonymous:
        cube[(other["gender"], other["age_band"], other["commune_id"])] += other["n"]
        names[other["commune_id"]] = other["commune__name"]
    by_gender, by_band, by_commune = margins(cube, 0), margins(cube, 1), margins(cube, 2)
    return Counts(
        total=sum(cube.values()),
        breakdowns=[
            (_("By gender"), by_gender, choice_labels(Gender, by_gender)),
            (_("By age band"), by_band, choice_labels(AgeBand, by_band)),
            (_("By commune"), by_commune, named_labels(names)),
        ],
    )
