"""Job applications: a visitor's application with its CV, its deletion, and the retention
purge. The CV is checked with core.uploads before anything is written and removed again if
the transaction fails; the organisation is told by e-mail without any personal data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.links import absolute_url
from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Role
from maillage.core.uploads import FileKind, store_upload, validate_upload
from maillage.core.validation import Errors, raise_errors
from maillage.website.models import JobApplication, JobOffer
from maillage.website.uploads import with_files

CV_KINDS = frozenset({FileKind.PDF, FileKind.DOCX, FileKind.ODT})
CV_MAX_BYTES = 5 * 1024 * 1024


def _recipients(organisation: Organisation) -> list[str]:
    if organisation.email:
        return [organisation.email]
    managers = Membership.objects.active().filter(
        organisation=organisation, role__in=[Role.ADMINISTRATOR, Role.DIRECTOR]
    )
    return sorted(set(managers.values_list("user__email", flat=True)))


def _tell_organisation(application: JobApplication) -> None:
    """Only that there is an application, and where to read it: no personal data by mail."""
    offer = application.offer
    if offer is not None:
        subject = _("New application for “%(title)s”") % {"title": offer.title}
        path = reverse("website:team_job", kwargs={"pk": offer.pk})
    else:
        subject = _("New spontaneous application")
        path = reverse("website:team_spontaneous")
    body = _(
        "A new application has been received on your public site.\n\n"
        "Read it (sign-in required): %(url)s\n"
    ) % {"url": absolute_url(path)}
    recipients = _recipients(application.organisation)
    if recipients:
        send_mail(subject, body, None, recipients)


def application_submit(
    *,
    organisation: Organisation,
    offer: JobOffer | None,
    name: str,
    email: str,
    message: str,
    cv: UploadedFile[Any] | None,
) -> JobApplication:
    """A visitor's application to `offer`, or a spontaneous one when `offer` is None."""
    errors: Errors = {}
    if not name.strip():
        errors["name"] = [_("Give your name.")]
    if not email.strip():
        errors["email"] = [_("Give your e-mail address, so that we can answer you.")]
    if offer is not None and (offer.organisation_id != organisation.pk or not offer.is_open()):
        errors["__all__"] = [_("This job offer is closed: applications are no longer taken.")]
    if not organisation.is_active:
        errors["__all__"] = [_("This organisation no longer takes applications.")]
    raise_errors(errors)
    upload = validate_upload(cv, field="cv", max_bytes=CV_MAX_BYTES, allowed=CV_KINDS)
    stored: list[str] = []

    def work() -> JobApplication:
        stored_name = store_upload(upload, folder="website-applications")
        stored.append(stored_name)
        application = JobApplication.objects.create(
            organisation=organisation,
            offer=offer,
            name=name.strip(),
            email=email.strip(),
            message=message.strip(),
            **JobApplication.fields_from(upload, stored_name),
        )
        audit_log(
            actor=None,
            action="website.application.received",
            target=application,
            organisation=organisation,
        )
        transaction.on_commit(lambda: _tell_organisation(application))
        return application

    application: JobApplication = with_files(stored, work)
    return application


def application_delete(*, actor: User, application: JobApplication) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="website.application.deleted", target=application)
        application.delete()


def retention_limit(now: datetime | None = None) -> datetime:
    days = settings.MAILLAGE_APPLICATION_RETENTION_DAYS
    return (now or timezone.now()) - timedelta(days=days)


def applications_purge(*, actor: User | None = None, now: datetime | None = None) -> int:
    """Delete the applications older than the retention delay, with their CVs; one audit
    entry per organisation, with the count (never who applied)."""
    old = JobApplication.objects.filter(received_at__lt=retention_limit(now))
    with transaction.atomic():
        counts = dict(old.order_by().values_list("organisation_id").annotate(count=Count("pk")))
        if not counts:
            return 0
        # One DELETE; the delete signal still removes each row's file after the commit.
        old.delete()
        label = _("Applications older than %(days)s days") % {
            "days": settings.MAILLAGE_APPLICATION_RETENTION_DAYS
        }
        for organisation in Organisation.objects.filter(pk__in=counts):
            audit_log(
                actor=actor,
                action="website.application.purged",
                organisation=organisation,
                changes={"count": counts[organisation.pk]},
                target_label=label,
            )
    return sum(counts.values())
