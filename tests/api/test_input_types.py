"""What a client sends is read as the document types it, no more and no less (issue 19,
found by schemathesis): a value the document refuses is a French 422, never accepted in
another reading (a date given as 0, "12" for an id, 1 for true) and never a 500 (a NUL
character or half a surrogate pair reaching the database)."""

import pytest

from maillage.activities.models import Registration
from tests.api.test_registrations import child, form

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_filter_is_a_french_422_on_every_database(anon):
    for path, name in (
        ("/organisations", "q"),
        ("/services", "commune"),
        ("/activities", "commune"),
    ):
        response = anon.get(path, **{name: "Saint\x00Gilles"})
        assert response.status_code == 422
        assert response.json()["detail"] == [
            {"field": name, "message": "Les caractères nuls ne sont pas autorisés.", "row": None}
        ]


def test_text_a_database_cannot_store_is_a_french_422(all_scopes, camp):
    nul = all_scopes.post("/registrations", form(camp, child("Ana\x00")))
    assert nul.status_code == 422
    assert nul.json()["detail"][0]["field"] == "children.0.first_name"
    # JSON may escape half of a surrogate pair, which no database stores.
    half_pair = '"guardian_name": "Sara \\ud800"'
    lone = all_scopes.post(
        "/registrations",
        raw=(
            f'{{"activity": {camp.pk}, "submission": "e3e70682-c209-4cac-a29f-6fbed82c07cd", '
            '"children": [{"first_name": "Ana", "last_name": "L", "birth_date": "2015-01-01"}], '
            f'{half_pair}, "guardian_email": "sara@example.org", "parental_authorisation": true}}'
        ),
    )
    assert lone.status_code == 422
    assert lone.json()["detail"] == [
        {
            "field": "guardian_name",
            "message": "Ce texte contient un caractère qui n’est pas valide.",
            "row": None,
        }
    ]


def test_dates_ids_booleans_and_uuids_are_what_the_document_says(all_scopes, camp, anon):
    assert anon.get("/activities", to="0").status_code == 422
    assert anon.get("/activities", to="20260105").status_code == 422
    assert anon.get("/activities", to="2026-01-05").status_code == 200
    for wrong in (
        {"activity": str(camp.pk)},
        {"activity": True},
        {"activity": 0},
        {"photo_consent": "yes"},
        {"submission": "e3e70682c2094cac629f6fbed82c07cd"},
        {"children": [{**child("Ana"), "birth_date": 0}]},
        {"guardian_email": "sara@"},
    ):
        response = all_scopes.post("/registrations", {**form(camp, child("Ana")), **wrong})
        assert response.status_code == 422, wrong
        assert response.json()["detail"][0]["field"].split(".")[0] in wrong, wrong
    assert not Registration.objects.exists()
    # JSON Schema counts 12.0 as an integer: so does the API.
    priced = child("Ana", price_tier=camp.price_tiers.get().pk)
    made = all_scopes.post("/registrations", {**form(camp, priced), "activity": float(camp.pk)})
    assert made.status_code == 201, made.content


def test_e_mail_fields_say_format_email(anon):
    schemas = anon.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["RegistrationIn"]["properties"]["guardian_email"]["format"] == "email"
    for name in ("OrganisationOut", "ServiceOut"):
        kinds = schemas[name]["properties"]["email"]["anyOf"]
        assert {"type": "string", "format": "email"} in kinds  # or "" when there is none
