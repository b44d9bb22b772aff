"""Documents attached to an agreement go through core/uploads.py: checked, stored privately,
served to whoever sees the agreement as a download, deleted with their row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.uploads import stored_path
from maillage.network import services
from maillage.network.models import Agreement, AgreementDocument
from tests.network.conftest import PDF, acting, pdf


def test_the_download_is_an_attachment_with_a_safe_type(client, member, document):
    client.force_login(member)
    response = client.get(reverse("network:agreement_document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="convention.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_party_organisation_downloads_it_too_but_not_an_outsider(
    client, host, outsider, document
):
    url = reverse("network:agreement_document", args=[document.pk])
    client.force_login(host)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_file_is_stored_under_a_random_name_and_never_under_a_static_url(document, settings):
    assert document.stored_name.startswith("agreements/")
    assert "convention" not in document.stored_name
    path = stored_path(document.stored_name)
    assert path.exists()
    assert settings.STATIC_URL not in str(path)


@pytest.mark.django_db(transaction=True)
def test_deleting_the_document_removes_the_file(coordinator, org_a, document):
    path = stored_path(document.stored_name)
    services.agreement_document_delete(actor=acting(coordinator, org_a), document=document)
    assert not AgreementDocument.objects.exists()
    assert not path.exists()


def test_a_wrong_file_type_saves_nothing(coordinator, org_a, today, settings):
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=acting(coordinator, org_a),
            organisation=org_a,
            title="Convention",
            starts_on=today,
            files=[pdf("faux.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert "documents" in caught.value.message_dict
    assert not Agreement.objects.exists()
    assert not (settings.PRIVATE_ROOT / "uploads").exists()


def test_a_too_large_file_is_refused_on_the_page_and_nothing_is_saved(
    client, coordinator, agreement, monkeypatch
):
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 100)
    client.force_login(coordinator)
    response = client.post(
        reverse("network:agreement_documents_add", args=[agreement.pk]),
        {"documents": pdf("gros.pdf", PDF + b"x" * 200)},
    )
    assert response.status_code == 400
    assert "trop volumineux" in response.content.decode()
    assert agreement.documents.count() == 1


def test_an_error_after_storing_removes_the_files_already_written(
    coordinator, org_a, agreement, settings, monkeypatch
):
    real_store = services.store_upload
    calls = []

    def store_then_fail(upload, *, folder):
        if calls:
            raise OSError("disk full")
        calls.append(real_store(upload, folder=folder))
        return calls[-1]

    monkeypatch.setattr(services, "store_upload", store_then_fail)
    with pytest.raises(OSError):
        services.agreement_add_documents(
            actor=acting(coordinator, org_a), agreement=agreement, files=[pdf(), pdf("b.pdf")]
        )
    assert agreement.documents.count() == 1
    assert not any(stored_path(name).exists() for name in calls)
