import uuid
from datetime import date
from decimal import Decimal

from django.db import connection
from django.urls import reverse

from maillage.activities.models import Registration
from maillage.casework.models import FollowUp, Intervention, Request
from maillage.people.models import HouseholdMember, Person
from tests.privacy.registrations import register


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


def test_erasure_blanks_what_the_parent_told_at_registration_but_keeps_the_counts(
    login, dpo, file_of_sami
):
    registration = register(file_of_sami, present=(True, True, False))
    registration.submission = uuid.uuid4()  # the online form that also registered a sibling
    registration.save(update_fields=["submission"])
    login(dpo).post(reverse("privacy:erase", args=[file_of_sami.pk]), {"confirm": "on"})
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.guardian_name == registration.guardian_email == ""
    assert registration.guardian_phone == registration.emergency_contact == ""
    assert registration.health_notes == registration.age_override_reason == ""
    assert registration.submission is None
    # The row stays for the activity's counts, its attendance rate and the accounts.
    assert registration.status == "confirmed" and registration.amount_due == Decimal("25.00")
    assert registration.payment_status == "paid"
    assert list(registration.attendances.values_list("present", flat=True).order_by("pk")) == [
        True,
        True,
        False,
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT guardian_name, guardian_email, guardian_phone, emergency_contact, "
            "health_notes, age_override_reason FROM activities_registration WHERE id = %s",
            [registration.pk],
        )
        row = " ".join(value or "" for value in cursor.fetchone())
    assert "Allergie" not in row and "Grand frère" not in row
    assert not any(word in row for word in ("Rita", "maman", "0470"))
