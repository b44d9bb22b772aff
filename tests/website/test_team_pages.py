"""The team's pages: editing the presentation, news and offers, reading applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.website.models import JobApplication, JobOffer, NewsPost, SiteProfile
from tests.website.conftest import png

pytestmark = pytest.mark.django_db


def test_the_presentation_is_written_then_published(login, owner, org_a):
    client = login(owner)
    response = client.post(
        reverse("website:team_profile"), {"tagline": "AMO du quartier", "presentation": "Bonjour"}
    )
    assert response.status_code == 302
    client.post(reverse("website:team_profile_publish"))
    assert SiteProfile.objects.get(organisation=org_a).is_published
    assert client.get(reverse("website:organisation", args=[org_a.slug])).status_code == 200
    client.post(reverse("website:team_profile_unpublish"))
    assert client.get(reverse("website:organisation", args=[org_a.slug])).status_code == 404


def test_a_coordinator_writes_a_post_with_an_image_and_schedules_it(login, coordinator, org_a):
    client = login(coordinator)
    response = client.post(
        reverse("website:team_news_create"),
        {"title": "Fête de quartier", "text": "Samedi", "image": png(), "image_alt": "Un stand"},
    )
    post = NewsPost.objects.get()
    assert response["Location"] == reverse("website:team_news_edit", args=[post.pk])
    assert post.image.alt == "Un stand"
    later = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("website:team_news_publish", args=[post.pk]),
        {"at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    post.refresh_from_db()
    assert post.is_scheduled
    listing = client.get(reverse("website:team_news")).content.decode()
    assert "programmée pour le" in listing


def test_a_missing_alt_text_is_shown_at_its_field(login, coordinator):
    client = login(coordinator)
    response = client.post(
        reverse("website:team_news_create"), {"title": "T", "text": "x", "image": png()}
    )
    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    assert not NewsPost.objects.exists()


def test_an_offer_is_created_published_and_its_applications_read(
    login, owner, org_a, application, spontaneous_application
):
    client = login(owner)
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        reverse("website:team_job_create"),
        {
            "title": "Psychologue",
            "contract": "permanent",
            "hours": "4/5",
            "place": "Ixelles",
            "deadline": deadline,
            "description": "Suivis individuels",
        },
    )
    created = JobOffer.objects.get(title="Psychologue")
    assert response["Location"] == reverse("website:team_job", args=[created.pk])
    client.post(reverse("website:team_job_publish", args=[created.pk]))
    assert created in JobOffer.objects.open()

    page = client.get(reverse("website:team_job", args=[application.offer_id])).content.decode()
    assert "Jeanne Candidate" in page and "Paul Spontané" not in page
    page = client.get(reverse("website:team_spontaneous")).content.decode()
    assert "Paul Spontané" in page

    cv = client.get(reverse("website:team_application_cv", args=[application.pk]))
    assert cv.status_code == 200 and cv["Content-Type"] == "application/pdf"
    assert b"".join(cv.streaming_content).startswith(b"%PDF")
    read = AuditEvent.objects.get(action="website.application.cv_read")
    assert read.kind == AuditKind.READ and read.actor == owner


def test_an_application_is_deleted_by_the_team(login, owner, application):
    client = login(owner)
    response = client.post(reverse("website:team_application_delete", args=[application.pk]))
    assert response["Location"] == reverse("website:team_job", args=[application.offer_id])
    assert not JobApplication.objects.exists()
    assert AuditEvent.objects.filter(action="website.application.deleted").exists()


def test_an_empty_offer_form_shows_errors_in_french(login, owner):
    response = login(owner).post(reverse("website:team_job_create"), {})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not JobOffer.objects.exists()
