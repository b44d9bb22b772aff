"""Personas and files of the casework tests.

`member` (a field worker of A, tests/conftest.py) is assigned to `followup`; `colleague` is a
second field worker of A who is not; `coordinator` and `director` oversee A; `outside_worker`
works with young people in B. The follow-up holds a secret in every confidential place, so a
test can check that none of them leaks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from maillage.casework import services
from maillage.casework.glass import followup_break_glass
from maillage.casework.models import Consent, FollowUp, Referral, Request
from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.people.models import Person

SUMMARY = "Secret-demande : harcèlement au collège"
NEXT_STEP = "Secret-étape : rendez-vous au CPMS"
NOTES = "Secret-notes : parle de violences à la maison"
CLOSE_REASON = "Secret-clôture : objectif atteint"
SECRETS = (SUMMARY, NEXT_STEP, NOTES)
THEME_LABELS = ("Santé", "Health")  # the theme of `followup`, in French or before translation


def today() -> date:
    return timezone.localdate()


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def colleague(make_user: Callable[..., User], org_a: Organisation) -> User:
    """A second field worker of A, not assigned to `followup`."""
    return make_user("colleague@a.example", (org_a, Role.FIELD_WORKER), first_name="Camille")


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def director(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("director@a.example", (org_a, Role.DIRECTOR), first_name="Dirk")


@pytest.fixture
def outside_worker(make_user: Callable[..., User], org_b: Organisation) -> User:
    """A field worker of B: works with young people, but not with A's."""
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def glass_coordinator(coordinator: User, followup: FollowUp) -> User:
    """The coordinator, after breaking the glass of `followup`."""
    followup_break_glass(
        user=coordinator, followup=followup, reason="Absence prolongée de l'intervenant"
    )
    return coordinator


@pytest.fixture
def person(org_a: Organisation, member: User, commune: Any) -> Person:
    return Person.objects.create(
        organisation=org_a,
        first_name="Yasmine",
        last_name="El Amrani",
        birth_date=date(2010, 5, 17),
        gender="F",
        commune=commune,
        created_by=member,
    )


@pytest.fixture
def make_followup(org_a: Organisation) -> Callable[..., FollowUp]:
    """A follow-up of `person` opened by `by`, through the services."""

    def make(
        by: User,
        person: Person | None = None,
        *,
        workers: list[User] | None = None,
        themes: tuple[str, ...] = ("health",),
        **extra: Any,
    ) -> FollowUp:
        anonymous = {} if person else {"age_band": "15-17"}
        received = extra.pop("received_on", today() - timedelta(days=30))
        request = services.request_record(
            actor=by,
            organisation=org_a,
            received_on=received,
            requester="young_person",
            themes=list(themes),
            person=person,
            summary=SUMMARY,
            **anonymous,
        )
        return services.followup_open(
            actor=by,
            request=request,
            workers=workers or [by],
            opened_on=received,
            next_step=NEXT_STEP,
            next_step_due=extra.pop("next_step_due", today() + timedelta(days=3)),
        )

    return make


@pytest.fixture
def followup(make_followup: Callable[..., FollowUp], member: User, person: Person) -> FollowUp:
    """Assigned to `member`, with an intervention, a consent to share with B and a referral."""
    followup = make_followup(member, person)
    services.intervention_log(
        actor=member,
        followup=followup,
        date=today() - timedelta(days=2),
        duration_minutes=45,
        kind="listening",
        present="Yasmine",
        notes=NOTES,
    )
    return followup


@pytest.fixture
def consent(followup: FollowUp, member: User, org_b: Organisation) -> Consent:
    return services.consent_record(
        actor=member,
        followup=followup,
        shared_with=org_b,
        scope="summary",
        given_on=today() - timedelta(days=1),
    )


@pytest.fixture
def referral(consent: Consent, member: User, org_b: Organisation) -> Referral:
    return services.referral_send(
        actor=member,
        followup=consent.followup,
        to_organisation=org_b,
        note="Orientation vers la maison de quartier",
        sent_on=today(),
    )


@pytest.fixture
def pending_request(org_a: Organisation, member: User, person: Person) -> Request:
    """A request of `person` recorded by `member`, no follow-up yet."""
    return services.request_record(
        actor=member,
        organisation=org_a,
        received_on=today(),
        requester="parent",
        themes=["schooling"],
        person=person,
    )


def version(followup: FollowUp) -> int:
    return FollowUp.objects.values_list("version", flat=True).get(pk=followup.pk)
