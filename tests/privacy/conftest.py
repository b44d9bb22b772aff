from datetime import date

import pytest

from maillage.casework.models import (
    Assignment,
    Consent,
    FollowUp,
    Intervention,
    Referral,
    Request,
    RequestTheme,
)
from maillage.people.models import Household, HouseholdMember, Person


@pytest.fixture
def file_of_sami(org_a, org_b, member):
    """A young person with a request, a closed follow-up, an intervention and a referral."""
    sami = Person.objects.create(
        organisation=org_a,
        first_name="Sami",
        last_name="Lambert",
        birth_date=date(2009, 5, 17),
        gender="M",
        phone="0470 00 00 00",
        school="Athénée du Parc",
        created_by=member,
    )
    household = Household.objects.create(organisation=org_a, name="Famille Lambert")
    HouseholdMember.objects.create(
        organisation=org_a, household=household, person=sami, relation="young_person"
    )
    request = Request.objects.create(
        organisation=org_a,
        received_on=date(2014, 1, 10),
        requester="young_person",
        person=sami,
        summary="Conflit avec ses parents",
        recorded_by=member,
    )
    RequestTheme.objects.create(request=request, theme="family")
    followup = FollowUp.objects.create(
        organisation=org_a,
        request=request,
        person=sami,
        opened_on=date(2014, 1, 12),
        status="closed",
        closed_on=date(2015, 6, 1),
        close_reason="Situation apaisée",
        outcome="goal_reached",
        next_step="Rencontre avec la famille",
    )
    Assignment.objects.create(
        organisation=org_a, followup=followup, worker=member, assigned_on=date(2014, 1, 12)
    )
    Intervention.objects.create(
        organisation=org_a,
        followup=followup,
        date=date(2014, 2, 1),
        duration_minutes=45,
        kind="listening",
        present="Sami",
        notes="Parle de tensions à la maison",
        author=member,
    )
    consent = Consent.objects.create(
        organisation=org_a,
        followup=followup,
        shared_with=org_b,
        scope="existence",
        given_on=date(2014, 2, 2),
        recorded_by=member,
    )
    Referral.objects.create(
        organisation=org_a,
        followup=followup,
        to_organisation=org_b,
        consent=consent,
        sent_on=date(2014, 2, 3),
        note="Soutien scolaire",
        created_by=member,
    )
    return sami
