"""GDPR duties of an organisation: subject access, erasure, retention.

These act on everything an organisation holds about one person, whoever the assigned
workers are: they are the data-protection officer's legal duty, so each is allowed only with
Perm.HANDLE_DATA_REQUESTS and recorded in the audit log. The person is always fetched through
`Person.objects.findable_by(user)`, so nothing crosses organisations.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activities.models import Registration
from maillage.casework.models import (
    Consent,
    FollowUp,
    Intervention,
    Referral,
    Request,
    RetentionPolicy,
)
from maillage.core import documents
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.models import Organisation, User
from maillage.people.models import HouseholdMember, Person


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 March - 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def subject_access_data(*, actor: User, person: Person) -> dict[str, Any]:
    """Everything the organisation holds about `person`, as plain data (constant queries)."""
    requests = list(
        Request.objects.filter(person=person).prefetch_related("themes").order_by("received_on")
    )
    followups = list(
        FollowUp.objects.filter(person=person)
        .prefetch_related(
            "assignments__worker", "consents__shared_with", "referrals__to_organisation"
        )
        .order_by("opened_on")
    )
    interventions = list(
        Intervention.objects.filter(followup__person=person).order_by("date", "pk")
    )
    by_followup: dict[int, list[Intervention]] = {}
    for intervention in interventions:
        by_followup.setdefault(intervention.followup_id, []).append(intervention)
    households = HouseholdMember.objects.filter(person=person).select_related("household")
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("activity", "price_tier")
        .annotate(
            present=Count("attendances", filter=Q(attendances__present=True)),
            absent=Count("attendances", filter=Q(attendances__present=False)),
        )
        .order_by("activity__starts_on", "pk")
    )
    data = {
        "organisation": person.organisation.name,
        "exported_on": timezone.localdate().isoformat(),
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": _day(person.birth_date),
            "gender": person.get_gender_display() if person.gender else "",
            "commune": str(person.commune) if person.commune_id else "",
            "school": person.school,
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
        },
        "households": [
            {"household": m.household.name, "relation": m.get_relation_display()}
            for m in households
        ],
        "requests": [
            {
                "received_on": _day(r.received_on),
                "requester": r.get_requester_display(),
                "themes": [t.get_theme_display() for t in r.themes.all()],
                "summary": r.summary,
            }
            for r in requests
        ],
        "followups": [
            {
                "opened_on": _day(f.opened_on),
                "status": f.get_status_display(),
                "workers": [str(a.worker) for a in f.assignments.all()],
                "next_step": f.next_step,
                "next_step_due": _day(f.next_step_due),
                "closed_on": _day(f.closed_on),
                "close_reason": f.close_reason,
                "outcome": f.get_outcome_display() if f.outcome else "",
                "consents": [
                    {
                        "shared_with": c.shared_with.name,
                        "scope": c.get_scope_display(),
                        "given_on": _day(c.given_on),
                        "withdrawn_on": _day(c.withdrawn_on),
                    }
                    for c in f.consents.all()
                ],
                "referrals": [
                    {
                        "to": r.to_organisation.name,
                        "status": r.get_status_display(),
                        "sent_on": _day(r.sent_on),
                        "note": r.note,
                    }
                    for r in f.referrals.all()
                ],
                "interventions": [
                    {
                        "date": _day(i.date),
                        "kind": i.get_kind_display(),
                        "duration_minutes": i.duration_minutes,
                        "present": i.present,
                        "notes": i.notes,
                    }
                    for i in by_followup.get(f.pk, [])
                ],
            }
            for f in followups
        ],
        "registrations": [_registration_data(r) for r in registrations],
    }
    audit_log(actor=actor, action="privacy.person.exported", kind=AuditKind.READ, target=person)
    return data


def _registration_data(r: Registration) -> dict[str, Any]:
    """A registration to a collective activity, with what the parent told us (in clear: it is
    the person's own data) and how many sessions they attended."""
    activity = r.activity
    return {
        "activity": activity.title,
        "kind": activity.get_kind_display(),
        "starts_on": _day(activity.starts_on),
        "ends_on": _day(activity.ends_on),
        "registered_on": _day(timezone.localdate(r.created_at)),
        "registered": r.get_source_display(),
        "status": r.get_status_display(),
        "waiting_since": _day(timezone.localdate(r.waiting_since)) if r.waiting_since else None,
        "cancelled_on": _day(timezone.localdate(r.cancelled_at)) if r.cancelled_at else None,
        "price": r.price_tier.label if r.price_tier else "",
        "amount_due": str(r.amount_due),
        "sibling_reduction": r.sibling_reduction,
        "payment_status": r.get_payment_status_display(),
        "paid_on": _day(r.paid_on),
        "payment_reference": r.payment_reference,
        "guardian_name": r.guardian_name,
        "guardian_email": r.guardian_email,
        "guardian_phone": r.guardian_phone,
        "emergency_contact": r.emergency_contact,
        "health_notes": r.health_notes,
        "parental_authorisation": r.parental_authorisation,
        "photo_consent": r.photo_consent,
        "age_override_reason": r.age_override_reason,
        "sessions_present": r.present,  # type: ignore[attr-defined]
        "sessions_absent": r.absent,  # type: ignore[attr-defined]
    }


def subject_access_pdf(data: dict[str, Any]) -> bytes:
    html = render_to_string("privacy/subject_access.html", {"data": data})
    person = data["person"]
    title = f"{_('Personal data')} — {person['first_name']} {person['last_name']}"
    return documents.pdf_from_html(html, title=title)


ERASED_NAME = "Personne"
# What a parent told us at registration (contacts, health, the reason for an age exception)
# and the link between the children of one online form: blanked on erasure. The rows stay,
# with their activity, status, price, payment and attendance, for the anonymous counts (and
# the accounts, which must keep what was paid).
REGISTRATION_BLANKS: dict[str, Any] = {
    "guardian_name": "",
    "guardian_email": "",
    "guardian_phone": "",
    "emergency_contact": "",
    "health_notes": "",
    "age_override_reason": "",
    "submission": None,
}


def _anonymise(person: Person) -> None:
    """In memory: what identifies the person goes, what anonymous counts need stays."""
    person.first_name = ERASED_NAME
    person.last_name = f"anonymisée n° {person.pk}"
    if person.birth_date:
        person.birth_date = person.birth_date.replace(month=1, day=1)
    person.school = person.phone = person.email = person.address = ""
    person.anonymised_at = timezone.now()
    person.refresh_keys()


ANONYMISED_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "school",
    "phone",
    "email",
    "address",
    "anonymised_at",
    "name_key",
    "first_key",
    "last_key",
]


@transaction.atomic
def person_erase(*, actor: User, person: Person) -> Person:
    """Anonymise `person` and the free texts about them; keep what anonymous counts need
    (birth year, gender, commune, dates, themes, kinds, durations, registrations and
    attendance)."""
    Request.objects.filter(person=person).update(summary="")
    followups = FollowUp.objects.filter(person=person)
    followups.update(next_step="", close_reason="")
    Intervention.objects.filter(followup__in=followups).update(notes="", present="")
    Referral.objects.filter(followup__in=followups).update(note="")
    Registration.objects.filter(person=person).update(**REGISTRATION_BLANKS)
    HouseholdMember.objects.filter(person=person).delete()
    _anonymise(person)
    person.save()
    audit_log(actor=actor, action="privacy.person.erased", target=person)
    return person


@dataclass
class RetentionPlan:
    """What the retention policy would delete, or anonymise, today."""

    policy: RetentionPolicy
    requests: QuerySet[Request]
    followups: QuerySet[FollowUp]
    # Persons known only through collective activities, the last one over for longer than
    # the delay: anonymised, not deleted (see `_participants_to_anonymise`).
    participants: QuerySet[Person]

    @property
    def is_empty(self) -> bool:
        return not (self.requests.exists() or self.followups.exists() or self.participants.exists())


def retention_policy_for(organisation: Organisation) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(organisation=organisation)
    return policy


def _participants_to_anonymise(organisation: Organisation, before: date) -> QuerySet[Person]:
    """Persons with registrations and nothing else (no request, no follow-up) whose last
    activity ended before `before`.

    The policy decided: taking part in a camp or a workshop is a contact that started no
    individual follow-up, so it gets the same delay as a request without follow-up
    (`request_months`, 12 months by default), counted from the end of the last activity the
    person was registered for, whatever the registration's status. At the end of that delay
    the person is anonymised as on erasure, not deleted: the registration and attendance
    rows carry the activities' counts and attendance rates (reports to funders) and the
    payments (the accounts), and keep them once nobody can be identified in them. Anyone
    with a request or a follow-up waits for those to expire first; they are then handled
    here at the next run.
    """
    registrations = Registration.objects.filter(person_id=OuterRef("pk"))
    return (
        Person.objects.filter(organisation=organisation)
        .current()
        .filter(Exists(registrations))
        .exclude(Exists(Request.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(FollowUp.objects.filter(person_id=OuterRef("pk"))))
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
    participants = _participants_to_anonymise(organisation, request_limit)
    return RetentionPlan(
        policy=policy, requests=requests, followups=followups, participants=participants
    )


@transaction.atomic
def retention_apply(
    *, actor: User | None, organisation: Organisation, today: date | None = None
) -> dict[str, int]:
    """Delete what the plan lists, then the persons left with nothing; anonymise the persons
    known only through activities that ended long ago. Set-based."""
    plan = retention_plan(organisation=organisation, today=today)
    followup_ids = list(plan.followups.values_list("pk", flat=True))
    request_ids = list(plan.requests.values_list("pk", flat=True)) + list(
        FollowUp.objects.filter(pk__in=followup_ids).values_list("request_id", flat=True)
    )
    person_ids = set(
        Request.objects.filter(pk__in=request_ids, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    Referral.objects.filter(followup_id__in=followup_ids).delete()
    Consent.objects.filter(followup_id__in=followup_ids).delete()
    FollowUp.objects.filter(pk__in=followup_ids).delete()
    Request.objects.filter(pk__in=request_ids).delete()
    # Registered for an activity: kept for its counts (the rows protect the person), and
    # anonymised below once the last activity is old enough.
    orphans = (
        Person.objects.filter(pk__in=person_ids)
        .exclude(Exists(Request.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(FollowUp.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(Registration.objects.filter(person_id=OuterRef("pk"))))
    )
    HouseholdMember.objects.filter(person__in=orphans).delete()
    persons = orphans.count()
    orphans.delete()
    # Evaluated now: includes those whose requests and follow-ups just went.
    participants = list(plan.participants.order_by())
    for person in participants:
        _anonymise(person)
    Registration.objects.filter(person__in=participants).update(**REGISTRATION_BLANKS)
    HouseholdMember.objects.filter(person__in=participants).delete()
    Person.objects.bulk_update(participants, ANONYMISED_FIELDS, batch_size=500)
    counts = {
        "followups": len(followup_ids),
        "requests": len(request_ids),
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
