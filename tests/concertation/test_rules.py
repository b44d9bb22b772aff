"""The rules of meetings: action items carry over until closed, every action item has an
owner of the platform, a conference never takes more people than its places, invitations
leave once as calendar invitations (updated when the meeting changes), and only the running
organisation manages."""

from __future__ import annotations

import email.policy
import re
from datetime import time, timedelta
from email.parser import BytesParser
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from maillage.concertation import services
from maillage.concertation.models import (
    ActionItem,
    ActionStatus,
    ConferenceRegistration,
    Meeting,
    Platform,
)
from maillage.concertation.queries import activity_by_platform
from maillage.core.roles import Role
from tests.calendars import NASTY, check_calendar
from tests.concertation.conftest import acting, today


def carried(meeting: Meeting) -> list[str]:
    return list(
        ActionItem.objects.carried_to(meeting).order_by("pk").values_list("text", flat=True)
    )


def test_open_action_items_carry_over_until_closed(manager, make_meeting, person, guest):
    first = make_meeting(today() - timedelta(days=60))
    for text in ("Écrire aux directions", "Réserver la salle"):
        services.action_item_add(actor=manager, meeting=first, text=text, owner=person)
    second = make_meeting(today() - timedelta(days=30))
    raised_at_second = services.action_item_add(
        actor=manager, meeting=second, text="Inviter le CPMS", owner=guest
    )
    assert carried(first) == []
    assert carried(second) == ["Écrire aux directions", "Réserver la salle"]

    # Settled at the second meeting: closed there, no longer carried to the third.
    item = ActionItem.objects.get(text="Réserver la salle")
    services.action_item_set_status(
        actor=manager, item=item, status=ActionStatus.DONE, meeting=second
    )
    item.refresh_from_db()
    assert (item.closed_in, item.closed_on) == (second, second.date)
    third = make_meeting(today() + timedelta(days=10))
    assert carried(third) == ["Écrire aux directions", raised_at_second.text]
    # The second meeting still shows it, closed there.
    assert carried(second) == ["Écrire aux directions", "Réserver la salle"]

    # Reopened: carried again.
    services.action_item_set_status(actor=manager, item=item, status=ActionStatus.OPEN)
    item.refresh_from_db()
    assert item.closed_on is None and item.closed_in is None
    assert "Réserver la salle" in carried(third)


def test_a_meeting_earlier_the_same_day_carries_over(manager, make_meeting, person):
    day = today()
    morning = make_meeting(day, starts_at=time(9), ends_at=time(10))
    services.action_item_add(actor=manager, meeting=morning, text="Rappeler", owner=person)
    afternoon = make_meeting(day, starts_at=time(14), ends_at=time(15))
    assert carried(afternoon) == ["Rappeler"]
    assert carried(morning) == []


def test_an_action_item_without_owner_is_refused_in_french(manager, past_meeting):
    with pytest.raises(ValidationError) as caught:
        services.action_item_add(actor=manager, meeting=past_meeting, text="Relancer", owner=None)
    assert caught.value.message_dict["owner"] == [
        "Chaque action doit avoir un·e responsable : choisissez une personne de la plateforme."
    ]
    assert not ActionItem.objects.exists()


def test_the_owner_must_be_a_person_of_the_platform(manager, org_a, past_meeting, person):
    other = services.platform_create(actor=manager, organisation=org_a, name="Autre plateforme")
    stranger = services.member_add(actor=manager, platform=other, name="Quelqu'un")
    with pytest.raises(ValidationError) as caught:
        services.action_item_add(
            actor=manager, meeting=past_meeting, text="Relancer", owner=stranger
        )
    assert "owner" in caught.value.message_dict
    assert not ActionItem.objects.exists()


def test_a_due_date_before_the_meeting_is_refused(manager, past_meeting, person):
    with pytest.raises(ValidationError) as caught:
        services.action_item_add(
            actor=manager,
            meeting=past_meeting,
            text="Relancer",
            owner=person,
            due_on=past_meeting.date - timedelta(days=1),
        )
    assert "due_on" in caught.value.message_dict


def test_a_conference_takes_no_more_people_than_its_places(manager, conference):
    for n in range(2):
        services.conference_register(
            actor=None, meeting=conference, name=f"Personne {n}", email=f"p{n}@example.org"
        )
    with pytest.raises(ValidationError) as caught:
        services.conference_register(
            actor=None, meeting=conference, name="Une de trop", email="trop@example.org"
        )
    assert caught.value.message_dict["__all__"] == ["Cette conférence est complète."]
    assert ConferenceRegistration.objects.filter(meeting=conference).count() == 2
    # Fewer places than people registered: refused.
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(actor=manager, meeting=conference, capacity=1)
    assert "capacity" in caught.value.message_dict


def test_the_same_address_registers_once(conference):
    services.conference_register(actor=None, meeting=conference, name="A", email="a@example.org")
    with pytest.raises(ValidationError) as caught:
        services.conference_register(
            actor=None, meeting=conference, name="A", email="A@Example.org"
        )
    assert "email" in caught.value.message_dict


def test_without_account_only_when_the_platform_allows_it(manager, platform, make_meeting):
    meeting = make_meeting(today() + timedelta(days=5), is_conference=True)
    with pytest.raises(ValidationError):
        services.conference_register(actor=None, meeting=meeting, name="A", email="a@example.org")
    services.platform_update(actor=manager, platform=platform, name=platform.name)
    with pytest.raises(ValidationError) as caught:
        make_meeting(today() + timedelta(days=6), is_conference=True, public_registration=True)
    assert "public_registration" in caught.value.message_dict


def test_an_ordinary_meeting_takes_no_registration(past_meeting, member):
    with pytest.raises(ValidationError):
        services.conference_register(
            actor=member, meeting=past_meeting, name="M", email=member.email
        )


def test_meeting_times_in_order(make_meeting):
    with pytest.raises(ValidationError) as caught:
        make_meeting(today(), starts_at=time(14), ends_at=time(13))
    assert "ends_at" in caught.value.message_dict
    assert not Meeting.objects.exists()


def invitation_of(message) -> tuple[Any, Any]:
    """The invitation as a mail client finds it in the bytes sent: the text/calendar
    alternative (iMIP) and what a strict parser reads of it."""
    parsed = BytesParser(policy=email.policy.default).parsebytes(message.message().as_bytes())
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    [attached] = [p for p in parsed.walk() if p.get_filename() == "reunion.ics"]
    # The same file; the alternative's lines end as every text part's, CRLF on the wire.
    document = attached.get_content()
    assert document.decode().replace("\r\n", "\n") == part.get_content()
    return parsed, check_calendar(document, method="REQUEST")


# The worker runs in its own transactions, as in production.
@pytest.mark.django_db(transaction=True)
def test_invitations_leave_once_as_calendar_invitations(
    manager, conference, person, guest, action, settings, django_capture_on_commit_callbacks
):
    settings.MAILLAGE_BASE_URL = "https://maillage.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_send(actor=manager, meeting=conference) == 2
    assert not mail.outbox  # not by the request: by the worker
    call_command("db_worker", "--batch", "--interval", "0")
    assert sorted(m.to[0] for m in mail.outbox) == ["jeanne@externe.example", "member@a.example"]
    [message] = [m for m in mail.outbox if m.to == ["jeanne@externe.example"]]
    assert conference.title in message.subject
    assert "Salle du conseil" in message.body
    assert action.text in message.body  # the carried-over action item is on the agenda
    url = f"https://maillage.example.org/reunions/{conference.pk}/"
    assert url in message.body
    parsed, calendar = invitation_of(message)
    assert parsed["Message-ID"].endswith("@maillage.example.org>")
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"meeting-{conference.pk}@maillage" and event["SEQUENCE"] == 0
    assert event["URL"] == url
    assert event["ORGANIZER"].params["CN"] == "AMO Alpha"
    # Each member's invitation names that member only: nobody learns the others' addresses.
    assert event["ATTENDEE"] == "mailto:jeanne@externe.example"
    assert event["ATTENDEE"].params["CN"] == "Jeanne Externe"

    # Sent once: a second click is refused and enqueues nothing.
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ValidationError) as caught,
    ):
        services.invitations_send(actor=manager, meeting=conference)
    assert not callbacks
    assert "déjà été envoyées" in caught.value.messages[0]
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_changed_meeting_updates_the_invitation_in_every_calendar(
    manager, conference, person, guest, django_capture_on_commit_callbacks
):
    """The same UID with a higher SEQUENCE: calendars replace the meeting they hold."""
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=manager, meeting=conference)
        # Renaming it the same, or a change a calendar does not show, sends nothing more.
        services.meeting_update(actor=manager, meeting=conference, capacity=5)
    call_command("db_worker", "--batch", "--interval", "0")
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(actor=manager, meeting=conference, place="Salle ; 2, étage\r3")
    call_command("db_worker", "--batch", "--interval", "0")
    updates = mail.outbox[2:]
    assert sorted(m.to[0] for m in updates) == ["jeanne@externe.example", "member@a.example"]
    for message in updates:
        assert message.subject.startswith("Réunion modifiée")
        assert "a changé" in message.body
        _parsed, calendar = invitation_of(message)
        [event] = calendar.walk("VEVENT")
        assert event["UID"] == f"meeting-{conference.pk}@maillage"
        assert event["SEQUENCE"] == 1
        assert event["LOCATION"] == "Salle ; 2, étage 3"


def test_only_the_running_organisation_manages(partner, partner_org, platform, past_meeting):
    acting(partner, partner_org, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=partner,
            platform=platform,
            title="X",
            date=today(),
            starts_at=time(9),
            ends_at=time(10),
            place="Ici",
        )
    with pytest.raises(PermissionDenied):
        services.decision_add(actor=partner, meeting=past_meeting, text="Non")


def test_the_owner_closes_their_own_action_item(member, org_a, action, guest, manager):
    acting(member, org_a, Role.FIELD_WORKER)
    services.action_item_set_status(actor=member, item=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_on == today()
    other = services.action_item_add(
        actor=manager, meeting=action.meeting, text="Autre", owner=guest
    )
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(actor=member, item=other, status=ActionStatus.DONE)


def test_a_user_member_works_in_a_platform_organisation(manager, platform, outsider, partner):
    with pytest.raises(ValidationError):
        services.member_add(actor=manager, platform=platform, user=outsider)
    added = services.member_add(actor=manager, platform=platform, user=partner)
    assert added.organisation_name == "Ecole Gamma" and added.email == partner.email
    with pytest.raises(ValidationError):
        services.member_add(actor=manager, platform=platform, user=partner)


def test_visible_to_members_and_runner_only(platform, partner, partner_org, outsider, org_b):
    acting(partner, partner_org, Role.COORDINATOR)
    acting(outsider, org_b, Role.ADMINISTRATOR)
    assert list(Platform.objects.visible_to(partner)) == [platform]
    assert not Platform.objects.visible_to(outsider).exists()


def test_meetings_held_and_actions_done_per_platform(manager, make_meeting, person, platform):
    start = today() - timedelta(days=90)
    old = make_meeting(start - timedelta(days=10))
    held = make_meeting(today() - timedelta(days=5))
    make_meeting(today() + timedelta(days=5))  # not held yet
    done = services.action_item_add(actor=manager, meeting=old, text="Fait", owner=person)
    services.action_item_add(actor=manager, meeting=old, text="Ouvert", owner=person)
    dropped = services.action_item_add(actor=manager, meeting=old, text="Abandon", owner=person)
    services.action_item_set_status(actor=manager, item=done, status="done", meeting=held)
    services.action_item_set_status(actor=manager, item=dropped, status="dropped", meeting=held)
    [row] = activity_by_platform(
        Platform.objects.filter(pk=platform.pk), start=start, end=today() + timedelta(days=30)
    )
    assert (row.meetings_held, row.actions_closed) == (1, 1)


def test_a_meeting_downloads_as_a_valid_calendar_whatever_its_title(
    login, coordinator, make_meeting, settings
):
    """The meeting's .ics file (no METHOD: a file to import) with the texts that break
    calendars in its title and place, read back strictly."""
    settings.MAILLAGE_BASE_URL = "https://maillage.example.org"
    meeting = make_meeting(today() + timedelta(days=3), title=NASTY, place=NASTY)
    response = login(coordinator).get(reverse("concertation:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = check_calendar(response.content).walk("VEVENT")
    # The service folds the spaces and line breaks a person typed into single spaces.
    assert str(event["SUMMARY"]) == f"{meeting.platform.name} : {_shown(meeting.title)}"
    assert str(event["LOCATION"]) == _shown(meeting.place)
    assert event["URL"] == f"https://maillage.example.org/reunions/{meeting.pk}/"
    assert event["ORGANIZER"] == "mailto:noreply@maillage.example"  # A has no address


def _shown(text: str) -> str:
    """What a calendar shows of a text without line breaks: its control characters gone."""
    return re.sub("[\x00-\x08\x0a-\x1f\x7f-\x9f]", "", text)
