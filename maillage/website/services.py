"""Writes of the public site: the presentation, news posts, job offers and applications.

Every function takes the acting user first (none for a visitor's application), validates
with French messages keyed by field, runs in one transaction and writes the audit log.
Files (a news picture, a CV) are checked with core.uploads before anything is written, and
removed again if the transaction fails: nothing is ever saved half-way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User
from maillage.core.uploads import FileKind, store_upload, validate_upload
from maillage.core.validation import Errors, raise_errors
from maillage.website.applications import (
    CV_KINDS,
    CV_MAX_BYTES,
    application_delete,
    application_submit,
    applications_purge,
    retention_limit,
)
from maillage.website.models import (
    ContractKind,
    JobOffer,
    NewsImage,
    NewsPost,
    SiteProfile,
)
from maillage.website.uploads import with_files

__all__ = [
    "CV_KINDS",
    "CV_MAX_BYTES",
    "application_delete",
    "application_submit",
    "applications_purge",
    "retention_limit",
]

IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG})
IMAGE_MAX_BYTES = 5 * 1024 * 1024
JOB_FIELDS = ("title", "contract", "hours", "place", "deadline", "description")


# The presentation page


def website_profile_update(
    *, actor: User, organisation: Organisation, tagline: str, presentation: str
) -> SiteProfile:
    tagline, presentation = tagline.strip(), presentation.strip()
    errors: Errors = {}
    if len(tagline) > 200:
        errors["tagline"] = [_("The tagline is limited to 200 characters.")]
    raise_errors(errors)
    with transaction.atomic():
        profile, _created = SiteProfile.objects.get_or_create(organisation=organisation)
        profile.tagline, profile.presentation = tagline, presentation
        profile.save()
        audit_log(actor=actor, action="website.profile.updated", target=profile)
    return profile


def website_profile_set_published(
    *, actor: User, organisation: Organisation, published: bool
) -> SiteProfile:
    with transaction.atomic():
        profile, _created = SiteProfile.objects.get_or_create(organisation=organisation)
        if published and not profile.presentation.strip():
            raise_errors({"presentation": [_("Write the presentation before publishing it.")]})
        profile.is_published = published
        profile.save(update_fields=["is_published", "updated_at"])
        verb = "published" if published else "unpublished"
        audit_log(actor=actor, action=f"website.profile.{verb}", target=profile)
    return profile


# News posts


def _news_errors(title: str, text: str, image: Any, image_alt: str, has_image: bool) -> Errors:
    errors: Errors = {}
    if not title.strip():
        errors["title"] = [_("Give the post a title.")]
    if not text.strip():
        errors["text"] = [_("Write the text of the post.")]
    if (image is not None or has_image) and not image_alt.strip():
        errors["image_alt"] = [_("Describe the image in a few words for people who cannot see it.")]
    return errors


def _new_image(
    organisation: Organisation, image: UploadedFile[Any], alt: str, stored: list[str]
) -> NewsImage:
    upload = validate_upload(image, field="image", max_bytes=IMAGE_MAX_BYTES, allowed=IMAGE_KINDS)
    name = store_upload(upload, folder="website-news")
    stored.append(name)
    return NewsImage.objects.create(
        organisation=organisation, alt=alt.strip(), **NewsImage.fields_from(upload, name)
    )


def news_post_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    text: str,
    image: UploadedFile[Any] | None = None,
    image_alt: str = "",
) -> NewsPost:
    raise_errors(_news_errors(title, text, image, image_alt, has_image=False))
    if image is not None:  # checked before anything is written
        validate_upload(image, field="image", max_bytes=IMAGE_MAX_BYTES, allowed=IMAGE_KINDS)
    stored: list[str] = []

    def work() -> NewsPost:
        picture = _new_image(organisation, image, image_alt, stored) if image else None
        post = NewsPost.objects.create(
            organisation=organisation,
            title=title.strip(),
            text=text.strip(),
            image=picture,
            created_by=actor,
        )
        audit_log(actor=actor, action="website.news.created", target=post)
        return post

    post: NewsPost = with_files(stored, work)
    return post


def news_post_update(
    *,
    actor: User,
    post: NewsPost,
    title: str,
    text: str,
    image: UploadedFile[Any] | None = None,
    image_alt: str = "",
    remove_image: bool = False,
) -> NewsPost:
    keeps_image = post.image_id is not None and not remove_image and image is None
    raise_errors(_news_errors(title, text, image, image_alt, has_image=keeps_image))
    if image is not None:
        validate_upload(image, field="image", max_bytes=IMAGE_MAX_BYTES, allowed=IMAGE_KINDS)
    stored: list[str] = []

    def work() -> NewsPost:
        old = post.image
        if image is not None:
            post.image = _new_image(post.organisation, image, image_alt, stored)
        elif remove_image:
            post.image = None
        elif old is not None and old.alt != image_alt.strip():
            old.alt = image_alt.strip()
            old.save(update_fields=["alt"])
        post.title, post.text = title.strip(), text.strip()
        post.save()
        if old is not None and post.image_id != old.pk:
            old.delete()  # its file goes once the transaction commits
        audit_log(actor=actor, action="website.news.updated", target=post)
        return post

    updated: NewsPost = with_files(stored, work)
    return updated


def news_post_publish(*, actor: User, post: NewsPost, at: datetime | None = None) -> NewsPost:
    """Publish now, or on `at` (a scheduled post shows from that moment)."""
    now = timezone.now()
    if at is not None and at < now - timedelta(minutes=5):
        raise_errors({"at": [_("Choose a moment in the future, or leave empty to publish now.")]})
    with transaction.atomic():
        post.published_at = at if at is not None and at > now else now
        post.save(update_fields=["published_at", "updated_at"])
        verb = "scheduled" if post.published_at > now else "published"
        audit_log(
            actor=actor,
            action=f"website.news.{verb}",
            target=post,
            changes={"published_at": post.published_at.isoformat()},
        )
    return post


def news_post_unpublish(*, actor: User, post: NewsPost) -> NewsPost:
    with transaction.atomic():
        post.published_at = None
        post.save(update_fields=["published_at", "updated_at"])
        audit_log(actor=actor, action="website.news.unpublished", target=post)
    return post


def news_post_delete(*, actor: User, post: NewsPost) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="website.news.deleted", target=post)
        image = post.image
        post.delete()
        if image is not None:
            image.delete()


# Job offers


def _job_errors(values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    required = {
        "title": _("Give the title of the job."),
        "hours": _("Say how many hours the job takes."),
        "place": _("Say where the work takes place."),
        "description": _("Describe the job and the profile sought."),
    }
    for field, message in required.items():
        if not str(values.get(field) or "").strip():
            errors[field] = [message]
    if values.get("contract") not in ContractKind.values:
        errors["contract"] = [_("Choose a kind of contract from the list.")]
    deadline = values.get("deadline")
    if not isinstance(deadline, date):
        errors["deadline"] = [_("Give the application deadline.")]
    return errors


def _job_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        field: values[field].strip() if isinstance(values[field], str) else values[field]
        for field in JOB_FIELDS
    }


def job_offer_create(*, actor: User, organisation: Organisation, **values: Any) -> JobOffer:
    raise_errors(_job_errors(values))
    with transaction.atomic():
        offer = JobOffer.objects.create(
            organisation=organisation, created_by=actor, **_job_values(values)
        )
        audit_log(actor=actor, action="website.job.created", target=offer)
    return offer


def job_offer_update(*, actor: User, offer: JobOffer, **values: Any) -> JobOffer:
    raise_errors(_job_errors(values))
    with transaction.atomic():
        for field, value in _job_values(values).items():
            setattr(offer, field, value)
        offer.save()
        audit_log(actor=actor, action="website.job.updated", target=offer)
    return offer


def job_offer_publish(*, actor: User, offer: JobOffer) -> JobOffer:
    if offer.deadline < timezone.localdate():
        raise_errors({"deadline": [_("The deadline has passed: move it before publishing.")]})
    with transaction.atomic():
        offer.published_at, offer.closed_at = timezone.now(), None
        offer.save(update_fields=["published_at", "closed_at", "updated_at"])
        audit_log(actor=actor, action="website.job.published", target=offer)
    return offer


def job_offer_close(*, actor: User, offer: JobOffer) -> JobOffer:
    """No longer shown nor taking applications; those received stay for the team."""
    with transaction.atomic():
        offer.closed_at = timezone.now()
        offer.save(update_fields=["closed_at", "updated_at"])
        audit_log(actor=actor, action="website.job.closed", target=offer)
    return offer


def job_offer_delete(*, actor: User, offer: JobOffer) -> None:
    with transaction.atomic():
        count = offer.applications.count()
        audit_log(
            actor=actor,
            action="website.job.deleted",
            target=offer,
            changes={"applications_deleted": count},
        )
        # One by one, so that each CV leaves the disk with its row.
        for application in offer.applications.all():
            application.delete()
        offer.delete()
