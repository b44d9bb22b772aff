"""E-mail reminders of agreements to renew: once per agreement, when its notice period
starts, to whoever manages the network's records in each party organisation.

`maillage network-reminders` (daily, from cron) queues the task; the task sends the messages
in one connection and marks the agreements reminded in one UPDATE. Changing the end date or
the notice period of an agreement re-arms its reminder (`services.agreement_update`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.models import Membership, Organisation
from maillage.core.roles import ROLE_PERMISSIONS, Perm
from maillage.network.models import Agreement

MANAGERS = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_NETWORK in perms]


def send_renewal_reminders(today: date) -> int:
    """Send the reminders due on `today` (or missed before); returns the number of e-mails."""
    due = list(
        Agreement.objects.renewal_due(today)
        .filter(reminded_on__isnull=True)
        .select_related("organisation")
        .prefetch_related("parties")
        .order_by("pk")
    )
    if not due:
        return 0
    org_ids = {a.organisation_id for a in due} | {p.pk for a in due for p in a.parties.all()}
    addresses: dict[int, set[str]] = defaultdict(set)
    for org_id, email in Membership.objects.filter(
        organisation_id__in=org_ids,
        organisation__is_active=True,
        role__in=MANAGERS,
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "user__email"):
        addresses[org_id].add(email)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for agreement in due:
            parties: list[Organisation] = [agreement.organisation, *agreement.parties.all()]
            recipients = sorted(set().union(*(addresses[p.pk] for p in parties)))
            if not recipients:
                continue
            body = render_to_string(
                "network/email/renewal.txt", {"agreement": agreement, "parties": parties}
            )
            subject = _("Agreement to renew: %(title)s") % {"title": agreement.title}
            # One message per person: nobody sees the other parties' addresses.
            messages += [EmailMessage(subject, body, to=[address]) for address in recipients]
    sent = mailers.default.send_messages(messages) if messages else 0
    Agreement.objects.filter(pk__in=[a.pk for a in due]).update(reminded_on=today)
    return sent or 0


@task()
def renewal_reminders() -> int:
    return send_renewal_reminders(timezone.localdate())
