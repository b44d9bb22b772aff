"""The OpenAPI document: served at a stable address, generated from the schemas, naming
the token scheme, and with no trace of follow-ups."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_document_is_served_and_lists_every_resource(anon):
    response = anon.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Maillage API" and document["info"]["version"] == "1"
    paths = set(document["paths"])
    for path in ("organisations", "services", "activities", "registrations", "absences", "signals"):
        assert f"/api/v1/{path}" in paths
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_no_follow_up_appears_anywhere_in_the_document(anon):
    text = anon.get("/openapi.json").content.decode().lower()
    assert "followup" not in text and "follow_up" not in text and "follow-up" not in text
    assert "suivi" not in text
