"""The demo's concertation platforms: past meetings with minutes, decisions and open action
items that carry over to an upcoming meeting, and a themed conference."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from maillage.concertation.models import ActionItem, ActionStatus, Meeting, Platform
from maillage.demo.generator import generate

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def test_the_demo_has_platforms_with_meetings_and_open_action_items():
    today = timezone.localdate()
    try:
        with transaction.atomic():
            generate(scale=0.1, seed=3)
            assert Platform.objects.count() == 2
            for platform in Platform.objects.all():
                assert platform.members.count() >= 3
                meetings = platform.meetings.all()
                past = meetings.filter(date__lt=today)
                assert past.count() >= 3
                assert all(m.minutes for m in past)
                assert past.filter(decisions__isnull=False).exists()
                upcoming = meetings.filter(date__gte=today, is_conference=False).first()
                assert upcoming is not None
                # Open action items of the past meetings are on the upcoming agenda.
                carried = ActionItem.objects.carried_to(upcoming)
                assert carried.filter(status=ActionStatus.OPEN).exists()
                # Every action item has an owner of its platform.
                assert (
                    not ActionItem.objects.filter(platform=platform)
                    .exclude(owner__platform=platform)
                    .exists()
                )
            conference = Meeting.objects.get(is_conference=True)
            assert conference.date > today and conference.registrations.exists()
            assert conference.registrations.count() <= conference.capacity
            raise _Undo
    except _Undo:
        pass
