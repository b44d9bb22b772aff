"""The OpenAPI document: served at a stable address, generated from the schemas, naming
the token scheme where it is needed, bounding what a client sends to what the database holds,
and with no trace of follow-ups."""

from collections.abc import Iterator
from typing import Any

import pytest

from maillage.core.lookups import BIGINT_MAX

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


def _inputs(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema a client fills in (parameters and request bodies, nested ones too),
    named by operation and place, with its references resolved."""
    components = document["components"]["schemas"]

    def walk(where: str, schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        if "$ref" in schema:
            yield from walk(where, components[schema["$ref"].rsplit("/", 1)[1]])
            return
        yield where, schema
        for name, inner in schema.get("properties", {}).items():
            yield from walk(f"{where}.{name}", inner)
        for key in ("anyOf", "oneOf", "allOf"):
            for inner in schema.get(key, []):
                yield from walk(where, inner)
        if isinstance(schema.get("items"), dict):
            yield from walk(f"{where}[]", schema["items"])

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                yield from walk(f"{method} {path} {parameter['name']}", parameter["schema"])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield from walk(f"{method} {path} body", body["schema"])


def test_every_integer_a_client_sends_is_bounded_by_what_the_database_holds(anon):
    """An unbounded offset or id reached the database: a 500 for offset=2**63."""
    integers = [
        (where, schema)
        for where, schema in _inputs(anon.get("/openapi.json").json())
        if schema.get("type") == "integer"
    ]
    assert any(where.endswith(" offset") for where, _ in integers)
    for where, schema in integers:
        assert schema.get("minimum", -BIGINT_MAX - 1) >= -BIGINT_MAX - 1, where
        assert "maximum" in schema and schema["maximum"] <= BIGINT_MAX, where


def test_every_text_a_client_sends_says_what_a_database_can_store(anon):
    """Free text excludes NUL (PostgreSQL refuses it: a 500); the rest has a format or a
    list of values."""
    for where, schema in _inputs(anon.get("/openapi.json").json()):
        if schema.get("type") == "string" and "enum" not in schema and "const" not in schema:
            assert schema.get("pattern") == "^[^\\x00]*$" or "format" in schema, where


def test_public_operations_need_no_token_and_the_others_one(anon):
    document = anon.get("/openapi.json").json()
    public = {"organisations", "services", "activities"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            resource = path.split("/")[3]
            expected = [{}, {"TokenAuth": []}] if resource in public else [{"TokenAuth": []}]
            assert operation["security"] == expected, (method, path)
            assert "security" not in document


def test_writes_document_the_refusals_of_a_rule(anon):
    for path, operations in anon.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            assert ("409" in operation["responses"]) == (method == "post"), (method, path)


def test_an_offset_beyond_what_a_database_holds_is_a_french_422(anon, all_scopes):
    for client, path in ((anon, "/organisations"), (anon, "/activities"), (all_scopes, "/signals")):
        assert client.get(path, offset=BIGINT_MAX).json()["items"] == []
        refused = client.get(path, offset=BIGINT_MAX + 1)
        assert refused.status_code == 422
        assert refused.json()["detail"] == [
            {"field": "offset", "message": "Cette valeur est trop grande.", "row": None}
        ]
    too_far = all_scopes.get("/registrations", activity=2678054939290892254175127666688)
    assert too_far.status_code == 422 and too_far.json()["detail"][0]["field"] == "activity"
    assert anon.get(f"/activities/{BIGINT_MAX + 1}").status_code == 422
