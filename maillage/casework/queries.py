"""Reads of the individual axis shared by the casework views and services.

Every list starts from `visible_to`/`opened_for` (casework.access decides); these functions
only choose columns, joins and order, so that a page runs the same number of queries whatever
the size of the caseload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.casework.access import assigned, opened_q
from maillage.casework.models import (
    Assignment,
    BreakGlass,
    Consent,
    ConsentScope,
    FollowUp,
    FollowUpQuerySet,
    Intervention,
    Referral,
    ReferralQuerySet,
    Request,
    RequestQuerySet,
    Status,
)
from maillage.core.models import Organisation, User
from maillage.core.roles import ROLE_PERMISSIONS, Perm
from maillage.core.scoping import current_organisation_id
from maillage.people.matching import normalise
from maillage.people.models import Person

ACTIVE = (Status.OPEN, Status.PAUSED)
SOON = timedelta(days=7)
PERSON_SEARCH_LIMIT = 10

# Roles whose holders may be assigned to a follow-up.
WORK_ROLES = frozenset(
    role for role, perms in ROLE_PERMISSIONS.items() if Perm.WORK_WITH_YOUNG_PEOPLE in perms
)
# What the oversight and list views never need to decrypt.
_PERSON_SECRETS = ("person__phone", "person__email", "person__address")


def eligible_workers(organisation: Organisation | int) -> QuerySet[User]:
    """Active members of the organisation who work with young people."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=org_id,
            memberships__is_active=True,
            memberships__role__in=WORK_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def due_state(due: date | None, today: date | None = None) -> str:
    """`overdue`, `today`, `soon` (within a week) or `` for a next step's due date."""
    if due is None:
        return ""
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if due <= today + SOON:
        return "soon"
    return ""


def caseload(user: Any) -> list[FollowUp]:
    """The open and paused follow-ups the user is assigned to, next step due first.

    Three queries whatever their number: the follow-ups with their person and last contact
    date, then their workers.
    """
    rows = list(
        FollowUp.objects.visible_to(user)
        .filter(assigned(user), status__in=ACTIVE)
        .select_related("person", "request")
        .defer(*_PERSON_SECRETS, "request__summary", "close_reason")
        .prefetch_related(_workers())
        .annotate(last_contact=Max("interventions__date"))
        .order_by(F("next_step_due").asc(nulls_last=True), "opened_on", "pk")
    )
    today = timezone.localdate()
    for row in rows:
        row.due_state = due_state(row.next_step_due, today)  # type: ignore[attr-defined]
    return rows


def team_followups(user: Any) -> FollowUpQuerySet:
    """For coordinators and directors: the other open and paused follow-ups of the
    organisation, as existence only (no encrypted column is even read)."""
    return (
        FollowUp.objects.visible_to(user)
        .exclude(assigned(user))
        .filter(status__in=ACTIVE)
        .select_related("person")
        .only(
            "pk",
            "organisation_id",
            "status",
            "opened_on",
            "closed_on",
            "person__first_name",
            "person__last_name",
        )
        .prefetch_related(_workers())
        .order_by("-opened_on", "-pk")
    )


def _workers() -> Prefetch[Any]:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("worker").order_by(
            "worker__last_name", "worker__first_name"
        ),
        to_attr="worker_list",
    )


def pending_requests(user: Any) -> RequestQuerySet:
    """Requests the user may see that no follow-up has opened yet, newest first."""
    return (
        Request.objects.visible_to(user)
        .filter(followup__isnull=True)
        .select_related("person", "commune")
        .defer(*_PERSON_SECRETS, "summary")
        .prefetch_related("themes")
        .order_by("-received_on", "-pk")
    )


def person_search(user: Any, text: str, limit: int = PERSON_SEARCH_LIMIT) -> list[Person]:
    """Persons the user may see whose names hold every word typed (accents and case ignored)."""
    words = normalise(text).split()
    if not words:
        return []
    persons = Person.objects.visible_to(user).current()
    for word in words:
        persons = persons.filter(name_key__contains=word)
    return list(
        persons.select_related("commune")
        .only("first_name", "last_name", "birth_date", "commune__name", "organisation_id")
        .order_by("last_name", "first_name", "pk")[:limit]
    )


# The follow-up page shows the latest interventions; older ones come in pages when asked.
RECENT_INTERVENTIONS = 10
OLDER_INTERVENTIONS = 25


@dataclass(frozen=True)
class InterventionPage:
    """Some interventions of a follow-up, newest first, and where the next older ones start
    (None: there are no more)."""

    interventions: list[Intervention]
    older: tuple[date, int] | None


def intervention_page(
    user: Any, followup: FollowUp, *, before: tuple[date, int] | None = None, size: int
) -> InterventionPage:
    """Up to `size` interventions older than `before` (a row's date and pk, the order of the
    list): one query, and rows logged since the page was shown don't shift the next pages."""
    interventions = (
        Intervention.objects.visible_to(user).filter(followup=followup).select_related("author")
    )
    if before is not None:
        on, pk = before
        interventions = interventions.filter(Q(date__lt=on) | Q(date=on, pk__lt=pk))
    found = list(interventions.order_by("-date", "-pk")[: size + 1])
    shown = found[:size]
    older = (shown[-1].date, shown[-1].pk) if len(found) > size else None
    return InterventionPage(shown, older)


@dataclass(frozen=True)
class FollowUpFile:
    """Everything the full view of one follow-up shows, fetched in a fixed number of queries."""

    followup: FollowUp
    themes: list[str]
    assignments: list[Assignment]
    interventions: InterventionPage
    consents: list[Consent]
    referrals: list[Referral]
    glass_breaks: list[BreakGlass]


def followup_file(user: Any, followup: FollowUp) -> FollowUpFile:
    """The contents of a follow-up the user may open in full (the caller checked)."""
    return FollowUpFile(
        followup=followup,
        themes=[t.get_theme_display() for t in followup.request.themes.all()],
        assignments=list(followup.assignments.select_related("worker").order_by("pk")),
        interventions=intervention_page(user, followup, size=RECENT_INTERVENTIONS),
        consents=list(
            Consent.objects.visible_to(user)
            .filter(followup=followup)
            .select_related("shared_with")
            .order_by("withdrawn_on", "-given_on", "-pk")
        ),
        referrals=list(
            Referral.objects.visible_to(user)
            .filter(followup=followup)
            .select_related("to_organisation")
            .order_by("-sent_on", "-pk")
        ),
        glass_breaks=list(
            BreakGlass.objects.visible_to(user)
            .filter(followup=followup)
            .select_related("user")
            .order_by("-at")
        ),
    )


def person_followups(user: Any, person: Person) -> list[FollowUp]:
    """The follow-ups of one person that the user may know of, each marked `opened` when the
    user may read it in full."""
    return list(
        FollowUp.objects.visible_to(user)
        .filter(person=person)
        .only("pk", "organisation_id", "status", "opened_on", "closed_on", "person_id")
        .prefetch_related(_workers())
        .annotate(opened=ExpressionWrapper(opened_q(user), output_field=BooleanField()))
        .order_by("-opened_on", "-pk")
    )


def person_pending_requests(user: Any, person: Person) -> list[Request]:
    return list(pending_requests(user).filter(person=person))


SCOPE_ORDER = [ConsentScope.EXISTENCE, ConsentScope.SUMMARY, ConsentScope.INTERVENTIONS]


def received_referrals(user: Any) -> ReferralQuerySet:
    """Referrals made to the user's organisation, with what the consents let it see: the
    active consents to share with it, the follow-up's workers, and its interventions without
    their notes (never even read). `shared_scope` says which consent applies (the widest)."""
    org_id = current_organisation_id(user)
    return (
        Referral.objects.received_by(user)
        .select_related("organisation", "followup", "followup__person", "followup__request")
        .defer(
            *(f"followup__{name}" for name in _PERSON_SECRETS),
            "followup__close_reason",
            "followup__request__summary",
        )
        .prefetch_related(
            Prefetch(
                "followup__consents",
                queryset=Consent.objects.filter(shared_with_id=org_id, withdrawn_on__isnull=True),
                to_attr="shared_consents",
            ),
            Prefetch(
                "followup__assignments",
                queryset=Assignment.objects.select_related("worker").order_by("pk"),
                to_attr="worker_list",
            ),
            Prefetch(
                "followup__interventions",
                queryset=Intervention.objects.defer("notes").order_by("-date", "-pk"),
                to_attr="shared_interventions",
            ),
            "followup__request__themes",
        )
        .order_by("-sent_on", "-pk")
    )


def shared_scope(referral: Referral) -> str:
    """The widest scope among the active consents to share with the receiving organisation."""
    scopes = {c.scope for c in referral.followup.shared_consents}  # type: ignore[attr-defined]
    return max(scopes, key=SCOPE_ORDER.index, default="")
