"""The API conforms to its own OpenAPI document under schemathesis, anonymously and with a
token holding every scope, on the database the suite runs on (SQLite and PostgreSQL in CI).

The command line runs as a person would run it (tests/api/schemathesis_run.py: every check,
every phase, bounded and derandomized examples) against the document the application serves
on loopback (the `served` fixture), on a small network of objects: any failure it finds (a
server error, an answer the document does not describe, a request the document allows but
the API refuses or the reverse, a public operation said to need a token…) fails the test
with the command's report. tests/api/test_schemathesis_catches.py shows that it does fail on
such a finding.
"""

from datetime import date
from pathlib import Path

import pytest

from maillage.activities.models import Registration, RegistrationSource, RegistrationStatus
from maillage.core.models import OrganisationKind
from maillage.schooling.models import Enrolment, School, Signal
from maillage.schooling.school_years import school_year_for
from tests.api.schemathesis_run import schemathesis_findings

# The server answers from another thread: its writes are committed, then flushed.
pytestmark = pytest.mark.django_db(transaction=True)
DOCUMENT = "/api/v1/openapi.json"


@pytest.fixture
def network(camp, private_activity, make_person, make_org, org_a):
    """Something for every operation to find: activities (one public, one not), a
    registration, a school with an enrolled pupil, a signal."""
    person = make_person(org_a)
    Registration.objects.create(
        organisation=org_a,
        activity=camp,
        person=person,
        status=RegistrationStatus.CONFIRMED,
        source=RegistrationSource.WORKER,
    )
    school = School.objects.create(
        organisation=make_org("Athénée Exemple", OrganisationKind.SCHOOL), fwb_number="1234"
    )
    day = date(2025, 10, 6)
    year = school_year_for(day)
    assert year is not None
    Enrolment.objects.create(
        organisation=org_a, person=person, school=school, school_year=year, matricule="2025-0142"
    )
    Signal.objects.create(
        organisation=org_a, person=person, source="school", raised_on=day, school=school
    )


def test_anonymous_calls_conform_to_the_document(served, network, tmp_path: Path):
    findings = schemathesis_findings(served + DOCUMENT, token=None, workdir=tmp_path)
    assert not findings, "\n".join(findings)


def test_calls_with_a_token_conform_to_the_document(served, network, all_scopes, tmp_path: Path):
    findings = schemathesis_findings(served + DOCUMENT, token=all_scopes.secret, workdir=tmp_path)
    assert not findings, "\n".join(findings)
