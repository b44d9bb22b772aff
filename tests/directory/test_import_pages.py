"""The import pages of the social offer: upload → preview (nothing written) → confirm → the
job page, the template and example downloads, and what other users cannot do."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from maillage.core.imports_jobs import run_import
from maillage.core.models import Job, JobStatus
from maillage.directory.models import Service

GOOD = (
    "\ufeffnom;theme;age_min;age_max;communes\r\n"
    "École de devoirs;soutien scolaire;6;12;Saint-Gilles\r\n"
    "Club de foot;sport;8;16;Forest\r\n"
)
BAD = "nom;theme;age_min\r\nÉcole de devoirs;soutien scolaire;6\r\nClub;cuisine;huit\r\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


def upload(client, content: bytes | str, name: str = "services.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("directory:service_import"), {"file": SimpleUploadedFile(name, data)}
    )


def stored(private_storage):
    return list(private_storage.glob("imports/*/*/*.upload"))


def test_the_page_lists_the_columns_and_offers_template_and_example(login, coordinator, commune):
    page = login(coordinator).get(reverse("directory:service_import")).content.decode()
    assert "<code>nom</code>" in page and "Nom du service" in page
    assert reverse("directory:service_import_template") in page
    assert reverse("directory:service_import_example") in page
    assert 'enctype="multipart/form-data"' in page


def test_the_preview_counts_and_writes_nothing(login, coordinator, commune, private_storage):
    page = upload(login(coordinator), GOOD).content.decode()
    assert "Vérifier le fichier avant de l’importer" in page
    assert '<th scope="row">À créer</th><td class="num">2</td>' in page
    assert "Club de foot" in page  # the first lines are shown
    assert 'name="token"' in page
    assert not Service.objects.exists()
    assert len(stored(private_storage)) == 1


def test_confirming_runs_the_import_as_a_job_then_deletes_the_file(
    login, coordinator, org_a, commune, private_storage
):
    client = login(coordinator)
    page = upload(client, GOOD).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(
        reverse("directory:service_import_confirm"), {"token": token, "rows": "2"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.owner, job.organisation, job.status) == (coordinator, org_a, JobStatus.QUEUED)
    run_import.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.message == "Import terminé : 2 créé(s), 0 mis à jour, 0 inchangé(s)."
    assert set(Service.objects.values_list("name", flat=True)) == {
        "École de devoirs",
        "Club de foot",
    }
    assert stored(private_storage) == []
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Import terminé" in page


def test_a_job_refuses_a_file_that_became_wrong(login, coordinator, commune, private_storage):
    client = login(coordinator)
    page = upload(client, GOOD).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("directory:service_import_confirm"), {"token": token, "rows": "2"})
    path = stored(private_storage)[0]
    path.write_text(BAD, encoding="utf-8")  # say, rules changed between preview and commit
    job = Job.objects.get()
    run_import.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Import refusé : 1 ligne(s) rejetée(s), par exemple « Ligne 3")
    assert not Service.objects.exists() and stored(private_storage) == []


def test_errors_are_shown_and_nothing_can_be_confirmed(
    login, coordinator, commune, private_storage
):
    page = upload(login(coordinator), BAD).content.decode()
    assert "1 ligne rejetée" in page
    assert "Ligne 3, colonne « theme » : « cuisine » ne fait pas partie" in page
    assert "Ligne 3, colonne « age_min » : Saisissez un nombre entier." in page
    assert 'name="token"' not in page
    assert "Rien ne sera importé" in page
    assert stored(private_storage) == []  # nothing to confirm: the file is not kept


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x00\x01\x02garbage\xff\xfe" * 50,
            "Ce fichier n’est ni un fichier CSV ni un classeur Excel (XLSX).",
        ),
        (b"nom;couleur\r\nA;b\r\n", "Colonne inconnue « couleur »."),
    ],
)
def test_files_that_cannot_be_imported_say_why(login, coordinator, commune, content, message):
    page = upload(login(coordinator), content).content.decode()
    assert "Ce fichier ne peut pas être importé" in page
    assert message in page


def test_empty_and_too_large_files_are_refused_at_the_field(
    login, coordinator, commune, monkeypatch
):
    from maillage.directory.imports import ServiceImport

    client = login(coordinator)
    page = upload(client, b"").content.decode()
    assert "Le fichier soumis est vide." in page
    monkeypatch.setattr(ServiceImport, "max_upload_bytes", 1_000_000)
    page = upload(client, GOOD + "Club;sport\r\n" * 100_000).content.decode()
    assert "Le fichier est trop volumineux : 1 Mo au maximum." in page
    assert not Service.objects.exists()


def test_a_file_already_recorded_changes_nothing(login, coordinator, commune):
    client = login(coordinator)
    token = upload(client, GOOD).content.decode().split('name="token" value="')[1].split('"')[0]
    client.post(reverse("directory:service_import_confirm"), {"token": token, "rows": "2"})
    run_import.call(job_id=str(Job.objects.get().pk))
    page = upload(client, GOOD).content.decode()
    assert "Ce fichier ne change rien" in page and 'name="token"' not in page


def test_the_template_and_the_example_download(login, coordinator, org_a, commune, tmp_path):
    client = login(coordinator)
    template = client.get(reverse("directory:service_import_template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    text = template.content.decode("utf-8")
    assert text.startswith("\ufeffnom;theme;description;age_min;age_max;reserve_a;communes")
    example = client.get(reverse("directory:service_import_example")).content
    rows = list(csv.reader(io.StringIO(example.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    # The example file imports as it is.
    page = upload(client, example).content.decode()
    assert '<th scope="row">À créer</th><td class="num">3</td>' in page, page


def test_another_users_file_cannot_be_confirmed(login, coordinator, make_user, org_a, commune):
    from maillage.core.roles import Role

    client = login(coordinator)
    token = upload(client, GOOD).content.decode().split('name="token" value="')[1].split('"')[0]
    colleague = make_user("director@a.example", (org_a, Role.DIRECTOR))
    client = login(colleague)
    response = client.post(
        reverse("directory:service_import_confirm"), {"token": token, "rows": "2"}, follow=True
    )
    assert "Le fichier n’est plus disponible" in response.content.decode()
    assert not Job.objects.exists()


def test_a_field_worker_cannot_import(login, member, commune):
    assert upload(login(member), GOOD).status_code == 403
    assert not Service.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_the_import(client, coordinator, commune, private_storage):
    client.force_login(coordinator)
    token = upload(client, GOOD).content.decode().split('name="token" value="')[1].split('"')[0]
    client.post(reverse("directory:service_import_confirm"), {"token": token, "rows": "2"})
    job = Job.objects.get()
    page = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-hx-trigger="every 1s"' in page.content.decode()
    call_command("db_worker", "--batch", "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    assert Service.objects.count() == 2 and stored(private_storage) == []


def test_posting_no_file_says_so_at_the_field(login, coordinator, commune):
    page = login(coordinator).post(reverse("directory:service_import")).content.decode()
    assert 'id="id_file_error"' in page and "Ce champ est obligatoire." in page
