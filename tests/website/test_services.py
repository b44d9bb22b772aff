"""The public site's writes: news posts, job offers, the presentation, and their audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.core.uploads import stored_path
from maillage.website import services
from maillage.website.models import ContractKind, JobOffer, NewsImage, NewsPost, SiteProfile
from tests.website.conftest import png

pytestmark = pytest.mark.django_db


def test_a_news_post_starts_as_a_draft_and_is_public_once_published(owner, org_a):
    post = services.news_post_create(actor=owner, organisation=org_a, title="Fête", text="Venez")
    assert post.published_at is None
    assert not NewsPost.objects.published().filter(pk=post.pk).exists()
    services.news_post_publish(actor=owner, post=post)
    assert NewsPost.objects.published().filter(pk=post.pk).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["website.news.created", "website.news.published"]


def test_a_scheduled_post_is_public_only_from_its_moment(owner, org_a):
    post = services.news_post_create(actor=owner, organisation=org_a, title="Plus tard", text="…")
    later = timezone.now() + timedelta(days=2)
    services.news_post_publish(actor=owner, post=post, at=later)
    assert post.is_scheduled
    assert not NewsPost.objects.published().filter(pk=post.pk).exists()
    assert NewsPost.objects.published(now=later + timedelta(minutes=1)).filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action="website.news.scheduled").exists()


def test_a_moment_in_the_past_is_refused_for_scheduling(owner, org_a):
    post = services.news_post_create(actor=owner, organisation=org_a, title="T", text="x")
    with pytest.raises(ValidationError) as caught:
        services.news_post_publish(actor=owner, post=post, at=timezone.now() - timedelta(days=1))
    assert "at" in caught.value.message_dict


def test_a_post_needs_a_title_a_text_and_an_alt_for_its_image(owner, org_a):
    with pytest.raises(ValidationError) as caught:
        services.news_post_create(
            actor=owner, organisation=org_a, title=" ", text="", image=png(), image_alt=""
        )
    assert set(caught.value.message_dict) == {"title", "text", "image_alt"}
    assert not NewsPost.objects.exists()
    assert not NewsImage.objects.exists()


def test_a_post_image_must_be_a_real_png_or_jpeg(owner, org_a, settings):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00not an image", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        services.news_post_create(
            actor=owner, organisation=org_a, title="T", text="x", image=fake, image_alt="alt"
        )
    assert "image" in caught.value.message_dict
    assert not NewsImage.objects.exists()
    root = settings.PRIVATE_ROOT / "uploads"
    assert not root.exists() or not any(root.rglob("*.*"))


def test_replacing_or_removing_the_image_deletes_the_old_file(
    owner, org_a, django_capture_on_commit_callbacks
):
    post = services.news_post_create(
        actor=owner, organisation=org_a, title="T", text="x", image=png(), image_alt="Un parc"
    )
    first = stored_path(post.image.stored_name)
    assert first.exists()
    with pytest.raises(ValidationError):  # an alt is needed for the new image too
        services.news_post_update(actor=owner, post=post, title="T", text="x", image=png())
    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_update(
            actor=owner, post=post, title="T", text="x", image=png(), image_alt="Une rue"
        )
    assert not first.exists()
    second = stored_path(post.image.stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_update(actor=owner, post=post, title="T", text="x", remove_image=True)
    assert post.image is None
    assert not second.exists()
    assert not NewsImage.objects.exists()


def test_deleting_a_post_deletes_its_image(owner, post, django_capture_on_commit_callbacks):
    path = stored_path(post.image.stored_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_delete(actor=owner, post=post)
    assert not NewsPost.objects.exists()
    assert not NewsImage.objects.exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action="website.news.deleted").exists()


def test_a_job_offer_is_checked_then_published_and_closed(owner, org_a):
    with pytest.raises(ValidationError) as caught:
        services.job_offer_create(
            actor=owner,
            organisation=org_a,
            title="",
            contract="cdi",
            hours="",
            place="",
            deadline=None,
            description="",
        )
    assert set(caught.value.message_dict) == {
        "title",
        "contract",
        "hours",
        "place",
        "deadline",
        "description",
    }
    offer = services.job_offer_create(
        actor=owner,
        organisation=org_a,
        title="Éducateur·rice",
        contract=ContractKind.PERMANENT,
        hours="temps plein",
        place="Forest",
        deadline=timezone.localdate() + timedelta(days=10),
        description="Accompagnement individuel.",
    )
    assert not JobOffer.objects.open().exists()
    services.job_offer_publish(actor=owner, offer=offer)
    assert list(JobOffer.objects.open()) == [offer]
    services.job_offer_close(actor=owner, offer=offer)
    assert not JobOffer.objects.open().exists()
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"website.job.created", "website.job.published", "website.job.closed"} <= codes


def test_an_offer_past_its_deadline_cannot_be_published(owner, expired_offer):
    expired_offer.published_at = None
    with pytest.raises(ValidationError) as caught:
        services.job_offer_publish(actor=owner, offer=expired_offer)
    assert "deadline" in caught.value.message_dict


def test_deleting_an_offer_deletes_its_applications_and_their_files(
    owner, offer, application, django_capture_on_commit_callbacks
):
    path = stored_path(application.stored_name)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.job_offer_delete(actor=owner, offer=offer)
    assert not JobOffer.objects.exists()
    assert not path.exists()
    event = AuditEvent.objects.get(action="website.job.deleted")
    assert event.changes == {"applications_deleted": 1}


def test_the_presentation_is_saved_then_published(owner, org_a):
    with pytest.raises(ValidationError) as caught:
        services.website_profile_set_published(actor=owner, organisation=org_a, published=True)
    assert "presentation" in caught.value.message_dict
    services.website_profile_update(
        actor=owner, organisation=org_a, tagline="AMO", presentation="Bonjour"
    )
    services.website_profile_set_published(actor=owner, organisation=org_a, published=True)
    assert SiteProfile.objects.get(organisation=org_a).is_published
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"website.profile.updated", "website.profile.published"} <= codes
