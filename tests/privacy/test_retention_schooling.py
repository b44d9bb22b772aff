"""Schooling records have their own delay: the end of the school year of the latest of a
pupil's records plus `schooling_years` (5 by default). They keep the person until then, and
go as a whole, the person with them when nothing else keeps them."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.casework.models import FollowUp, Request
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from maillage.privacy.retention import retention_apply, retention_plan, schooling_cutoff
from maillage.privacy.services import person_erase
from maillage.schooling.models import Enrolment, Participant, Signal
from maillage.schooling.school_years import school_year_of
from tests.privacy.registrations import register
from tests.privacy.schooling import school_file, school_rows

# school_file(person) is the school year 2014-2015: 1 September 2014 to 30 June 2015; the
# ESF+ exit on its last day, the result at 4 weeks on 28 July 2015.
LAST_DAY_KEPT = date(2020, 6, 30)  # the end of that school year plus 5 years
FIRST_DAY_GONE = date(2020, 7, 1)
EVERYTHING = {
    "enrolments": 1,
    "absences": 3,
    "absence_changes": 1,
    "signals": 1,
    "statuses": 2,
    "participants": 1,
    "results": 1,
}
NOTHING = dict.fromkeys(EVERYTHING, 0)


def _person(org, first_name="Nora"):
    return Person.objects.create(organisation=org, first_name=first_name, last_name="Élève")


def _request(person, member, received=date(2014, 9, 20)):
    return Request.objects.create(
        organisation=person.organisation,
        received_on=received,
        requester="school",
        person=person,
        recorded_by=member,
    )


def test_the_cutoff_is_the_end_of_the_school_year_plus_the_delay(db):
    # 2014-2015 ended on 30 June 2015 (before the 2022 reform: 1 September to 30 June).
    assert schooling_cutoff(LAST_DAY_KEPT, 5) == date(2014, 9, 1)
    assert schooling_cutoff(FIRST_DAY_GONE, 5) == date(2015, 9, 1)
    # After the reform: 2023-2024 ran from 28 August 2023 to 5 July 2024.
    assert school_year_of(2023).ends_on == date(2024, 7, 5)
    assert schooling_cutoff(date(2026, 7, 5), 2) == date(2023, 8, 28)
    assert schooling_cutoff(date(2026, 7, 6), 2) == date(2024, 8, 26)


def test_schooling_records_keep_the_pupil_until_their_delay_ends_then_go_with_her(org_a, member):
    nora = _person(org_a)
    _request(nora, member)
    school_file(nora)

    kept = retention_apply(actor=None, organisation=org_a, today=LAST_DAY_KEPT)

    assert kept == {"followups": 0, "requests": 1, "schooling": 0, "persons": 0, "anonymised": 0}
    assert school_rows(nora) == EVERYTHING
    assert Person.objects.filter(pk=nora.pk).exists()

    gone = retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)

    assert gone == {"followups": 0, "requests": 0, "schooling": 1, "persons": 1, "anonymised": 0}
    assert school_rows(nora) == NOTHING
    assert not Person.objects.filter(pk=nora.pk).exists()
    event = AuditEvent.objects.filter(action="privacy.retention.applied").latest("pk")
    assert event.changes == gone and event.organisation_id == org_a.pk


def test_a_recent_record_keeps_the_whole_schooling_file(org_a, member):
    nora = _person(org_a)
    school_file(nora)
    Enrolment.objects.create(
        organisation=org_a,
        person=nora,
        school=Enrolment.objects.get(person=nora).school,
        school_year=school_year_of(2016),
        matricule="M-2016",
    )
    retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    assert school_rows(nora) == {**EVERYTHING, "enrolments": 2}


@pytest.mark.parametrize("still_open", ["signal", "participant"])
def test_an_open_signal_or_a_participant_still_in_the_project_keeps_the_file(
    org_a, member, still_open
):
    nora = _person(org_a)
    school = school_file(nora, exited=still_open != "participant")
    if still_open == "signal":
        Signal.objects.filter(pk=school.signal.pk).update(status="acknowledged", closed_on=None)
    plan = retention_plan(organisation=org_a, today=date(2030, 1, 1))
    assert not plan.pupils.exists()
    retention_apply(actor=None, organisation=org_a, today=date(2030, 1, 1))
    assert Person.objects.filter(pk=nora.pk).exists()
    assert Enrolment.objects.filter(person=nora).exists()


def test_the_delay_is_set_per_organisation(org_a, org_b, member):
    nora, lou = _person(org_a), _person(org_b, "Lou")
    school_file(nora)
    school_file(lou, matricule="MAT-B")
    org_b_policy = retention_plan(organisation=org_b).policy
    org_b_policy.schooling_years = 10
    org_b_policy.save()
    retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    retention_apply(actor=None, organisation=org_b, today=FIRST_DAY_GONE)
    assert not Person.objects.filter(pk=nora.pk).exists()
    assert school_rows(lou) == EVERYTHING


def test_a_pupil_still_followed_loses_the_old_schooling_records_but_stays(org_a, member):
    nora = _person(org_a)
    request = _request(nora, member, received=date(2020, 5, 4))
    FollowUp.objects.create(
        organisation=org_a, request=request, person=nora, opened_on=date(2020, 5, 4)
    )
    school_file(nora)
    counts = retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    assert (counts["schooling"], counts["persons"]) == (1, 0)
    assert school_rows(nora) == NOTHING
    nora.refresh_from_db()
    assert nora.first_name == "Nora" and nora.anonymised_at is None


def test_a_pupil_who_also_took_part_in_activities_is_anonymised_once_both_are_over(org_a):
    nora = _person(org_a)
    school_file(nora)
    register(nora, starts_on=date(2015, 4, 13))
    counts = retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    assert (counts["schooling"], counts["persons"], counts["anonymised"]) == (1, 0, 1)
    nora.refresh_from_db()
    assert nora.anonymised_at and nora.first_name == "Personne"
    assert school_rows(nora) == NOTHING


def test_an_erased_pupil_is_deleted_when_the_schooling_records_expire(org_a, dpo):
    nora = _person(org_a)
    school_file(nora)
    person_erase(actor=dpo, person=nora)
    assert school_rows(nora) == EVERYTHING  # erased, kept for the counts
    retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    assert not Person.objects.filter(pk=nora.pk).exists()


def test_rows_left_on_a_merged_file_keep_the_person_too(org_a, member):
    """A merge leaves on the absorbed file the rows a unique constraint refuses to move
    (both files in the ESF+ project): the person is not an orphan while they last."""
    nora = _person(org_a)
    _request(nora, member)
    twin = Person.objects.create(
        organisation=org_a,
        first_name="Norah",
        last_name="Élève",
        merged_into=nora,
        merged_at=timezone.now(),
    )
    Participant.objects.create(
        organisation=org_a,
        person=twin,
        entered_on=date(2019, 9, 2),
        gender="woman",
        age_band="under_18",
        labour_status="inactive_education",
        isced="0-2",
    )
    retention_apply(actor=None, organisation=org_a, today=FIRST_DAY_GONE)
    assert Person.objects.filter(pk__in=[nora.pk, twin.pk]).count() == 2

    Participant.objects.filter(person=twin).update(exited_on=date(2020, 6, 30))
    counts = retention_apply(actor=None, organisation=org_a, today=date(2026, 7, 1))
    assert (counts["schooling"], counts["persons"]) == (1, 1)
    assert not Person.objects.filter(pk__in=[nora.pk, twin.pk]).exists()


def test_the_policy_page_sets_the_schooling_delay_and_counts_what_it_would_delete(
    login, dpo, org_a
):
    nora = _person(org_a)
    school_file(nora)
    client = login(dpo)
    html = client.get(reverse("privacy:retention")).content.decode()
    assert 'name="schooling_years"' in html
    assert "Les données scolaires de 1 personne seront supprimées" in html
    response = client.post(
        reverse("privacy:retention"),
        {"request_months": 12, "followup_years": 10, "schooling_years": 0},
    )
    assert "au moins un an" in response.content.decode()
    client.post(
        reverse("privacy:retention"),
        {"request_months": 12, "followup_years": 10, "schooling_years": 7},
    )
    event = AuditEvent.objects.get(action="privacy.retention.policy_changed")
    assert event.changes["before"]["schooling_years"] == 5
    assert event.changes["after"]["schooling_years"] == 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("request_months", 1201, "au plus 1200 mois"),
        ("followup_years", 101, "au plus 100 ans"),
        ("schooling_years", 101, "au plus 100 ans"),
    ],
)
def test_a_delay_past_a_century_is_refused_in_french(login, dpo, org_a, field, value, message):
    """A delay reaching before year 1 stopped the nightly run (a date out of range)."""
    data = {"request_months": 12, "followup_years": 10, "schooling_years": 5, field: value}
    response = login(dpo).post(reverse("privacy:retention"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert retention_plan(organisation=org_a).policy.request_months == 12


def test_the_dpos_job_reports_the_schooling_records_deleted(login, dpo, org_a):
    from maillage.core.models import Job, JobStatus
    from maillage.privacy.tasks import apply_retention

    school_file(_person(org_a))  # its school year, 2014-2015, is long past today
    login(dpo).post(reverse("privacy:retention_apply"))
    job = Job.objects.get(kind="privacy.retention")
    apply_retention.call(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert "les données scolaires de 1 personne(s), 1 personne(s)" in job.message
