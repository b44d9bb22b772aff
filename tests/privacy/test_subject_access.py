import json
from datetime import date

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.privacy.services import subject_access_data, subject_access_pdf
from tests.privacy.registrations import register
from tests.privacy.schooling import school_file


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


def test_export_includes_registrations_with_what_the_parent_told_and_attendance(
    login, dpo, file_of_sami
):
    register(file_of_sami, present=(True, True, False))
    register(file_of_sami, title="Atelier djembé", starts_on=date(2014, 9, 3), present=(True,))
    client = login(dpo)
    response = client.get(reverse("privacy:export_json", args=[file_of_sami.pk]))
    camp, workshop = json.loads(response.content)["registrations"]
    assert camp["activity"] == "Stage nature" and camp["starts_on"] == "2014-07-07"
    assert camp["ends_on"] == "2014-07-11" and camp["status"] == "Confirmée"
    assert (camp["price"], camp["amount_due"], camp["payment_status"]) == (
        "Tarif réduit",
        "25.00",
        "Payé",
    )
    assert camp["payment_reference"].startswith("+++")
    assert camp["guardian_email"] == "maman.sami@example.org"
    assert camp["emergency_contact"] == "Tante Rita 0470 44 55 66"
    assert camp["health_notes"] == "Allergie aux arachides"
    assert camp["photo_consent"] is True and camp["parental_authorisation"] is True
    assert (camp["sessions_present"], camp["sessions_absent"]) == (2, 1)
    assert (workshop["sessions_present"], workshop["sessions_absent"]) == (1, 0)
    # The registrations cost the same queries, whatever their number.
    few = _queries_of_one_export(client, file_of_sami)
    for index in range(5):
        register(file_of_sami, title=f"Atelier {index}", present=(True, False))
    assert _queries_of_one_export(client, file_of_sami) == few


def _queries_of_one_export(client, person):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("privacy:export_json", args=[person.pk]))
    assert response.status_code == 200
    return len(queries)


def test_pdf_export_shows_the_registrations(login, dpo, file_of_sami):
    register(file_of_sami)
    data = subject_access_data(actor=dpo, person=file_of_sami)
    html = render_to_string("privacy/subject_access.html", {"data": data})
    assert "Stage nature" in html and "Allergie aux arachides" in html
    assert "Tante Rita" in html and "+++" in html
    assert subject_access_pdf(data).startswith(b"%PDF")


def test_export_has_the_rows_of_every_table_that_points_at_the_person(
    login, dpo, everything_of_sami
):
    """Issue 19: the export ignored the schooling data and the ESF+ record. It now has a
    section per classified reference, with each of its rows, the file merged into his
    included."""
    from maillage.people.models import Person
    from maillage.privacy.references import REFERENCES

    sami = everything_of_sami
    response = login(dpo).get(reverse("privacy:export_json", args=[sami.pk]))
    data = json.loads(response.content)
    files = [sami.pk, *Person.objects.filter(merged_into=sami).values_list("pk", flat=True)]
    for ref in REFERENCES:
        rows = ref.rows(files).count()
        assert rows and len(data[ref.section]) == rows, ref.key


def test_export_shows_the_schooling_file_in_clear(login, dpo, everything_of_sami):
    from tests.privacy.conftest import TWIN_DETAIL
    from tests.privacy.schooling import (
        ABSENCE_REASON,
        MATRICULE,
        SIGNAL_CLOSE_REASON,
        SIGNAL_DETAILS,
        STATUS_DETAIL,
    )

    client = login(dpo)
    data = json.loads(
        client.get(reverse("privacy:export_json", args=[everything_of_sami.pk])).content
    )
    [enrolment] = data["enrolments"]
    assert (enrolment["school"], enrolment["fwb_number"]) == ("Athénée Royal Exemple", "9876")
    assert (enrolment["school_year"], enrolment["pupil_number"]) == ("2014-2015", MATRICULE)
    [change] = enrolment["absence_changes"]
    assert (change["before"], change["after"]) == ("Absence injustifiée", "Absence justifiée")
    assert [a["reason"] for a in data["absences"]] == [ABSENCE_REASON, "", ""]
    [signal] = data["signals"]
    assert (signal["details"], signal["close_reason"]) == (SIGNAL_DETAILS, SIGNAL_CLOSE_REASON)
    assert {s["detail"] for s in data["education_statuses"]} == {"", STATUS_DETAIL, TWIN_DETAIL}
    [esf] = data["esf_participations"]
    assert esf["sensitive_items"] == {"Personne d’origine étrangère": "Oui"}
    assert esf["exited_on"] == "2015-06-30" and esf["results"][0]["in_education_or_training"]
    [twin] = data["merged_files"]
    assert (twin["first_name"], twin["last_name"]) == ("Samy", "Lambert-Diallo")
    # The schooling rows cost the same queries, whatever their number.
    few = _queries_of_one_export(client, everything_of_sami)
    school_file(everything_of_sami, start_year=2015, matricule="MAT-2015", esf=False)
    assert _queries_of_one_export(client, everything_of_sami) == few


def test_pdf_export_shows_the_schooling_file(dpo, everything_of_sami):
    from tests.privacy.conftest import TWIN_DETAIL
    from tests.privacy.schooling import ABSENCE_REASON, MATRICULE, SIGNAL_DETAILS

    data = subject_access_data(actor=dpo, person=everything_of_sami)
    html = render_to_string("privacy/subject_access.html", {"data": data})
    for text in (MATRICULE, ABSENCE_REASON, SIGNAL_DETAILS, TWIN_DETAIL, "Lambert-Diallo"):
        assert text in html
    assert "Participation FSE+" in html and "Inscriptions scolaires" in html
    assert subject_access_pdf(data).startswith(b"%PDF")
