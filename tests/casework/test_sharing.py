"""The receiving side of a referral: another organisation sees only what the young person
agreed to share with it, and nothing once the consent is withdrawn."""

from __future__ import annotations

from django.urls import reverse

from maillage.casework import services
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import NEXT_STEP, NOTES, SUMMARY, today

URL = reverse("casework:referrals_received")


def _page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_receiver_sees_what_the_consent_shares_and_never_the_notes(
    client, outside_worker, member, referral
):
    html = _page(client, outside_worker)
    assert "Yasmine El Amrani" in html and "AMO Alpha" in html
    assert "member@a.example" in html  # who to contact
    assert "Orientation vers la maison de quartier" in html  # the referral's note
    # The consent's scope is "status, themes and next step".
    assert NEXT_STEP in html and ("Santé" in html or "Health" in html)
    assert NOTES not in html and SUMMARY not in html
    assert "45 minutes" not in html  # interventions are not in this scope
    event = AuditEvent.objects.get(action="casework.referral.received_viewed")
    assert event.actor == outside_worker and event.changes == {"referrals": [referral.pk]}


def test_a_wider_consent_shows_the_interventions_without_their_notes(
    client, outside_worker, member, referral, org_b
):
    services.consent_record(
        actor=member,
        followup=referral.followup,
        shared_with=org_b,
        scope="interventions",
        given_on=today(),
    )
    html = _page(client, outside_worker)
    assert "45 minutes" in html
    assert NOTES not in html


def test_an_existence_consent_shows_who_to_contact_only(
    client, outside_worker, member, referral, org_b
):
    services.consent_withdraw(actor=member, consent=referral.consent, withdrawn_on=today())
    services.consent_record(
        actor=member,
        followup=referral.followup,
        shared_with=org_b,
        scope="existence",
        given_on=today(),
    )
    html = _page(client, outside_worker)
    assert "Yasmine El Amrani" in html and "member@a.example" in html
    assert NEXT_STEP not in html and "Santé" not in html and "Health" not in html


def test_withdrawing_the_consent_removes_the_referral_from_the_receiver(
    client, outside_worker, member, referral
):
    services.consent_withdraw(actor=member, consent=referral.consent, withdrawn_on=today())
    html = _page(client, outside_worker)
    assert "Yasmine" not in html and "AMO Alpha" not in html


def test_nobody_else_sees_a_referral_received_by_another_organisation(
    client, member, colleague, coordinator, referral
):
    for user in (member, colleague, coordinator):
        assert "Yasmine El Amrani" not in _page(client, user)
