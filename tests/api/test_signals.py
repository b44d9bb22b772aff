"""/signals: read with `signals:read`, record one with `signals:write` through
signal_create; no follow-up, detail or closing reason is ever exposed."""

from datetime import timedelta

import pytest

from maillage.api.models import Scope
from maillage.core.audit_models import AuditEvent
from maillage.schooling.models import Signal, SignalStatus
from tests.api.conftest import today

pytestmark = pytest.mark.django_db


def test_recording_then_reading_a_signal(all_scopes, make_person, org_a):
    person = make_person(org_a)
    response = all_scopes.post(
        "/signals",
        {
            "person": person.pk,
            "source": "school",
            "raised_on": today().isoformat(),
            "details": "Secret",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "new" and body["person"]["id"] == person.pk
    assert "Secret" not in response.content.decode()
    signal = Signal.objects.get()
    assert signal.details == "Secret" and signal.created_by == all_scopes.token.user
    assert AuditEvent.objects.get(action="schooling.signal.created").actor == all_scopes.token.user
    listing = all_scopes.get("/signals", status="new").json()
    assert [s["id"] for s in listing["items"]] == [signal.pk]
    assert all_scopes.get(f"/signals/{signal.pk}").json()["source"] == "school"
    assert "followup" not in str(all_scopes.get(f"/signals/{signal.pk}").json())


def test_the_service_checks_in_french(all_scopes, make_person, org_a, org_b):
    future = (today() + timedelta(days=2)).isoformat()
    person = make_person(org_a)
    response = all_scopes.post(
        "/signals", {"person": person.pk, "source": "school", "raised_on": future}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == [
        {"field": "raised_on", "message": "La date ne peut pas être dans le futur.", "row": None}
    ]
    threshold = all_scopes.post(
        "/signals", {"person": person.pk, "source": "threshold", "raised_on": today().isoformat()}
    )
    assert threshold.status_code == 422  # not one of the document's sources
    assert threshold.json()["detail"][0]["field"] == "source"
    stranger = make_person(org_b)
    refused = all_scopes.post(
        "/signals", {"person": stranger.pk, "source": "school", "raised_on": today().isoformat()}
    )
    assert refused.status_code == 409 and refused.json()["detail"][0]["field"] == "person"
    assert not Signal.objects.exists()


def test_another_organisation_sees_none_of_them(all_scopes, b_all, make_person, org_a):
    person = make_person(org_a)
    signal = Signal.objects.create(
        organisation=org_a,
        person=person,
        source="family",
        raised_on=today(),
        status=SignalStatus.NEW,
    )
    assert b_all.get("/signals").json()["count"] == 0
    assert b_all.get(f"/signals/{signal.pk}").status_code == 404
    assert all_scopes.get("/signals").json()["count"] == 1


def test_scopes_are_needed(token_for, org_a, make_person):
    reader = token_for(org_a, Scope.SIGNALS_READ)
    person = make_person(org_a)
    payload = {"person": person.pk, "source": "school", "raised_on": today().isoformat()}
    assert reader.post("/signals", payload).status_code == 403
    writer = token_for(org_a, Scope.SIGNALS_WRITE)
    assert writer.get("/signals").status_code == 403
    assert writer.post("/signals", payload).status_code == 201
