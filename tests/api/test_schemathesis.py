"""Property-based conformance of the API to its own OpenAPI document (schemathesis).

The document is loaded from the WSGI application as it serves it; every operation is called
with generated input (bounded examples) and a token holding every scope, on a small network
of objects, and each answer must not be a server error and must conform to the document:
a documented status code, content type and body.

The application runs in the test's transaction: Django's WSGI handler would close the
connection after each request (`close_old_connections`), so that is switched off here as
Django's own test client does.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from maillage.activities.models import Registration, RegistrationSource, RegistrationStatus
from maillage.schooling.models import Signal

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def network(camp, private_activity, make_person, org_a):
    person = make_person(org_a)
    Registration.objects.create(
        organisation=org_a,
        activity=camp,
        person=person,
        status=RegistrationStatus.CONFIRMED,
        source=RegistrationSource.WORKER,
    )
    Signal.objects.create(
        organisation=org_a, person=person, source="school", raised_on=date(2025, 10, 6)
    )


def test_every_operation_conforms_to_the_document(settings, wsgi_app, all_scopes, network):
    settings.MAILLAGE_API_RATE_PER_MINUTE = 0
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    headers = {"Authorization": f"Bearer {all_scopes.secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        call()
