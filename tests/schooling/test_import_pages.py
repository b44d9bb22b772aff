"""The import pages of absences: upload → the check in the background → the preview with
its errors and the review of uncertain pupils → confirm → the commit's job → signals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.imports_jobs import run_import, run_preview
from maillage.core.models import Job, JobStatus
from maillage.people.models import Person
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Absence, Enrolment, Signal
from tests.schooling.test_import_absences import lines, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


def check(client, school, path):
    """Upload a file and run its check; returns the preview page."""
    response = client.post(
        reverse("schooling:absence_import"),
        {"school": school.pk, "file": SimpleUploadedFile("absences.csv", path.read_bytes())},
    )
    job = Job.objects.filter(kind="core.import_preview").first()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    return follow_preview(client, job)


def follow_preview(client, job):
    run_preview.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    # The polling job page sends the browser to the preview.
    polled = client.get(reverse("core:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == job.params["next"]
    return client.get(job.params["next"]).content.decode()


def test_the_page_offers_the_schools_the_columns_the_template_and_the_example(
    login, coordinator, school
):
    page = login(coordinator).get(reverse("schooling:absence_import")).content.decode()
    assert f'<option value="{school.pk}">Athénée Exemple</option>' in page
    assert "<code>demi_jour</code>" in page
    assert reverse("schooling:absence_import_template") in page
    example = login(coordinator).get(reverse("schooling:absence_import_example"))
    assert example.content.decode("utf-8-sig").startswith("matricule;nom;prenom;date_naissance")


def test_preview_then_confirm_imports_and_raises_the_signal(
    login, coordinator, org_a, school, tmp_path
):
    client = login(coordinator)
    page = check(client, school, write_csv(tmp_path, lines(9)))
    assert '<th scope="row">À créer</th><td class="num">9</td>' in page
    assert not Absence.objects.exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(
        reverse("schooling:absence_import_confirm"),
        {"token": token, "rows": "9", "school": school.pk},
    )
    job = Job.objects.get(kind="core.import")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    run_import.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert Absence.objects.count() == 9
    assert Signal.objects.get(organisation=org_a).half_days == 9


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(
    login, coordinator, school, tmp_path
):
    rows = lines(2)
    rows[1][4] = "31/02/2025"
    page = check(login(coordinator), school, write_csv(tmp_path, rows))
    assert "Ligne 3, colonne « date »" in page
    assert "Rien ne sera importé" in page
    assert 'name="token"' not in page


def test_an_uncertain_pupil_is_reviewed_then_the_file_can_be_imported(
    login, coordinator, org_a, school, tmp_path
):
    lena = Person.objects.create(
        organisation=org_a, first_name="Lena", last_name="Exemple", birth_date=date(2011, 3, 14)
    )
    client = login(coordinator)
    page = check(client, school, write_csv(tmp_path, lines(2)))
    assert "1 élève à vérifier" in page
    assert "Lena Exemple (14/03/2011)" in page
    form = page.split('action="/scolarite/absences/import/verification/"')[1].split("</form>")[0]
    fields = dict(
        (chunk.split('name="')[1].split('"')[0], chunk.split('value="')[1].split('"')[0])
        for chunk in form.split("<input")[1:]
        if 'type="hidden"' in chunk
    )
    assert fields["matricule"] == "A1"
    client.post(reverse("schooling:absence_import_review"), {**fields, "person": lena.pk})
    job = Job.objects.filter(kind="core.import_preview").first()
    page = follow_preview(client, job)
    assert "à vérifier" not in page
    assert '<th scope="row">À créer</th><td class="num">2</td>' in page
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.matricule) == (lena, "A1")


def test_a_too_large_file_is_refused_at_the_field(login, coordinator, school, monkeypatch):
    # The limit is 50 MB; a smaller one spares the test a 200 MB upload.
    monkeypatch.setattr(AbsenceImport, "max_upload_bytes", 1_000_000)
    big = SimpleUploadedFile("absences.csv", b"x" * 1_000_001)
    page = login(coordinator).post(
        reverse("schooling:absence_import"), {"school": school.pk, "file": big}
    )
    assert "Le fichier est trop volumineux : 1 Mo au maximum." in page.content.decode()
    assert not Job.objects.exists()


def test_another_users_preview_is_not_found(login, coordinator, member, school, tmp_path):
    check(login(coordinator), school, write_csv(tmp_path, lines(1)))
    job = Job.objects.get()
    response = login(member).get(job.params["next"])
    assert response.status_code == 404
