"""The file of a young person: identity, contacts, households, timeline; every reading logged."""

from datetime import date

from django.urls import reverse

from maillage.casework.models import Intervention
from maillage.core.audit_models import AuditEvent, AuditKind
from maillage.people import services
from tests.secrets_read import secrets_read


def _file(client, person):
    response = client.get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_file_shows_identity_and_decrypted_contacts(login, member, person):
    html = _file(login(member), person)
    assert "Marie-Ève Dupont" in html and "04/03/2010" in html and "Saint-Gilles" in html
    assert "0470 12 34 56" in html and "marie@example.org" in html


def test_every_reading_of_a_file_is_in_the_audit_log(login, member, coordinator, person, client):
    _file(login(member), person)
    client.force_login(coordinator)
    _file(client, person)
    readings = AuditEvent.objects.filter(action="people.person.viewed", kind=AuditKind.READ)
    assert [e.actor for e in readings.order_by("pk")] == [member, coordinator]
    assert {e.target_id for e in readings} == {str(person.pk)}


def test_opening_the_edit_form_is_a_reading_too(login, member, person):
    login(member).get(reverse("people:person_edit", args=[person.pk]))
    assert AuditEvent.objects.filter(action="people.person.viewed", actor=member).count() == 1


def test_timeline_shows_only_the_requests_and_follow_ups_the_user_may_see(
    login, client, member, colleague, coordinator, person, make_request, make_followup
):
    mine = make_followup(make_request(person, member, on=date(2026, 2, 1)), member)
    Intervention.objects.create(
        organisation=person.organisation,
        followup=mine,
        date=date(2026, 2, 3),
        duration_minutes=45,
        kind="home_visit",
        author=member,
        notes="Secret de la visite",
    )
    make_request(person, colleague, on=date(2026, 3, 9))  # the colleague's own request
    html = _file(login(member), person)
    assert "01/02/2026" in html and "03/02/2026" in html and "45 min" in html
    assert "09/03/2026" not in html
    assert "Secret de la visite" not in html  # notes stay on the follow-up page
    client.force_login(colleague)
    html = _file(client, person)
    assert "09/03/2026" in html and "01/02/2026" not in html
    # The coordinator sees that the follow-up exists, and requests nobody follows yet.
    client.force_login(coordinator)
    html = _file(client, person)
    assert "12/01/2026" in html and "09/03/2026" in html
    # The request of that follow-up and its interventions are confidential (break the glass).
    assert "01/02/2026" not in html and "03/02/2026" not in html


def test_the_file_decrypts_the_person_s_contacts_and_nothing_else(
    login, member, person, household, make_person, make_request, make_followup
):
    """The timeline and the households show dates, kinds and names: the notes, summaries
    and next steps of the follow-ups, and the other members' contacts, are not read."""
    followup = make_followup(make_request(person, member, on=date(2026, 2, 1)), member)
    Intervention.objects.create(
        organisation=person.organisation,
        followup=followup,
        date=date(2026, 2, 3),
        duration_minutes=30,
        kind="home_visit",
        author=member,
        notes="Secret de la visite",
    )
    brother = make_person("Lucas", "Dupont", phone="0470 00 00 00")
    services.household_add_member(
        actor=member, household=household, person=brother, relation="sibling"
    )
    client = login(member)
    with secrets_read() as read:
        html = _file(client, person)
    assert "03/02/2026" in html and "Lucas Dupont" in html
    own = {f'"people_person"."{name}"' for name in ("phone", "email", "address")}
    assert set(read) == own and len(read) == len(own)


def test_households_appear_on_the_file_with_their_members(
    login, member, org_a, person, household, make_person, colleague
):
    brother = make_person("Lucas", "Dupont", birth_date=date(2012, 1, 1))
    services.household_add_member(
        actor=member, household=household, person=brother, relation="sibling"
    )
    mother = make_person("Awa", "Diallo", actor=colleague, birth_date=date(1985, 1, 1))
    services.household_add_member(
        actor=colleague, household=household, person=mother, relation="parent"
    )
    html = _file(login(member), person)
    assert "Famille Dupont" in html
    assert brother.get_absolute_url() in html and "Lucas Dupont" in html
    # A member whose file the worker may not open shows as initials only.
    assert "A.D." in html and "Awa" not in html and mother.get_absolute_url() not in html


def test_a_colleague_who_did_not_record_the_person_gets_a_404(login, colleague, person):
    response = login(colleague).get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 404


def test_a_colleague_with_a_request_about_the_person_may_open_the_file(
    login, colleague, person, make_request
):
    make_request(person, colleague)
    assert "Marie-Ève Dupont" in _file(login(colleague), person)
