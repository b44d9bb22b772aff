"""The concertation pages: what a coordinator and a member do through them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from maillage.concertation import services
from maillage.concertation.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    ConferenceRegistration,
    Meeting,
    Platform,
)
from tests.concertation.conftest import today
from tests.privacy_notices import assert_privacy_notice

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_platform_and_plans_a_meeting(login, coordinator, partner_org):
    client = login(coordinator)
    response = client.post(
        reverse("concertation:platform_create"),
        {"name": "Cohésion sociale", "member_organisations": [partner_org.pk]},
    )
    platform = Platform.objects.get()
    assert response.status_code == 302
    assert list(platform.member_organisations.all()) == [partner_org]
    response = client.post(
        reverse("concertation:meeting_create", kwargs={"pk": platform.pk}),
        {
            "title": "Concertation de rentrée",
            "date": (today() + timedelta(days=3)).isoformat(),
            "starts_at": "09:30",
            "ends_at": "12:00",
            "place": "Maison communale",
            "agenda": "Tour de table\n\nBilan de l’été",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert [i.title for i in meeting.agenda_items.all()] == ["Tour de table", "Bilan de l’été"]


def test_bad_meeting_times_are_shown_at_the_field(login, coordinator, platform):
    response = login(coordinator).post(
        reverse("concertation:meeting_create", kwargs={"pk": platform.pk}),
        {
            "title": "X",
            "date": today().isoformat(),
            "starts_at": "14:00",
            "ends_at": "10:00",
            "place": "Ici",
        },
    )
    assert response.status_code == 200
    assert "La réunion se termine avant de commencer." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_action_item_without_owner_is_refused_on_the_page(
    login, coordinator, past_meeting, person
):
    response = login(coordinator).post(
        reverse("concertation:action_add", kwargs={"pk": past_meeting.pk}),
        {"action-text": "Relancer les écoles", "action-owner": "", "action-due_on": ""},
    )
    assert response.status_code == 200
    assert "Chaque action doit avoir un·e responsable" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_carried_over_items_are_shown_and_closed_on_the_next_meeting(
    login, coordinator, action, make_meeting
):
    following = make_meeting(today() + timedelta(days=2))
    client = login(coordinator)
    page = client.get(following.get_absolute_url()).content.decode()
    assert "Actions reportées des réunions précédentes" in page
    assert "Contacter les écoles" in page
    response = client.post(
        reverse("concertation:action_status", kwargs={"pk": action.pk}),
        {"status": ActionStatus.DONE, "meeting": following.pk},
    )
    assert response["Location"] == following.get_absolute_url() + "#carried"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_in == following


def test_attendance_minutes_and_decisions(login, coordinator, past_meeting, person, guest):
    client = login(coordinator)
    client.post(
        reverse("concertation:attendance_save", kwargs={"pk": past_meeting.pk}),
        {f"presence-{person.pk}": "present", f"presence-{guest.pk}": "excused"},
    )
    assert dict(Attendance.objects.values_list("member_id", "status")) == {
        person.pk: "present",
        guest.pk: "excused",
    }
    client.post(
        reverse("concertation:minutes_save", kwargs={"pk": past_meeting.pk}),
        {"minutes-minutes": "Échanges sur le décrochage."},
    )
    client.post(
        reverse("concertation:decision_add", kwargs={"pk": past_meeting.pk}),
        {"decision-text": "Créer une cellule bien-être."},
    )
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "Échanges sur le décrochage."
    assert past_meeting.decisions.get().text == "Créer une cellule bien-être."


def test_a_presence_named_with_other_digits_is_left_out_not_a_500(
    login, coordinator, past_meeting, person
):
    """Issue 19: "presence-²" passed isdigit() and then int() raised."""
    other = str(person.pk + 1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = login(coordinator).post(
        reverse("concertation:attendance_save", kwargs={"pk": past_meeting.pk}),
        {
            f"presence-{person.pk}": "present",
            "presence-²": "present",
            "presence-"
            + str(other).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")): "excused",
        },
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("member_id", "status")) == {person.pk: "present"}


def test_a_member_of_a_partner_organisation_reads_without_the_forms(
    login, partner, past_meeting, action
):
    page = login(partner).get(past_meeting.get_absolute_url()).content.decode()
    assert "Contacter les écoles" in page
    assert reverse("concertation:action_add", kwargs={"pk": past_meeting.pk}) not in page


def test_a_member_registers_for_a_conference(login, member, conference):
    client = login(member)
    client.post(reverse("concertation:register", kwargs={"pk": conference.pk}))
    registration = ConferenceRegistration.objects.get()
    assert registration.user == member and registration.source == "member"
    assert "Vous êtes inscrit·e." in client.get(conference.get_absolute_url()).content.decode()


def test_the_public_registers_for_a_conference(client, conference):
    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    data = {"name": "Awa Diallo", "email": "awa@example.org", "organisation_name": "CPMS"}
    response = client.post(url, data)
    assert response["Location"] == reverse(
        "concertation:public_thanks", kwargs={"pk": conference.pk}
    )
    assert ConferenceRegistration.objects.get().source == "public"


def test_the_honeypot_stops_robots(client, conference):
    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    response = client.post(url, {"name": "Bot", "email": "bot@example.org", "website": "x"})
    assert response.status_code == 200
    assert not ConferenceRegistration.objects.exists()


@override_settings(MAILLAGE_PUBLIC_FORM_LIMIT=2)
def test_public_registrations_are_rate_limited(client, conference):
    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    for _ in range(2):
        assert client.post(url, {}).status_code == 200
    assert client.post(url, {"name": "A", "email": "a@example.org"}).status_code == 429
    assert not ConferenceRegistration.objects.exists()


def test_a_conference_without_public_registration_has_no_public_page(client, manager, conference):
    services.meeting_update(actor=manager, meeting=conference, public_registration=False)
    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    assert client.get(url).status_code == 404


def test_my_action_items_on_the_home_page_and_their_list(login, member, action):
    client = login(member)
    home = client.get(reverse("core:home")).content.decode()
    assert "Mes actions" in home and "Contacter les écoles" in home
    page = client.get(reverse("concertation:my_actions")).content.decode()
    assert "Contacter les écoles" in page
    client.post(
        reverse("concertation:action_status", kwargs={"pk": action.pk}),
        {"status": "done"},
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_in is None
    assert "Contacter les écoles" not in client.get(reverse("core:home")).content.decode()


def test_the_platform_list_counts_meetings_and_open_items(login, partner, action, platform):
    page = login(partner).get(reverse("concertation:platform_list")).content.decode()
    assert platform.name in page


def test_the_public_conference_page_has_its_description_and_open_graph_tags(client, conference):
    from django.utils.html import escape

    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    page = client.get(url).content.decode()
    assert f'<meta property="og:title" content="{escape(conference.title)}' in page
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in page
    description = page.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
    assert escape(conference.title) in description and "conférence thématique" in description
    assert "Organisé par" in page  # the organiser, below the page's own content


def test_the_public_conference_form_tells_what_happens_to_the_data(client, conference, org_a):
    org_a.email = "contact@alpha.example"
    org_a.save()
    url = reverse("concertation:public_conference", kwargs={"pk": conference.pk})
    assert_privacy_notice(
        client.get(url).content.decode(),
        org_a,
        "Votre inscription est gardée avec le dossier de la conférence",
    )
