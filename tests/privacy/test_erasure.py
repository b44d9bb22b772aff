from datetime import date

from django.db import connection
from django.urls import reverse

from maillage.casework.models import FollowUp, Intervention, Request
from maillage.people.models import HouseholdMember, Person


def test_erasure_needs_an_explicit_confirmation(login, dpo, file_of_sami):
    response = login(dpo).post(reverse("privacy:erase", args=[file_of_sami.pk]), {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    file_of_sami.refresh_from_db()
    assert file_of_sami.first_name == "Sami"


def test_erasure_anonymises_but_keeps_anonymous_counts(login, dpo, file_of_sami):
    response = login(dpo).post(reverse("privacy:erase", args=[file_of_sami.pk]), {"confirm": "on"})
    assert response.status_code == 302
    person = Person.objects.get(pk=file_of_sami.pk)
    assert person.first_name == "Personne" and "Lambert" not in person.last_name
    assert person.birth_date == date(2009, 1, 1) and person.gender == "M"
    assert person.phone == "" and person.school == "" and person.anonymised_at
    assert not HouseholdMember.objects.filter(person=person).exists()
    # Counts remain: one request with its theme, one follow-up, one intervention of 45 min.
    request = Request.objects.get(person=person)
    assert request.summary == "" and list(request.themes.values_list("theme", flat=True)) == [
        "family"
    ]
    followup = FollowUp.objects.get(person=person)
    assert followup.close_reason == "" and followup.outcome == "goal_reached"
    intervention = Intervention.objects.get(followup=followup)
    assert intervention.notes == "" and intervention.duration_minutes == 45
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, last_name FROM people_person WHERE id = %s", [person.pk])
        assert "Sami" not in " ".join(cursor.fetchone())
