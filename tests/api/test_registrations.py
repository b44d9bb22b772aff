"""/registrations: read with `registrations:read`, register and cancel with
`registrations:write`, through the same services (places, ages, waiting list) as the
online form; the token's user is the actor in the audit log; another organisation's token
sees none of it."""

import uuid
from datetime import date

import pytest
from django.core import mail

from maillage.activities.models import Registration, RegistrationStatus
from maillage.api.models import Scope
from maillage.core.audit_models import AuditEvent
from tests.api.conftest import today

pytestmark = pytest.mark.django_db


def child(first_name: str, age: int = 10, **extra):
    born = today().replace(year=today().year - age) - __import__("datetime").timedelta(days=30)
    return {
        "first_name": first_name,
        "last_name": "Lambert",
        "birth_date": born.isoformat(),
        **extra,
    }


def form(activity, *children, **extra):
    return {
        "activity": activity.pk,
        "submission": str(uuid.uuid4()),
        "children": list(children),
        "guardian_name": "Sara Lambert",
        "guardian_email": "sara@example.org",
        "guardian_phone": "0470 00 00 00",
        "parental_authorisation": True,
        **extra,
    }


@pytest.fixture
def tier(camp):
    return camp.price_tiers.get()


def test_registering_confirms_then_puts_on_the_waiting_list(
    all_scopes, camp, tier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = all_scopes.post(
            "/registrations",
            form(camp, *(child(n, price_tier=tier.pk) for n in ("Ana", "Ben", "Chloé"))),
        )
    assert response.status_code == 201, response.content
    rows = response.json()
    assert [r["status"] for r in rows] == ["confirmed", "confirmed", "waiting"]
    assert rows[0]["child"]["first_name"] == "Ana" and rows[0]["child"]["age"] == 10
    assert rows[0]["amount_due"] == "60.00"
    # Nothing a parent told in confidence comes back.
    text = response.content.decode()
    assert "sara@example.org" not in text and "0470" not in text and "guardian" not in text
    events = AuditEvent.objects.filter(action="api.registration.submitted")
    assert events.count() == 3
    assert {e.actor_label for e in events} == {all_scopes.token.user.email}
    assert all_scopes.token.user.email.endswith("@tokens.maillage.invalid")


def test_the_same_submission_twice_registers_once(all_scopes, camp, tier):
    payload = form(camp, child("Ana", price_tier=tier.pk))
    first = all_scopes.post("/registrations", payload)
    again = all_scopes.post("/registrations", payload)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Registration.objects.count() == 1


def test_a_submission_of_another_activity_is_refused(all_scopes, camp, tier, make_activity, org_a):
    other = make_activity(org_a, title="Autre")
    payload = form(other, child("Ana"))
    assert all_scopes.post("/registrations", payload).status_code == 201
    refused = all_scopes.post(
        "/registrations",
        {**payload, "activity": camp.pk, "children": [child("Ana", price_tier=tier.pk)]},
    )
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["field"] == "submission"


def test_the_service_checks_ages_and_prices_in_french_as_a_409(all_scopes, camp, tier):
    """The body follows the document: what refuses it is the activity's rules."""
    response = all_scopes.post("/registrations", form(camp, child("Ana", age=3), child("Ben")))
    assert response.status_code == 409
    detail = {item["field"]: item["message"] for item in response.json()["detail"]}
    assert "child-0-birth_date" in detail and "ans" in detail["child-0-birth_date"]
    assert "child-1-price_tier" in detail
    assert not Registration.objects.exists()


def test_the_parental_authorisation_is_true_as_the_document_says(all_scopes, camp, tier):
    for refused in (False, 1, "true"):
        response = all_scopes.post(
            "/registrations", form(camp, child("Ana"), parental_authorisation=refused)
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "parental_authorisation"
    response = all_scopes.post(
        "/registrations", form(camp, child("Ana"), parental_authorisation=False)
    )
    assert response.json()["detail"][0]["message"] == (
        "L'inscription nécessite l'autorisation d'un parent ou du responsable légal."
    )
    assert not Registration.objects.exists()


def test_an_activity_closed_to_online_registration_is_refused(all_scopes, private_activity):
    response = all_scopes.post("/registrations", form(private_activity, child("Ana")))
    assert response.status_code == 409
    assert response.json()["detail"][0]["field"] == "__all__"


def test_bad_input_is_a_422_by_field_and_malformed_json_a_400(all_scopes, camp):
    unknown = all_scopes.post("/registrations", {**form(camp, child("Ana")), "iban": "BE00"})
    assert unknown.status_code == 422
    assert {"field": "iban", "message": "Champ inconnu.", "row": None} in unknown.json()["detail"]
    wrong = all_scopes.post("/registrations", {**form(camp, child("Ana")), "activity": "un"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["field"] == "activity"
    bad_child = all_scopes.post(
        "/registrations", form(camp, {**child("Ana"), "birth_date": "hier"})
    )
    assert bad_child.json()["detail"][0]["field"] == "children.0.birth_date"
    email = all_scopes.post(
        "/registrations", form(camp, child("Ana"), guardian_email="pas-un-email")
    )
    assert email.json()["detail"][0]["field"] == "guardian_email"
    malformed = all_scopes.post("/registrations", raw='{"activity": ')
    assert malformed.status_code == 400
    assert malformed.json() == {"detail": "Le corps de la requête n’est pas du JSON valide."}
    assert not Registration.objects.exists()


def test_reading_and_cancelling_with_promotion(
    all_scopes, camp, tier, django_capture_on_commit_callbacks
):
    made = all_scopes.post(
        "/registrations",
        form(camp, *(child(n, price_tier=tier.pk) for n in ("Ana", "Ben", "Chloé"))),
    ).json()
    listing = all_scopes.get("/registrations", activity=camp.pk, status="waiting").json()
    assert [r["id"] for r in listing["items"]] == [made[2]["id"]]
    assert all_scopes.get(f"/registrations/{made[0]['id']}").json()["status"] == "confirmed"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = all_scopes.post(f"/registrations/{made[0]['id']}/cancel", {"reason": "malade"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=made[2]["id"]).status == RegistrationStatus.CONFIRMED
    event = AuditEvent.objects.get(action="activities.registration.cancelled")
    assert event.actor == all_scopes.token.user
    again = all_scopes.post(f"/registrations/{made[0]['id']}/cancel")
    assert again.status_code == 409


def test_another_organisation_sees_and_touches_nothing(
    all_scopes, b_all, camp, tier, make_activity, org_b
):
    made = all_scopes.post("/registrations", form(camp, child("Ana", price_tier=tier.pk))).json()
    pk = made[0]["id"]
    assert b_all.get("/registrations").json()["count"] == 0
    assert b_all.get(f"/registrations/{pk}").status_code == 404
    assert b_all.post(f"/registrations/{pk}/cancel").status_code == 404
    assert b_all.post("/registrations", form(camp, child("Zoé"))).status_code == 404
    assert b_all.get(f"/registrations/{pk}").json() == b_all.get("/registrations/2000000000").json()
    assert Registration.objects.get(pk=pk).status == RegistrationStatus.CONFIRMED


def test_scopes_are_needed(token_for, org_a, camp):
    reader = token_for(org_a, Scope.REGISTRATIONS_READ)
    assert reader.get("/registrations").status_code == 200
    assert reader.post("/registrations", form(camp, child("Ana"))).status_code == 403
    writer = token_for(org_a, Scope.REGISTRATIONS_WRITE)
    assert writer.get("/registrations").status_code == 403
    assert not Registration.objects.exists()


def test_birth_dates_stay_out_of_the_list(all_scopes, camp, tier):
    all_scopes.post("/registrations", form(camp, child("Ana", price_tier=tier.pk)))
    item = all_scopes.get("/registrations").json()["items"][0]
    assert set(item["child"]) == {"id", "first_name", "last_name", "age"}
    assert str(date.today().year - 10) not in str(item["child"])
