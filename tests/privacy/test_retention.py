from datetime import date

from django.core.management import call_command
from django.urls import reverse

from maillage.activities.models import Attendance, Registration
from maillage.casework.models import FollowUp, Intervention, Request
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from maillage.privacy.services import months_before, retention_apply, retention_plan
from tests.privacy.registrations import register


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 11, 23), 12) == date(2025, 11, 23)
    assert months_before(date(2026, 1, 15), 120) == date(2016, 1, 15)


def _request(org, person, received, recorded_by):
    return Request.objects.create(
        organisation=org,
        received_on=received,
        requester="parent",
        person=person,
        recorded_by=recorded_by,
    )


def test_plan_lists_old_requests_without_follow_up_and_long_closed_follow_ups(
    org_a, member, file_of_sami
):
    lone = Person.objects.create(organisation=org_a, first_name="Lou", last_name="Seul")
    old = _request(org_a, lone, date(2025, 10, 1), member)
    _request(org_a, lone, date(2026, 6, 1), member)  # recent: kept
    plan = retention_plan(organisation=org_a, today=date(2026, 11, 23))
    assert list(plan.requests) == [old]
    assert list(plan.followups) == [FollowUp.objects.get(person=file_of_sami)]  # closed 2015


def test_applying_deletes_what_the_plan_lists_and_persons_left_with_nothing(
    org_a, member, file_of_sami
):
    lone = Person.objects.create(organisation=org_a, first_name="Lou", last_name="Seul")
    _request(org_a, lone, date(2024, 1, 1), member)
    kept = Person.objects.create(organisation=org_a, first_name="Kim", last_name="Reste")
    _request(org_a, kept, date(2024, 1, 1), member)
    _request(org_a, kept, date(2026, 10, 1), member)

    counts = retention_apply(actor=None, organisation=org_a, today=date(2026, 11, 23))

    assert counts == {
        "followups": 1,
        "requests": 3,
        "schooling": 0,
        "persons": 2,
        "anonymised": 0,
    }
    assert not Person.objects.filter(pk__in=[lone.pk, file_of_sami.pk]).exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert not Intervention.objects.exists()
    assert AuditEvent.objects.filter(action="privacy.retention.applied").exists()


def test_dry_run_command_deletes_nothing(org_a, file_of_sami, capsys):
    call_command("apply-retention", "--dry-run")
    assert (
        "amo-alpha: 0 request(s), 1 follow-up(s), the schooling records of 0 person(s) to delete"
        in (capsys.readouterr().out)
    )
    assert FollowUp.objects.exists()


def test_policy_is_configurable_and_validated(login, dpo, org_a):
    client = login(dpo)
    response = client.post(
        reverse("privacy:retention"),
        {"request_months": 0, "followup_years": 10, "schooling_years": 5},
    )
    assert "au moins un mois" in response.content.decode()
    client.post(
        reverse("privacy:retention"),
        {"request_months": 24, "followup_years": 5, "schooling_years": 3},
    )
    org_a.retention_policy.refresh_from_db()
    assert org_a.retention_policy.request_months == 24
    assert org_a.retention_policy.schooling_years == 3


TODAY = date(2026, 11, 23)  # the default delay for a contact without follow-up: 12 months


def _child(org, first_name):
    return Person.objects.create(
        organisation=org, first_name=first_name, last_name="Camp", birth_date=date(2014, 3, 9)
    )


def test_persons_known_only_through_activities_over_for_the_delay_are_anonymised(org_a, member):
    old = _child(org_a, "Ancien")
    register(old, starts_on=date(2025, 7, 7))  # ended 11/07/2025: over 12 months ago
    register(old, title="Atelier", starts_on=date(2025, 9, 3), status="cancelled")
    recent = _child(org_a, "Récent")
    register(recent, starts_on=date(2025, 7, 7))
    register(recent, title="Stage d'hiver", starts_on=date(2026, 1, 5))  # within the delay
    followed = _child(org_a, "Suivi")
    register(followed, starts_on=date(2024, 7, 8))
    _request(org_a, followed, date(2026, 9, 1), member)  # their file is still kept

    assert list(retention_plan(organisation=org_a, today=TODAY).participants) == [old]
    counts = retention_apply(actor=None, organisation=org_a, today=TODAY)

    assert counts["anonymised"] == 1 and counts["persons"] == 0
    old.refresh_from_db()
    assert old.first_name == "Personne" and "Ancien" not in old.last_name and old.anonymised_at
    assert old.birth_date == date(2014, 1, 1) and "ancien" not in old.name_key
    # The rows stay for the counts; what the parent told is gone.
    registrations = Registration.objects.filter(person=old)
    assert registrations.count() == 2
    assert {(r.guardian_name, r.health_notes, r.emergency_contact) for r in registrations} == {
        ("", "", "")
    }
    assert Attendance.objects.filter(registration__person=old).count() == 6
    for kept in (recent, followed):
        kept.refresh_from_db()
        assert kept.anonymised_at is None
        assert Registration.objects.get(person=kept, activity__title="Stage nature").health_notes
    # Already anonymised: nothing left to do the next night.
    assert retention_apply(actor=None, organisation=org_a, today=TODAY)["anonymised"] == 0


def test_a_person_whose_file_expires_but_who_took_part_in_activities_is_not_deleted(org_a, member):
    """Registrations keep the person's row: deleting it would fail or lose the counts."""
    long_ago = _child(org_a, "Ancien")
    _request(org_a, long_ago, date(2024, 1, 1), member)
    register(long_ago, starts_on=date(2024, 7, 8))
    lately = _child(org_a, "Récent")
    _request(org_a, lately, date(2024, 1, 1), member)
    register(lately, starts_on=date(2026, 7, 6))

    counts = retention_apply(actor=None, organisation=org_a, today=TODAY)

    assert counts == {
        "followups": 0,
        "requests": 2,
        "schooling": 0,
        "persons": 0,
        "anonymised": 1,
    }
    assert not Request.objects.exists()
    long_ago.refresh_from_db()
    lately.refresh_from_db()
    assert long_ago.anonymised_at and lately.anonymised_at is None
    assert lately.first_name == "Récent"
    # Once their last activity is old enough, the next runs anonymise them too.
    later = date(2027, 8, 1)
    assert retention_apply(actor=None, organisation=org_a, today=later)["anonymised"] == 1


def test_the_nightly_run_also_applies_the_public_sites_delays(
    org_a, capsys, settings, django_capture_on_commit_callbacks
):
    """One cron line: old job applications go with their CV, unconfirmed subscriptions too."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from maillage.core.uploads import stored_path
    from maillage.newsletter.models import Subscriber, SubscriberStatus
    from maillage.website.models import JobApplication
    from maillage.website.services import application_submit

    settings.MAILLAGE_APPLICATION_RETENTION_DAYS = 30
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    old = application_submit(
        organisation=org_a, offer=None, name="Ancien", email="a@example.org", message="", cv=cv
    )
    JobApplication.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=31))
    Subscriber.objects.create(
        organisation=org_a,
        email="jamais@example.org",
        status=SubscriberStatus.PENDING,
        requested_at=timezone.now() - timedelta(days=8),
    )
    confirmed = Subscriber.objects.create(
        organisation=org_a, email="oui@example.org", status=SubscriberStatus.CONFIRMED
    )

    call_command("apply-retention", "--dry-run")
    assert "1 job application(s) to delete, 1 unconfirmed" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):  # the CV goes after the commit
        call_command("apply-retention")

    assert "deleted 1 job application(s), forgot 1" in capsys.readouterr().out
    assert not JobApplication.objects.exists()
    assert not stored_path(old.stored_name).exists()
    assert list(Subscriber.objects.all()) == [confirmed]
