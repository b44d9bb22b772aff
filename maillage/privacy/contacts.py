"""Data-protection requests from people known only by an e-mail address: the public site's
newsletter subscribers and job applicants.

They write to the data-protection officer ("what do you hold about me?", "erase me") like a
young person does, but hold no file: the DPO finds them by the exact address, whatever its
case, in the current organisation only (`visible_to`, never another organisation's rows).
The address itself is personal data: the audit log names it masked (a•••@example.org), and
after an erasure it stays in clear nowhere in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.models import Organisation, User
from maillage.core.scoping import current_organisation_id
from maillage.newsletter.models import Delivery, DeliveryStatus, Subscriber, masked_email
from maillage.website.models import JobApplication

EMAIL_MAX = 254


def contact_email(value: str | None) -> str:
    """The address as typed, trimmed; a French error keyed `email` if it is not one."""
    email = (value or "").strip()
    if not email:
        raise ValidationError({"email": [_("Enter the e-mail address the person wrote from.")]})
    try:
        validate_email(email)
        valid = len(email) <= EMAIL_MAX
    except ValidationError:
        valid = False
    if not valid:
        raise ValidationError(
            {"email": [_("Enter a valid e-mail address, for example nom@exemple.be.")]}
        )
    return email


@dataclass(frozen=True)
class ContactHoldings:
    """What the current organisation holds for one address."""

    email: str
    subscriptions: list[Subscriber]
    applications: list[JobApplication]

    @property
    def masked(self) -> str:
        # As the newsletter names the address in the log (it stores it in lower case).
        return masked_email(self.email.lower())

    @property
    def is_empty(self) -> bool:
        return not (self.subscriptions or self.applications)


def contact_holdings(user: Any, email: str) -> ContactHoldings:
    """The subscriptions (with `issues_sent`) and applications held for `email`."""
    email = contact_email(email)
    subscriptions = list(
        Subscriber.objects.visible_to(user).filter(email__iexact=email).order_by("pk")
    )
    sent = dict(
        Delivery.objects.filter(subscriber__in=subscriptions, status=DeliveryStatus.SENT)
        .order_by()
        .values_list("subscriber_id")
        .annotate(n=Count("pk"))
    )
    for subscriber in subscriptions:
        subscriber.issues_sent = sent.get(subscriber.pk, 0)  # type: ignore[attr-defined]
    applications = list(
        JobApplication.objects.visible_to(user)
        .filter(email__iexact=email)
        .select_related("offer")
        .order_by("received_at", "pk")
    )
    return ContactHoldings(email=email, subscriptions=subscriptions, applications=applications)


def _organisation(actor: User) -> Organisation | None:
    org_id = current_organisation_id(actor)
    return Organisation.objects.filter(pk=org_id).first() if org_id else None


def _moment(value: Any) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _subscription_data(subscriber: Subscriber) -> dict[str, Any]:
    deliveries = (
        Delivery.objects.filter(subscriber=subscriber).select_related("issue").order_by("at", "pk")
    )
    return {
        "email": subscriber.email,
        "status": subscriber.get_status_display(),
        "requested_at": _moment(subscriber.requested_at),
        "confirmed_at": _moment(subscriber.confirmed_at),
        "unsubscribed_at": _moment(subscriber.unsubscribed_at),
        "deliveries": [
            {
                "issue": delivery.issue.subject,
                "status": delivery.get_status_display(),
                "at": _moment(delivery.at),
            }
            for delivery in deliveries
        ],
    }


def _application_data(application: JobApplication) -> dict[str, Any]:
    return {
        "name": application.name,
        "email": application.email,
        "offer": application.offer.title if application.offer else _("Spontaneous application"),
        "received_at": _moment(application.received_at),
        "message": application.message,
        "cv": {
            "file_name": application.original_name,
            "type": application.kind.upper(),
            "size_bytes": application.size,
        },
    }


def contact_export(*, actor: User, email: str) -> dict[str, Any]:
    """Everything the current organisation holds for `email`, as plain data; a read in the
    audit log, naming the address masked."""
    holdings = contact_holdings(actor, email)
    organisation = _organisation(actor)
    data = {
        "organisation": organisation.name if organisation else "",
        "exported_on": timezone.localdate().isoformat(),
        "email": holdings.email,
        "newsletter_subscriptions": [_subscription_data(s) for s in holdings.subscriptions],
        "job_applications": [_application_data(a) for a in holdings.applications],
    }
    audit_log(
        actor=actor,
        action="privacy.contact.exported",
        kind=AuditKind.READ,
        organisation=organisation,
        target_label=holdings.masked,
        changes={
            "subscriptions": len(holdings.subscriptions),
            "applications": len(holdings.applications),
        },
    )
    return data


@transaction.atomic
def contact_erase(*, actor: User, email: str) -> dict[str, int]:
    """Delete the subscription with its send log and the applications with their CVs (the
    files go once the transaction commits). Returns the counts, also in the audit entry.

    The newsletter's and the site's own audit entries already name these rows masked
    (`audit_label`), so nothing in the log keeps the address in clear."""
    holdings = contact_holdings(actor, email)
    subscriber_ids = [s.pk for s in holdings.subscriptions]
    _total, deliveries = Delivery.objects.filter(subscriber_id__in=subscriber_ids).delete()
    _total, subscriptions = Subscriber.objects.filter(pk__in=subscriber_ids).delete()
    application_ids = [a.pk for a in holdings.applications]
    # Django deletes them row by row: each StoredFile's post_delete removes its file.
    _total, applications = JobApplication.objects.filter(pk__in=application_ids).delete()
    counts = {
        "subscriptions": subscriptions.get(Subscriber._meta.label, 0),
        "deliveries": deliveries.get(Delivery._meta.label, 0),
        "applications": applications.get(JobApplication._meta.label, 0),
    }
    audit_log(
        actor=actor,
        action="privacy.contact.erased",
        organisation=_organisation(actor),
        target_label=holdings.masked,
        changes=counts,
    )
    return counts
