"""The sections of a subject-access export: for each table that points at a person, its rows
as plain data, in clear (it is the person's own data).

Each function takes the rows of one reference (`privacy.references`) and reads them in a
constant number of queries, whatever their number. `references.REFERENCES` names which
function exports which reference, so a new table about persons cannot be classified without
saying what the person gets to see of it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.activities.models import Registration
from maillage.casework.models import FollowUp, Intervention, Request
from maillage.people.models import HouseholdMember, Person
from maillage.schooling.esf import RESULT_FLAGS, sensitive_items_of
from maillage.schooling.models import (
    Absence,
    AbsenceChange,
    EducationStatus,
    Enrolment,
    Participant,
    ParticipantResult,
    Signal,
)
from maillage.schooling.models.esf import SensitiveAnswer, SensitiveItem

Rows = list[dict[str, Any]]


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _local_day(value: datetime | None) -> str | None:
    return day(timezone.localdate(value)) if value else None


def merged_files(rows: QuerySet[Person]) -> Rows:
    """The files merged into the person's: the names and dates they were recorded under."""
    return [
        {
            "first_name": p.first_name,
            "last_name": p.last_name,
            "birth_date": day(p.birth_date),
            "merged_on": _local_day(p.merged_at),
        }
        for p in rows.order_by("merged_at", "pk")
    ]


def households(rows: QuerySet[HouseholdMember]) -> Rows:
    return [
        {"household": m.household.name, "relation": m.get_relation_display()}
        for m in rows.select_related("household").order_by("pk")
    ]


def requests(rows: QuerySet[Request]) -> Rows:
    return [
        {
            "received_on": day(r.received_on),
            "requester": r.get_requester_display(),
            "themes": [t.get_theme_display() for t in r.themes.all()],
            "summary": r.summary,
        }
        for r in rows.prefetch_related("themes").order_by("received_on", "pk")
    ]


def followups(rows: QuerySet[FollowUp]) -> Rows:
    interventions = Prefetch(
        "interventions", queryset=Intervention.objects.order_by("date", "pk"), to_attr="dated"
    )
    return [
        {
            "opened_on": day(f.opened_on),
            "status": f.get_status_display(),
            "workers": [str(a.worker) for a in f.assignments.all()],
            "next_step": f.next_step,
            "next_step_due": day(f.next_step_due),
            "closed_on": day(f.closed_on),
            "close_reason": f.close_reason,
            "outcome": f.get_outcome_display() if f.outcome else "",
            "consents": [
                {
                    "shared_with": c.shared_with.name,
                    "scope": c.get_scope_display(),
                    "given_on": day(c.given_on),
                    "withdrawn_on": day(c.withdrawn_on),
                }
                for c in f.consents.all()
            ],
            "referrals": [
                {
                    "to": r.to_organisation.name,
                    "status": r.get_status_display(),
                    "sent_on": day(r.sent_on),
                    "note": r.note,
                }
                for r in f.referrals.all()
            ],
            "interventions": [
                {
                    "date": day(i.date),
                    "kind": i.get_kind_display(),
                    "duration_minutes": i.duration_minutes,
                    "present": i.present,
                    "notes": i.notes,
                }
                for i in f.dated
            ],
        }
        for f in rows.prefetch_related(
            "assignments__worker",
            "consents__shared_with",
            "referrals__to_organisation",
            interventions,
        ).order_by("opened_on", "pk")
    ]


def registrations(rows: QuerySet[Registration]) -> Rows:
    """Registrations to collective activities, with what the parent told us and how many
    sessions the person attended."""
    annotated = (
        rows.select_related("activity", "price_tier")
        .annotate(
            present=Count("attendances", filter=Q(attendances__present=True)),
            absent=Count("attendances", filter=Q(attendances__present=False)),
        )
        .order_by("activity__starts_on", "pk")
    )
    return [_registration(r) for r in annotated]


def _registration(r: Registration) -> dict[str, Any]:
    activity = r.activity
    return {
        "activity": activity.title,
        "kind": activity.get_kind_display(),
        "starts_on": day(activity.starts_on),
        "ends_on": day(activity.ends_on),
        "registered_on": _local_day(r.created_at),
        "registered": r.get_source_display(),
        "status": r.get_status_display(),
        "waiting_since": _local_day(r.waiting_since),
        "cancelled_on": _local_day(r.cancelled_at),
        "price": r.price_tier.label if r.price_tier else "",
        "amount_due": str(r.amount_due),
        "sibling_reduction": r.sibling_reduction,
        "payment_status": r.get_payment_status_display(),
        "paid_on": day(r.paid_on),
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


def enrolments(rows: QuerySet[Enrolment]) -> Rows:
    """Each enrolment with the corrections later imports made to its half-days."""
    changes = Prefetch("absence_changes", queryset=AbsenceChange.objects.order_by("changed_at"))
    return [
        {
            "school": e.school.organisation.name,
            "fwb_number": e.school.fwb_number,
            "school_year": e.school_year.label,
            "pupil_number": e.matricule,
            "year": e.grade,
            "class": e.class_name,
            "absence_changes": [
                {
                    "date": day(c.date),
                    "half_day": c.get_half_day_display(),
                    "before": c.get_old_status_display(),
                    "after": c.get_new_status_display(),
                    "changed_on": _local_day(c.changed_at),
                }
                for c in e.absence_changes.all()
            ],
        }
        for e in rows.select_related("school__organisation", "school_year")
        .prefetch_related(changes)
        .order_by("school_year__starts_on", "pk")
    ]


def absences(rows: QuerySet[Absence]) -> Rows:
    return [
        {
            "date": day(a.date),
            "half_day": a.get_half_day_display(),
            "status": a.get_status_display(),
            "reason": a.reason or "",
            "school": a.enrolment.school.organisation.name,
        }
        for a in rows.select_related("enrolment__school__organisation").order_by(
            "date", "half_day", "pk"
        )
    ]


def signals(rows: QuerySet[Signal]) -> Rows:
    return [
        {
            "raised_on": day(s.raised_on),
            "source": s.get_source_display(),
            "school": s.school.organisation.name if s.school else "",
            "school_year": s.school_year.label if s.school_year else "",
            "threshold": s.rule.label if s.rule else "",
            "unjustified_half_days": s.half_days,
            "details": s.details or "",
            "status": s.get_status_display(),
            "closed_on": day(s.closed_on),
            "close_reason": s.close_reason,
        }
        for s in rows.select_related("school__organisation", "school_year", "rule").order_by(
            "raised_on", "pk"
        )
    ]


def education_statuses(rows: QuerySet[EducationStatus]) -> Rows:
    return [
        {
            "since": day(s.starts_on),
            "situation": s.get_kind_display(),
            "school": s.school.organisation.name if s.school else "",
            "detail": s.detail,
        }
        for s in rows.select_related("school__organisation").order_by("starts_on", "pk")
    ]


def esf_participations(rows: QuerySet[Participant]) -> Rows:
    """The ESF+ records, the sensitive items included (the person's own answers)."""
    results = Prefetch("results", queryset=ParticipantResult.objects.order_by("exit_on", "pk"))
    return [_participation(p) for p in rows.prefetch_related(results).order_by("pk")]


def _participation(p: Participant) -> dict[str, Any]:
    items = dict(SensitiveItem.choices)
    answers = dict(SensitiveAnswer.choices)
    return {
        "entered_on": day(p.entered_on),
        "gender": p.get_gender_display(),
        "age_at_entry": p.get_age_band_display(),
        "labour_market_status": p.get_labour_status_display(),
        "education_level": p.get_isced_display(),
        "sensitive_items_consent_on": day(p.sensitive_consent_on),
        "sensitive_items": {
            str(items.get(item, item)): str(answers.get(answer, answer))
            for item, answer in sensitive_items_of(p).items()
        },
        "reentered_on": day(p.reentered_on),
        "exited_on": day(p.exited_on),
        "results": [
            {
                "exit_on": day(r.exit_on),
                "when": r.get_moment_display(),
                "recorded_on": day(r.recorded_on),
                **{flag: getattr(r, flag) for flag in RESULT_FLAGS},
            }
            for r in p.results.all()
        ],
    }
