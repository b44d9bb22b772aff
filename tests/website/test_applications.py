"""Applications: the upload checks, the visitor's form, the e-mail to the organisation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.uploads import stored_path
from maillage.website import services
from maillage.website.models import JobApplication
from tests.privacy_notices import assert_privacy_notice
from tests.website.conftest import PDF, docx_bytes, pdf

pytestmark = pytest.mark.django_db


def _files(settings):
    root = settings.PRIVATE_ROOT / "uploads"
    return sorted(root.rglob("*.*")) if root.exists() else []


def _submit(org, offer, cv):
    return services.application_submit(
        organisation=org, offer=offer, name="Léa", email="lea@example.org", message="", cv=cv
    )


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_stored(org_a, offer, settings):
    exe = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf")
    with pytest.raises(ValidationError) as caught:
        _submit(org_a, offer, exe)
    assert "PDF, DOCX, ODT" in caught.value.message_dict["cv"][0]
    assert not JobApplication.objects.exists()
    assert _files(settings) == []
    assert mail.outbox == []


def test_a_too_large_cv_is_refused_and_nothing_is_stored(org_a, offer, settings):
    big = pdf(content=PDF + b"0" * services.CV_MAX_BYTES)
    with pytest.raises(ValidationError) as caught:
        _submit(org_a, offer, big)
    assert "cv" in caught.value.message_dict
    assert not JobApplication.objects.exists()
    assert _files(settings) == []


def test_a_spreadsheet_or_an_image_is_not_a_cv(org_a, offer):
    from tests.website.conftest import png

    with pytest.raises(ValidationError):
        _submit(org_a, offer, png("cv.png"))


def test_docx_and_pdf_cvs_are_accepted_and_stored(org_a, offer, settings):
    docx = SimpleUploadedFile("cv.docx", docx_bytes())
    application = _submit(org_a, offer, docx)
    assert application.kind == "docx"
    assert stored_path(application.stored_name).exists()
    assert _submit(org_a, offer, pdf()).kind == "pdf"


def test_an_application_to_a_closed_offer_is_refused(org_a, expired_offer, settings):
    with pytest.raises(ValidationError):
        _submit(org_a, expired_offer, pdf())
    assert _files(settings) == []


def test_the_organisation_is_told_without_personal_data(
    org_a, offer, django_capture_on_commit_callbacks
):
    org_a.email = "secretariat@a.example"
    org_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(org_a, offer, pdf())
    [message] = mail.outbox
    assert message.to == ["secretariat@a.example"]
    assert offer.title in message.subject
    assert "Léa" not in message.body and "lea@example.org" not in message.body
    assert f"https://maillage.example{reverse('website:team_job', args=[offer.pk])}" in message.body


def test_without_an_address_the_managers_are_told(
    org_a, owner, member, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            organisation=org_a, offer=None, name="X", email="x@example.org", message="", cv=pdf()
        )
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert reverse("website:team_spontaneous") in message.body


def test_the_audit_log_never_names_the_candidate(application):
    event = AuditEvent.objects.get(action="website.application.received")
    assert "Jeanne" not in event.target_label
    assert event.organisation_id == application.organisation_id


def test_a_visitor_applies_with_the_form_and_sees_the_thanks_page(client, org_a, offer):
    url = reverse("website:apply", args=[org_a.slug, offer.pk])
    response = client.post(
        url, {"name": "Léa Dupont", "email": "lea@example.org", "message": "Bonjour", "cv": pdf()}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("website:thanks", args=[org_a.slug])
    page = client.get(response["Location"])
    assert offer.title in page.content.decode()
    application = JobApplication.objects.get()
    assert (application.offer, application.name, application.message) == (
        offer,
        "Léa Dupont",
        "Bonjour",
    )


def test_the_form_shows_each_mistake_at_its_field(client, org_a, offer, settings):
    url = reverse("website:apply", args=[org_a.slug, offer.pk])
    exe = SimpleUploadedFile("cv.pdf", b"MZ" + b"\x00" * 50)
    response = client.post(url, {"name": "", "email": "pas-une-adresse", "cv": exe})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email"}  # the file is checked once the fields are right
    response = client.post(url, {"name": "Léa", "email": "lea@example.org", "cv": exe})
    assert "cv" in response.context["form"].errors
    assert not JobApplication.objects.exists()
    assert _files(settings) == []


def test_a_robot_filling_the_honeypot_saves_nothing(client, org_a, offer):
    url = reverse("website:apply", args=[org_a.slug, offer.pk])
    data = {"name": "Bot", "email": "bot@example.org", "cv": pdf(), "website": "http://spam"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not JobApplication.objects.exists()


def test_too_many_forms_from_one_address_are_refused(client, org_a, offer, settings):
    settings.MAILLAGE_PUBLIC_FORM_LIMIT = 2
    url = reverse("website:apply", args=[org_a.slug, offer.pk])
    for _attempt in range(2):
        client.post(url, {"name": "", "email": "", "cv": ""})
    response = client.post(url, {"name": "Léa", "email": "lea@example.org", "cv": pdf()})
    assert response.status_code == 429
    assert not JobApplication.objects.exists()


def test_a_spontaneous_application_needs_a_published_page(client, org_a, org_b, profile):
    url = reverse("website:apply_spontaneous", args=[org_a.slug])
    response = client.post(url, {"name": "Léa", "email": "lea@example.org", "cv": pdf()})
    assert response.status_code == 302
    assert JobApplication.objects.get().offer is None
    assert client.get(reverse("website:apply_spontaneous", args=[org_b.slug])).status_code == 404


def test_the_form_says_who_reads_an_application_and_when_it_is_deleted(
    client, org_a, profile, offer, settings
):
    settings.MAILLAGE_APPLICATION_RETENTION_DAYS = 90
    org_a.email = "contact@alpha.example"
    org_a.save()
    for url in (
        reverse("website:apply", args=[org_a.slug, offer.pk]),
        reverse("website:apply_spontaneous", args=[org_a.slug]),
    ):
        html = client.get(url).content.decode()
        assert_privacy_notice(
            html, org_a, "Votre candidature, CV compris, est supprimée au plus tard 90 jours"
        )
