import uuid
from datetime import date
from decimal import Decimal

from django.db import connection
from django.urls import reverse

from maillage.activities.models import Registration
from maillage.casework.models import FollowUp, Intervention, Request
from maillage.people.models import Household, HouseholdMember, Person
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


def test_after_an_erasure_no_table_holds_anything_that_identifies_the_person(
    login, dpo, everything_of_sami
):
    """Issue 19: the erasure ignored the schooling data (a status's detail survived it) and
    the ESF+ record. Sami has a row in every table that points at a person, a file merged
    into his included; afterwards no row of any table, and no encrypted field once
    decrypted, holds his names or what was written about him."""
    from maillage.privacy.references import REFERENCES, Fate
    from tests.privacy.conftest import SAMI_VALUES, encrypted_values_holding, rows_holding
    from tests.privacy.schooling import DISTINCTIVE

    sami = everything_of_sami
    values = (*SAMI_VALUES, *DISTINCTIVE, "Allergie aux arachides", "Tante Rita", "0470")
    assert all(rows_holding(v) or encrypted_values_holding(v) for v in values)
    files = [sami.pk, *Person.objects.filter(merged_into=sami).values_list("pk", flat=True)]
    before = {ref.key: ref.rows(files).count() for ref in REFERENCES}
    assert all(before.values())  # the fixture covers every reference

    login(dpo).post(reverse("privacy:erase", args=[sami.pk]), {"confirm": "on"})

    for value in values:
        # "Woluwe-Saint-Lambert" is a commune, not Sami.
        found = {(table, pk) for table, pk in rows_holding(value) if table != "core_commune"}
        assert found == set(), value
        assert encrypted_values_holding(value) == set(), value
    # His household held nobody else: it went, with the family's name.
    assert not Household.objects.exists()
    # Only what goes with the person went; every other row stays for the counts.
    for ref in REFERENCES:
        after = ref.rows(files).count()
        gone = ref.fate is Fate.DELETED and ref.model is not Person
        assert after == (0 if gone else before[ref.key]), ref.key
    assert Person.objects.filter(pk__in=files, anonymised_at__isnull=False).count() == 2


def test_erasure_keeps_the_schooling_counts_and_clears_the_texts(login, dpo, everything_of_sami):
    from maillage.schooling.models import (
        Absence,
        EducationStatus,
        Enrolment,
        Participant,
        ParticipantResult,
        Signal,
    )

    sami = everything_of_sami
    login(dpo).post(reverse("privacy:erase", args=[sami.pk]), {"confirm": "on"})
    enrolment = Enrolment.objects.get(person=sami)
    assert enrolment.matricule == f"anonymisé-{enrolment.pk}" and enrolment.grade == 3
    assert sorted(Absence.objects.filter(person=sami).values_list("status", flat=True)) == [
        "justified",
        "unjustified",
        "unjustified",
    ]
    assert set(Absence.objects.filter(person=sami).values_list("reason", flat=True)) == {None}
    signal = Signal.objects.get(person=sami)
    assert signal.details is None and signal.close_reason == "" and signal.status == "closed"
    assert set(EducationStatus.objects.filter(person=sami).values_list("detail", flat=True)) == {""}
    participant = Participant.objects.get(person=sami)
    assert participant.sensitive_items == "" and participant.sensitive_consent_on is None
    assert (participant.gender, participant.labour_status) == ("woman", "inactive_education")
    assert ParticipantResult.objects.get(participant=participant).in_education_or_training


def test_the_erasure_is_audited_with_counts_and_nothing_personal(login, dpo, everything_of_sami):
    from maillage.core.audit_models import AuditEvent

    login(dpo).post(reverse("privacy:erase", args=[everything_of_sami.pk]), {"confirm": "on"})
    event = AuditEvent.objects.get(action="privacy.person.erased")
    assert event.actor == dpo and event.target_id == str(everything_of_sami.pk)
    assert event.changes["rows"] == {
        "people.householdmember.person": 1,
        "casework.request.person": 1,
        "casework.followup.person": 1,
        "activities.registration.person": 1,
        "schooling.enrolment.person": 1,
        "schooling.absence.person": 3,
        "schooling.signal.person": 1,
        "schooling.educationstatus.person": 3,
        "schooling.participant.person": 1,
    }
    assert "Sami" not in event.target_label and "Lambert" not in event.target_label


def test_a_household_with_other_members_stays_after_an_erasure(login, dpo, file_of_sami):
    household = Household.objects.get()
    mother = Person.objects.create(
        organisation=file_of_sami.organisation, first_name="Awa", last_name="Lambert"
    )
    HouseholdMember.objects.create(
        organisation=household.organisation, household=household, person=mother, relation="parent"
    )
    login(dpo).post(reverse("privacy:erase", args=[file_of_sami.pk]), {"confirm": "on"})
    assert list(household.members.values_list("person", flat=True)) == [mother.pk]


def test_the_erasure_page_says_the_schooling_texts_go_too(login, dpo, file_of_sami):
    html = login(dpo).get(reverse("privacy:erase", args=[file_of_sami.pk])).content.decode()
    assert "numéros d’élève, motifs d’absence" in html and "questions sensibles FSE+" in html
