"""Data-protection requests of newsletter subscribers and job applicants, by e-mail address:
what is found (only in the current organisation), the export, the erasure."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.core.scoping import bind_organisation
from maillage.core.uploads import stored_path
from maillage.newsletter.models import Delivery, Subscriber
from maillage.privacy import contacts
from maillage.website.models import JobApplication
from tests.privacy.conftest import CV, LEA, rows_holding

MASKED = "l•••@exemple.be"


def acting(user, organisation):
    bind_organisation(user, organisation.pk)
    return user


def test_the_address_is_found_whatever_its_case_in_the_current_organisation_only(dpo, org_a, lea):
    held = contacts.contact_holdings(acting(dpo, org_a), "  LEA.Dupont@exemple.be ")
    assert [s.pk for s in held.subscriptions] == [lea["subscriber"].pk]
    assert held.subscriptions[0].issues_sent == 2  # the failed delivery is not an issue sent
    assert {a.pk for a in held.applications} == {lea["application"].pk, lea["spontaneous"].pk}


def test_another_organisations_dpo_finds_only_its_own_rows(org_b, make_user, lea):
    other_dpo = acting(make_user("dpo@b.example", (org_b, "dpo")), org_b)
    held = contacts.contact_holdings(other_dpo, LEA)
    assert [s.organisation_id for s in held.subscriptions] == [org_b.pk]
    assert [a.pk for a in held.applications] == [lea["elsewhere"].pk]


def test_an_unknown_address_holds_nothing(dpo, org_a, lea):
    assert contacts.contact_holdings(acting(dpo, org_a), "personne@exemple.be").is_empty


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Saisissez l’adresse"),
        ("   ", "Saisissez l’adresse"),
        ("lea.dupont", "adresse e-mail valide"),
        ("lea@", "adresse e-mail valide"),
        ("a" * 250 + "@exemple.be", "adresse e-mail valide"),
    ],
)
def test_an_empty_or_invalid_address_is_refused_with_a_french_message(dpo, org_a, value, message):
    with pytest.raises(ValidationError) as caught:
        contacts.contact_holdings(acting(dpo, org_a), value)
    assert message in caught.value.message_dict["email"][0]


def test_the_export_holds_everything_and_is_audited_as_a_read_with_the_address_masked(
    dpo, org_a, lea
):
    data = contacts.contact_export(actor=acting(dpo, org_a), email="Lea.Dupont@exemple.be")
    assert data["organisation"] == org_a.name
    [subscription] = data["newsletter_subscriptions"]
    assert subscription["email"] == LEA and subscription["status"] == "Inscrit"
    assert subscription["requested_at"] and subscription["confirmed_at"]
    assert subscription["unsubscribed_at"] is None
    assert [(d["issue"], d["status"]) for d in subscription["deliveries"]] == [
        ("Lettre de mars", "Envoyée"),
        ("Lettre d'avril", "Envoyée"),
        ("Lettre de mai", "Échec"),
    ]
    assert all(d["at"] for d in subscription["deliveries"])
    first, spontaneous = data["job_applications"]
    assert first["name"] == "Léa Dupont" and first["email"] == LEA
    assert first["offer"] == "Animateur·rice de rue" and first["received_at"]
    assert first["message"] == "Je suis motivée pour ce poste."
    assert first["cv"] == {"file_name": "cv.pdf", "type": "PDF", "size_bytes": len(CV)}
    assert spontaneous["offer"] == "Candidature spontanée"
    assert spontaneous["cv"]["file_name"] == "CV Léa.pdf"
    assert "Pour B" not in str(data)  # B's application is B's
    event = AuditEvent.objects.get(action="privacy.contact.exported")
    assert event.kind == AuditKind.READ and event.organisation == org_a
    assert event.target_label == MASKED and event.actor == dpo
    assert event.changes == {"subscriptions": 1, "applications": 2}


def test_the_erasure_removes_the_rows_and_files_and_leaves_the_address_nowhere_in_clear(
    dpo, org_a, org_b, lea, django_capture_on_commit_callbacks
):
    cvs = [stored_path(lea[key].stored_name) for key in ("application", "spontaneous")]
    assert all(path.exists() for path in cvs)
    with django_capture_on_commit_callbacks(execute=True):
        counts = contacts.contact_erase(actor=acting(dpo, org_a), email=LEA.upper())
    assert counts == {"subscriptions": 1, "deliveries": 3, "applications": 2}
    assert not Subscriber.objects.filter(organisation=org_a).exists()
    assert not Delivery.objects.filter(organisation=org_a).exists()
    assert list(JobApplication.objects.filter(organisation=org_a)) == [lea["other"]]
    assert not any(path.exists() for path in cvs)
    assert stored_path(lea["other"].stored_name).exists()
    assert stored_path(lea["elsewhere"].stored_name).exists()
    # Only B's own rows still hold the address: A's tables and the whole audit log do not.
    b_subscriber = Subscriber.objects.get(organisation=org_b)
    assert rows_holding(LEA) == {
        ("newsletter_subscriber", b_subscriber.pk),
        ("website_jobapplication", lea["elsewhere"].pk),
    }
    event = AuditEvent.objects.get(action="privacy.contact.erased")
    assert event.target_label == MASKED and event.organisation == org_a
    assert event.changes == counts and event.kind == AuditKind.WRITE
