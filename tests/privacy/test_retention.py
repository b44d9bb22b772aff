from datetime import date

from django.core.management import call_command
from django.urls import reverse

from maillage.casework.models import FollowUp, Intervention, Request
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from maillage.privacy.services import months_before, retention_apply, retention_plan


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

    assert counts == {"followups": 1, "requests": 3, "persons": 2}
    assert not Person.objects.filter(pk__in=[lone.pk, file_of_sami.pk]).exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert not Intervention.objects.exists()
    assert AuditEvent.objects.filter(action="privacy.retention.applied").exists()


def test_dry_run_command_deletes_nothing(org_a, file_of_sami, capsys):
    call_command("apply-retention", "--dry-run")
    assert "amo-alpha: 0 request(s), 1 follow-up(s) to delete" in capsys.readouterr().out
    assert FollowUp.objects.exists()


def test_policy_is_configurable_and_validated(login, dpo, org_a):
    client = login(dpo)
    response = client.post(
        reverse("privacy:retention"), {"request_months": 0, "followup_years": 10}
    )
    assert "au moins un mois" in response.content.decode()
    client.post(reverse("privacy:retention"), {"request_months": 24, "followup_years": 5})
    org_a.retention_policy.refresh_from_db()
    assert org_a.retention_policy.request_months == 24
