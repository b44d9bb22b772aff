"""E-mail reminders of agreements to renew: once, to the network managers of every party."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.management import call_command

from maillage.core.roles import Role
from maillage.network import services
from maillage.network.models import Agreement
from maillage.network.notify import send_renewal_reminders
from tests.network.conftest import acting


def test_managers_of_each_party_get_one_reminder(
    coordinator, host, member, owner, agreement, today, make_user, org_c
):
    make_user("worker@c.example", (org_c, Role.FIELD_WORKER))
    assert send_renewal_reminders(today) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coordinator.email, host.email, owner.email]
    )
    message = mail.outbox[0]
    assert "Convention de mise à disposition" in message.subject
    assert "à renouveler" in message.subject.lower()
    assert "Commune de Forest" in message.body
    # Once only.
    assert send_renewal_reminders(today + timedelta(days=1)) == 0
    assert Agreement.objects.get().reminded_on == today


def test_moving_the_end_date_rearms_the_reminder(coordinator, host, org_a, agreement, today):
    send_renewal_reminders(today)
    services.agreement_update(
        actor=acting(coordinator, org_a), agreement=agreement, ends_on=today + timedelta(days=20)
    )
    mail.outbox.clear()
    assert send_renewal_reminders(today) == 2


def test_nothing_is_sent_before_the_notice_period(coordinator, org_a, today):
    services.agreement_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Longue",
        starts_on=today,
        ends_on=today + timedelta(days=200),
        status="signed",
    )
    assert send_renewal_reminders(today) == 0
    assert mail.outbox == []


def test_the_command_sends_them(coordinator, agreement):
    call_command("network-reminders", "--now", stdout=None)
    assert [m.to[0] for m in mail.outbox] == [coordinator.email]
