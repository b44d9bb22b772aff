"""The retention policy of an organisation: what it would delete or anonymise today, and
applying it.

Each kind of record follows its own delay (`RetentionPolicy`): requests without follow-up,
closed follow-ups, and a pupil's schooling records as a whole (enrolments, absences,
signals, school or work statuses, ESF+ record) until the end of the school year of the
latest of them plus `schooling_years`. A person goes when nothing that keeps them is left:
which tables keep a person is the classified list of `privacy.references`, so the purge
never meets a row it does not know (a ProtectedError stopped the nightly run once).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.activities.models import Registration
from maillage.casework.models import Consent, FollowUp, Referral, Request, RetentionPolicy
from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.privacy.erasure import persons_forget
from maillage.privacy.references import Delay, Fate, of_fate, with_delay, with_merged
from maillage.schooling.school_years import current_school_year


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 March - 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def schooling_cutoff(today: date, years: int) -> date:
    """The first day of the oldest school year still kept: the school years that ended more
    than `years` years before `today` are over for good. A day of the summer holidays
    counts with the school year just ended."""
    return current_school_year(months_before(today, 12 * years)).starts_on


def _any(q: list[Q]) -> Q:
    return reduce(or_, q)


@dataclass
class RetentionPlan:
    """What the retention policy would delete, or anonymise, today."""

    policy: RetentionPolicy
    requests: QuerySet[Request]
    followups: QuerySet[FollowUp]
    # Persons whose schooling records are all past the delay: the records go.
    pupils: QuerySet[Person]
    # Persons known only through collective activities, the last one over for longer than
    # the delay: anonymised, not deleted (see `_participants_to_anonymise`).
    participants: QuerySet[Person]

    @property
    def is_empty(self) -> bool:
        return not (
            self.requests.exists()
            or self.followups.exists()
            or self.pupils.exists()
            or self.participants.exists()
        )


def retention_policy_for(organisation: Organisation) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(organisation=organisation)
    return policy


def _pupils_past_delay(organisation: Organisation, cutoff: date) -> QuerySet[Person]:
    """Persons with schooling records none of which is still kept."""
    schooling = with_delay(Delay.SCHOOLING)
    return (
        Person.objects.filter(organisation=organisation, merged_into__isnull=True)
        .filter(_any([ref.about() for ref in schooling]))
        .exclude(_any([ref.about(ref.kept_while(cutoff)) for ref in schooling if ref.kept_while]))
    )


def _participants_to_anonymise(organisation: Organisation, before: date) -> QuerySet[Person]:
    """Persons with registrations and nothing that keeps them otherwise (no request, no
    follow-up, no schooling record) whose last activity ended before `before`.

    The policy decided: taking part in a camp or a workshop is a contact that started no
    individual follow-up, so it gets the same delay as a request without follow-up
    (`request_months`, 12 months by default), counted from the end of the last activity the
    person was registered for, whatever the registration's status. At the end of that delay
    the person is anonymised as on erasure, not deleted: the registration and attendance
    rows carry the activities' counts and attendance rates (reports to funders) and the
    payments (the accounts), and keep them once nobody can be identified in them. Anyone
    with a retained record waits for it to expire first; they are then handled here at the
    next run.
    """
    registrations = Registration.objects.filter(person_id=OuterRef("pk"))
    return (
        Person.objects.filter(organisation=organisation)
        .current()
        .filter(Exists(registrations))
        .exclude(_any([ref.about() for ref in of_fate(Fate.RETAINED)]))
        .annotate(last_activity=Max("registrations__activity__ends_on"))
        .filter(last_activity__lt=before)
    )


def retention_plan(*, organisation: Organisation, today: date | None = None) -> RetentionPlan:
    today = today or timezone.localdate()
    policy = retention_policy_for(organisation)
    no_followup = ~Exists(FollowUp.objects.filter(request_id=OuterRef("pk")))
    request_limit = months_before(today, policy.request_months)
    requests = Request.objects.filter(
        no_followup,
        organisation=organisation,
        received_on__lt=request_limit,
    )
    followups = FollowUp.objects.filter(
        organisation=organisation,
        status="closed",
        closed_on__lt=months_before(today, 12 * policy.followup_years),
    )
    pupils = _pupils_past_delay(organisation, schooling_cutoff(today, policy.schooling_years))
    participants = _participants_to_anonymise(organisation, request_limit)
    return RetentionPlan(
        policy=policy,
        requests=requests,
        followups=followups,
        pupils=pupils,
        participants=participants,
    )


def _purge_orphans(candidates: set[int]) -> int:
    """Delete those of `candidates` that nothing keeps any more (no ANONYMISED or RETAINED
    row about them), with the rows that go with them and the files merged into theirs."""
    keeping = of_fate(Fate.ANONYMISED, Fate.RETAINED)
    orphans = list(
        Person.objects.filter(pk__in=candidates)
        .exclude(_any([ref.about() for ref in keeping]))
        .values_list("pk", flat=True)
    )
    group = with_merged(orphans)
    for ref in of_fate(Fate.DELETED):
        if ref.model is not Person:
            ref.delete(group)
    Person.objects.filter(merged_into__in=orphans).delete()
    Person.objects.filter(pk__in=orphans).delete()
    return len(orphans)


@transaction.atomic
def retention_apply(
    *, actor: User | None, organisation: Organisation, today: date | None = None
) -> dict[str, int]:
    """Delete what the plan lists, then the persons left with nothing; anonymise the persons
    known only through activities that ended long ago. Set-based, in one transaction: a
    failure leaves the organisation as it was."""
    plan = retention_plan(organisation=organisation, today=today)
    followup_ids = list(plan.followups.values_list("pk", flat=True))
    request_ids = list(plan.requests.values_list("pk", flat=True)) + list(
        FollowUp.objects.filter(pk__in=followup_ids).values_list("request_id", flat=True)
    )
    candidates = set(
        Request.objects.filter(pk__in=request_ids, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    Referral.objects.filter(followup_id__in=followup_ids).delete()
    Consent.objects.filter(followup_id__in=followup_ids).delete()
    FollowUp.objects.filter(pk__in=followup_ids).delete()
    Request.objects.filter(pk__in=request_ids).delete()
    pupils = list(plan.pupils.values_list("pk", flat=True))
    pupil_files = with_merged(pupils)
    for ref in with_delay(Delay.SCHOOLING):
        ref.rows(pupil_files).delete()
    candidates.update(pupils)
    persons = _purge_orphans(candidates)
    # Evaluated now: includes those whose other records just went.
    participants = list(plan.participants.values_list("pk", flat=True))
    persons_forget(participants)
    counts = {
        "followups": len(followup_ids),
        "requests": len(request_ids),
        "schooling": len(pupils),
        "persons": persons,
        "anonymised": len(participants),
    }
    audit_log(
        actor=actor,
        action="privacy.retention.applied",
        organisation=organisation,
        changes=counts,
    )
    return counts
