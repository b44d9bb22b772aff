"""The DPO's pages for subscribers and applicants: search from /donnees/, results, export,
erasure after a confirmation. The address is always POSTed, never put in a URL."""

from __future__ import annotations

import json

from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.newsletter.models import Subscriber
from maillage.website.models import JobApplication
from tests.privacy.conftest import LEA, rows_holding


def test_the_dpo_page_offers_the_search_by_address_as_a_posted_form(login, dpo):
    page = login(dpo).get(reverse("privacy:index")).content.decode()
    action = reverse("privacy:contacts")
    assert f'method="post" action="{action}"' in page
    assert 'type="email" name="email"' in page and "Adresse e-mail" in page


def test_the_results_list_what_is_held_without_the_messages(login, dpo, lea):
    response = login(dpo).post(reverse("privacy:contacts"), {"email": "LEA.DUPONT@exemple.be"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 abonnement(s) à la lettre d’information, 2 candidature(s)." in page
    assert "Inscrit" in page and "Numéros envoyés" in page
    assert "<dd>2</dd>" in page  # issues sent: the failed one does not count
    assert "Animateur·rice de rue" in page and "Candidature spontanée" in page
    assert "CV : cv.pdf (1 ko)" in page and "CV : CV Léa.pdf (1 ko)" in page
    assert "motivée" not in page  # the message is only in the export
    assert "Paul Martin" not in page and "Coordinateur·rice" not in page
    assert 'action="/donnees/contacts/export.json"' in page
    assert 'name="email" value="LEA.DUPONT@exemple.be"' in page  # carried to the actions


def test_another_organisations_dpo_sees_only_its_own_rows(login, org_b, make_user, lea):
    other_dpo = make_user("dpo@b.example", (org_b, "dpo"))
    page = login(other_dpo).post(reverse("privacy:contacts"), {"email": LEA}).content.decode()
    assert "1 abonnement(s) à la lettre d’information, 1 candidature(s)." in page
    assert "Coordinateur·rice" in page
    assert "Animateur·rice de rue" not in page and "Candidature spontanée" not in page


def test_an_unknown_address_is_said_to_hold_nothing_with_nothing_to_erase(login, dpo, lea):
    response = login(dpo).post(reverse("privacy:contacts"), {"email": "paul@autre.example"})
    page = response.content.decode()
    assert "Votre organisation ne détient aucun abonnement" in page
    assert 'action="/donnees/contacts/effacer/"' not in page


def test_an_empty_or_invalid_address_is_shown_at_the_field_in_french(login, dpo):
    client = login(dpo)
    for url in ("privacy:contacts", "privacy:contact_export", "privacy:contact_erase"):
        page = client.post(reverse(url), {"email": ""}).content.decode()
        assert "Saisissez l’adresse e-mail depuis laquelle la personne a écrit." in page
        assert 'aria-invalid="true"' in page and 'role="alert"' in page
    page = client.post(reverse("privacy:contacts"), {"email": "lea.dupont"}).content.decode()
    assert "Saisissez une adresse e-mail valide, par exemple nom@exemple.be." in page
    assert 'value="lea.dupont"' in page  # what was typed stays, to correct it
    assert not AuditEvent.objects.filter(action__startswith="privacy.contact").exists()


def test_the_export_is_a_json_download_without_the_address_in_its_name(login, dpo, lea):
    response = login(dpo).post(reverse("privacy:contact_export"), {"email": LEA})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="donnees-contact.json"'
    assert response["Cache-Control"] == "no-store, private"  # core.middleware
    data = json.loads(response.content)
    assert data["email"] == LEA and len(data["job_applications"]) == 2
    assert data["job_applications"][0]["message"] == "Je suis motivée pour ce poste."
    event = AuditEvent.objects.get(action="privacy.contact.exported")
    assert event.target_label == "l•••@exemple.be" and LEA not in str(event.changes)


def test_the_erasure_asks_for_a_confirmation_first(login, dpo, lea):
    client = login(dpo)
    url = reverse("privacy:contact_erase")
    page = client.post(url, {"email": LEA}).content.decode()
    assert "1 abonnement à la lettre d’information" in page
    assert "2 candidatures, avec leur CV" in page
    assert 'aria-invalid="true"' not in page  # not yet a mistake: the question is asked
    page = client.post(url, {"email": LEA, "confirming": "1"}).content.decode()
    assert "Cochez la case pour confirmer l’effacement." in page
    assert Subscriber.objects.filter(email=LEA).count() == 2
    assert JobApplication.objects.filter(email__iexact=LEA).count() == 3


def test_the_confirmed_erasure_deletes_and_says_so_without_the_address(
    login, dpo, org_b, lea, django_capture_on_commit_callbacks
):
    client = login(dpo)
    client.post(reverse("privacy:contacts"), {"email": LEA})
    client.post(reverse("privacy:contact_export"), {"email": LEA})
    client.post(reverse("privacy:contact_erase"), {"email": LEA})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:contact_erase"),
            {"email": LEA, "confirming": "1", "confirm": "on"},
        )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:contacts")
    page = client.get(response["Location"]).content.decode()
    assert "ont été effacées : 1 abonnement(s), 2 candidature(s)." in page
    assert LEA not in page
    assert Subscriber.objects.filter(email=LEA).count() == 1  # B's
    assert JobApplication.objects.filter(email__iexact=LEA).count() == 1  # B's
    assert AuditEvent.objects.get(action="privacy.contact.erased").actor == dpo
    # Searched, exported and erased through the pages: no request log, session or audit
    # entry kept the address; only B's own rows still hold it.
    assert {table for table, _id in rows_holding(LEA)} == {
        "newsletter_subscriber",
        "website_jobapplication",
    }
    assert not Subscriber.objects.filter(email=LEA).exclude(organisation=org_b).exists()


def test_a_field_worker_can_neither_search_nor_erase(login, member, lea):
    client = login(member)
    assert client.post(reverse("privacy:contacts"), {"email": LEA}).status_code == 403
    data = {"email": LEA, "confirming": "1", "confirm": "on"}
    assert client.post(reverse("privacy:contact_erase"), data).status_code == 403
    assert Subscriber.objects.filter(email=LEA).count() == 2
