"""The session page where attendance is taken on a phone: one tap per confirmed participant,
with and without HTMX, the headcount of anonymous participants, the refusals in French."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.activities import services
from maillage.activities.models import ActivityKind, Attendance, RegistrationStatus
from maillage.core.roles import Role
from tests.activities.conftest import acting, today
from tests.secrets_read import secrets_read

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def session_url(session):
    return reverse("activities:session", kwargs={"pk": session.pk})


def set_url(session, registration):
    return reverse(
        "activities:attendance_set",
        kwargs={"pk": session.pk, "registration_pk": registration.pk},
    )


def register(member, activity, child):
    return services.registration_create(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        person=child,
        # A camp asks for a price; a workshop without prices takes none.
        price_tier=activity.price_tiers.first(),
    )


@pytest.fixture
def full_camp(camp, registration, make_child, member):
    """The camp's two places taken (Nora, Zoé), Yanis waiting, Xavier cancelled."""
    register(member, camp, make_child("Zoé", "Albert"))
    waiting = register(member, camp, make_child("Yanis", "Bertrand"))
    assert waiting.status == RegistrationStatus.WAITING
    services.registration_cancel(
        actor=member, registration=register(member, camp, make_child("Xavier", "Collin"))
    )
    return camp


def test_page_lists_confirmed_participants_only(login, member, full_camp, session):
    response = login(member).get(session_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nora Lambert" in html
    assert "Zoé Albert" in html
    assert "Yanis" not in html  # waiting
    assert "Xavier" not in html  # cancelled
    assert html.count('aria-pressed="false"') == 2
    # Alphabetical by family name: Albert before Lambert.
    assert html.index("Zoé Albert") < html.index("Nora Lambert")


def test_tapping_without_javascript_records_and_comes_back(login, member, registration, session):
    client = login(member)
    response = client.post(set_url(session, registration), {"present": "1"})
    assert response.status_code == 302
    assert response["Location"] == session_url(session) + f"#roll-{registration.pk}"
    attendance = Attendance.objects.get(session=session, registration=registration)
    assert attendance.present is True
    assert attendance.recorded_by == member
    html = client.get(session_url(session)).content.decode()
    assert 'aria-pressed="true"' in html
    # The next tap of the same button marks absent.
    assert 'name="present" value="0"' in html

    client.post(set_url(session, registration), {"present": "0"})
    attendance.refresh_from_db()
    assert attendance.present is False


def test_tapping_through_htmx_returns_the_row_and_the_count(
    login, member, full_camp, registration, session
):
    response = login(member).post(set_url(session, registration), {"present": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="roll-{registration.pk}"' in html
    assert 'aria-pressed="true"' in html
    assert 'name="present" value="0"' in html
    assert 'data-hx-swap-oob="innerHTML"' in html
    assert "1" in html.split('id="roll-count"')[1]
    assert "100" in html  # her attendance rate: 1 present out of 1 recorded
    assert "<html" not in html


def test_the_sheet_and_a_tap_decrypt_nothing(login, member, full_camp, registration, session):
    """The roll shows names only: the guardian's contacts, the health notes and the child's
    contacts are not even read."""
    client = login(member)
    with secrets_read() as read:
        assert "Nora Lambert" in client.get(session_url(session)).content.decode()
        client.post(set_url(session, registration), {"present": "1"}, **HTMX)
    assert read == []


def test_a_tap_writes_one_statement(login, member, registration, session):
    """Thirty taps in a row on a camp morning: each one an upsert, not a read then a write."""
    client = login(member)
    for present in ("1", "0"):
        with CaptureQueriesContext(connection) as queries:
            client.post(set_url(session, registration), {"present": present}, **HTMX)
        touching = [q["sql"] for q in queries if "activities_attendance" in q["sql"]]
        writes = [sql for sql in touching if not sql.lstrip().upper().startswith("SELECT")]
        assert len(writes) == 1, writes
        assert touching[0] == writes[0]  # nothing read first; the reads after draw the row
    assert Attendance.objects.get(registration=registration).present is False


def test_the_same_tap_twice_lands_on_the_same_answer(login, member, registration, session):
    client = login(member)
    for _ in range(2):
        client.post(set_url(session, registration), {"present": "1"}, **HTMX)
    assert Attendance.objects.get(registration=registration).present is True


def test_a_future_session_refuses_with_a_french_message(login, member, camp, registration):
    tomorrow = services.session_add(
        actor=member,
        activity=camp,
        date=today() + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(16),
    )
    client = login(member)
    page = client.get(session_url(tomorrow)).content.decode()
    assert "Les présences se prennent le jour de la séance, pas avant." in page
    assert set_url(tomorrow, registration) not in page  # nothing to tap

    response = client.post(set_url(tomorrow, registration), {"present": "1"}, **HTMX)
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Les présences se prennent le jour de la séance, pas avant." in html
    assert not Attendance.objects.exists()

    response = client.post(set_url(tomorrow, registration), {"present": "1"}, follow=True)
    assert "Les présences se prennent le jour de la séance, pas avant." in (
        response.content.decode()
    )


def test_a_waiting_child_cannot_be_marked(login, member, full_camp, session):
    waiting = full_camp.registrations.get(status=RegistrationStatus.WAITING)
    response = login(member).post(set_url(session, waiting), {"present": "1"}, **HTMX)
    assert "Seules les inscriptions confirmées participent aux séances." in (
        response.content.decode()
    )
    assert not Attendance.objects.filter(registration=waiting).exists()


def test_a_registration_of_another_activity_is_not_found(
    login, member, make_activity, make_child, session
):
    other = make_activity(title="Autre atelier", places=5)
    stranger = register(member, other, make_child("Inès", "Dumont"))
    response = login(member).post(set_url(session, stranger), {"present": "1"})
    assert response.status_code == 404


def test_headcount_is_saved_with_and_without_htmx(login, member, session):
    url = reverse("activities:session_headcount", kwargs={"pk": session.pk})
    client = login(member)
    response = client.post(url, {"headcount": "14"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    # Only the feedback: the field keeps what was typed.
    assert "<form" not in html
    assert 'role="status"' in html
    assert "14" in html
    session.refresh_from_db()
    assert session.headcount == 14

    response = client.post(url, {"headcount": "-3"}, **HTMX)
    assert 'role="alert"' in response.content.decode()
    session.refresh_from_db()
    assert session.headcount == 14

    response = client.post(url, {"headcount": ""})
    assert response.status_code == 302
    assert response["Location"].endswith("#headcount")
    session.refresh_from_db()
    assert session.headcount is None


def test_a_school_animation_shows_only_the_headcount(login, member, make_activity):
    animation = make_activity(
        kind=ActivityKind.SCHOOL_ANIMATION,
        title="Animation harcèlement",
        school="Athénée royal",
        places=None,
    )
    session = services.session_add(
        actor=member, activity=animation, date=today(), starts_at=time(10), ends_at=time(12)
    )
    html = login(member).get(session_url(session)).content.decode()
    assert 'id="headcount-form"' in html
    assert 'class="roll"' not in html
    assert "aria-pressed" not in html


def test_links_to_the_previous_and_next_sessions(login, member, camp, session):
    later = services.session_add(
        actor=member,
        activity=camp,
        date=today() + timedelta(days=2),
        starts_at=time(9),
        ends_at=time(16),
    )
    same_day = services.session_add(
        actor=member, activity=camp, date=today(), starts_at=time(18), ends_at=time(20)
    )
    client = login(member)
    html = client.get(session_url(session)).content.decode()
    assert session_url(same_day) in html
    assert 'rel="prev"' not in html
    html = client.get(session_url(same_day)).content.decode()
    assert session_url(session) in html
    assert session_url(later) in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_participants(login, member, make_activity, make_child):
    activity = make_activity(title="Grand atelier", places=40)
    session = services.session_add(
        actor=member, activity=activity, date=today(), starts_at=time(14), ends_at=time(16)
    )
    client = login(member)

    def add(count, start):
        for number in range(start, start + count):
            registration = register(member, activity, make_child(f"Enfant{number}", "Masse"))
            services.attendance_record(
                actor=member, session=session, registration=registration, present=number % 2 == 0
            )

    add(2, 0)
    small = _queries(client, session_url(session))
    add(15, 2)
    large = _queries(client, session_url(session))
    assert large == small


def rest_url(session):
    return reverse("activities:attendance_rest_present", kwargs={"pk": session.pk})


def test_everyone_not_marked_yet_is_marked_present_and_answers_given_stay(
    login, member, full_camp, session
):
    client = login(member)
    albert = full_camp.registrations.get(person__last_name="Albert")
    client.post(set_url(session, albert), {"present": "0"})
    button = "Marquer présent·es les participant·es pas encore pointé·es"
    assert button in client.get(session_url(session)).content.decode()
    response = client.post(rest_url(session), follow=True)
    html = response.content.decode()
    assert "1 participant marqué·e présent·e." in html
    assert button not in html  # everyone has an answer now
    marks = dict(
        Attendance.objects.filter(session=session).values_list(
            "registration__person__last_name", "present"
        )
    )
    # Albert stays absent; Lambert is marked; Yanis (waiting) and Xavier (cancelled) are not.
    assert marks == {"Albert": False, "Lambert": True}
    assert client.post(rest_url(session), follow=True).status_code == 200
    assert Attendance.objects.filter(session=session).count() == 2


def test_everyone_present_is_refused_before_the_day(login, member, camp, registration):
    tomorrow = services.session_add(
        actor=member,
        activity=camp,
        date=today() + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(16),
    )
    response = login(member).post(rest_url(tomorrow), follow=True)
    assert "Les présences se prennent le jour de la séance, pas avant." in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()
