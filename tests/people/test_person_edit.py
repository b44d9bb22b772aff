"""Changing a file: validated like a new one, audited by field name."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.people import services


def _data(person, **extra):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": "F",
        "commune": person.commune_id or "",
        "school": "",
        "phone": person.phone,
        "email": person.email,
        "address": "",
    }
    return {**data, **extra}


def test_changes_are_saved_and_audited_by_field_name(login, member, person):
    url = reverse("people:person_edit", args=[person.pk])
    response = login(member).post(url, _data(person, phone="0499 00 00 00", school="Athénée"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0499 00 00 00" and person.school == "Athénée"
    event = AuditEvent.objects.get(action="people.person.updated")
    assert sorted(event.changes["fields"]) == ["gender", "phone", "school"]
    assert "0499" not in str(event.changes)


def test_a_name_change_updates_the_duplicate_check_keys(member, person):
    services.person_update(actor=member, person=person, data={"last_name": "Durand"})
    person.refresh_from_db()
    assert person.name_key == "durand eve marie" and person.last_key == "drnd"


def test_future_birth_date_is_refused_on_edit(login, member, person):
    url = reverse("people:person_edit", args=[person.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = login(member).post(url, _data(person, birth_date=tomorrow)).content.decode()
    assert "La date de naissance ne peut pas être dans le futur." in html
    person.refresh_from_db()
    assert person.birth_date.year == 2010
    assert not AuditEvent.objects.filter(action="people.person.updated").exists()


def test_no_change_writes_no_audit_event(member, person):
    services.person_update(actor=member, person=person, data={"first_name": "Marie-Ève"})
    assert not AuditEvent.objects.filter(action="people.person.updated").exists()


def test_a_merged_file_cannot_be_changed(login, coordinator, person, make_person):
    absorbed = make_person("Marie", "Dupond")
    services.person_merge(actor=coordinator, keep=person, absorb=absorbed)
    url = reverse("people:person_edit", args=[absorbed.pk])
    response = login(coordinator).post(url, _data(absorbed, school="X"))
    assert response.status_code == 302
    absorbed.refresh_from_db()
    assert absorbed.school == ""
