import json

from django.urls import reverse

from maillage.core.audit_models import AuditEvent


def test_export_holds_everything_about_the_person_in_clear(login, dpo, file_of_sami):
    response = login(dpo).get(reverse("privacy:export_json", args=[file_of_sami.pk]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["person"]["phone"] == "0470 00 00 00"
    assert data["households"] == [{"household": "Famille Lambert", "relation": "Jeune"}]
    assert data["requests"][0]["summary"] == "Conflit avec ses parents"
    [followup] = data["followups"]
    assert followup["interventions"][0]["notes"] == "Parle de tensions à la maison"
    assert followup["referrals"][0]["to"] == "Maison Beta"
    assert followup["consents"][0]["shared_with"] == "Maison Beta"
    event = AuditEvent.objects.get(action="privacy.person.exported")
    assert event.actor == dpo and event.target_id == str(file_of_sami.pk)


def test_pdf_export_is_a_real_pdf_with_the_person(login, dpo, file_of_sami):
    response = login(dpo).get(reverse("privacy:export_pdf", args=[file_of_sami.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000


def test_dpo_finds_persons_by_name_inside_the_organisation_only(login, dpo, file_of_sami):
    html = login(dpo).get(reverse("privacy:index"), {"q": "lambert sami"}).content.decode()
    assert "Sami Lambert" in html
    html = login(dpo).get(reverse("privacy:index"), {"q": "x"}).content.decode()
    assert 'aria-invalid="true"' in html
