import csv

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from maillage.core.audit import MASK, audit_log, mask
from maillage.core.audit_models import AppendOnlyError, AuditEvent, AuditKind
from maillage.core.jobs import private_path
from maillage.core.migrations import _audit_triggers
from maillage.core.models import Job, JobStatus


def test_secrets_are_masked_at_any_depth_but_ordinary_fields_stay_readable():
    masked = mask(
        {
            "password": "hunter2",
            "postcode": "1060",
            "nested": {"recovery_codes": ["1", "2"], "notes": "private", "role": "dpo"},
            "api_key": "k",
            "empty_note": "",
        }
    )
    assert masked == {
        "password": MASK,
        "postcode": "1060",
        "nested": {"recovery_codes": MASK, "notes": MASK, "role": "dpo"},
        "api_key": MASK,
        "empty_note": "",
    }


def test_audit_log_refuses_changes_through_the_orm(member, org_a):
    event = audit_log(actor=member, action="core.test.done", organisation=org_a)
    event.action = "core.test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_update_and_delete_of_audit_rows(member, org_a):
    _audit_triggers.install(connection)  # rolled back with the test's transaction
    event = audit_log(actor=member, action="core.test.done", organisation=org_a)
    table = AuditEvent._meta.db_table
    for sql in [
        f"UPDATE {table} SET action = 'x' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "core.test.done"


def test_request_address_and_browser_are_recorded(client, member):
    client.post(
        reverse("account_login"),
        {"login": member.email, "password": "wrong"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Firefox/140",
    )
    event = AuditEvent.objects.get(action="core.auth.login_failed")
    assert event.ip == "203.0.113.9"
    assert event.user_agent == "Firefox/140"
    assert event.target_label == member.email
    assert event.kind == AuditKind.AUTH


def test_dpo_searches_events_of_own_organisation_only(login, dpo, member, outsider, org_a, org_b):
    audit_log(
        actor=member,
        action="core.membership.created",
        organisation=org_a,
        target_label="Alpha event",
    )
    audit_log(
        actor=outsider,
        action="core.membership.created",
        organisation=org_b,
        target_label="Beta event",
    )
    client = login(dpo)
    html = client.get(reverse("core:audit"), {"action": "core.membership"}).content.decode()
    assert "Alpha event" in html
    assert "Beta event" not in html
    searched = AuditEvent.objects.get(action="core.audit.searched")
    assert searched.kind == AuditKind.READ
    assert searched.changes == {"action": "core.membership"}


def test_dpo_sees_sign_ins_of_own_members_not_of_others(login, dpo, member, outsider):
    audit_log(actor=member, action="core.auth.logged_in", kind=AuditKind.AUTH, target=member)
    audit_log(actor=outsider, action="core.auth.logged_in", kind=AuditKind.AUTH, target=outsider)
    html = login(dpo).get(reverse("core:audit"), {"kind": "auth"}).content.decode()
    assert member.email in html
    assert outsider.email not in html


def test_audit_search_rejects_inverted_dates_in_french(login, dpo):
    response = login(dpo).get(
        reverse("core:audit"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "La date de fin précède la date de début." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_audit_export_runs_in_background_and_reports_progress(dpo, member, org_a, client):
    for i in range(5):
        audit_log(
            actor=member,
            action="core.membership.created",
            organisation=org_a,
            target_label=f"row {i}",
        )
    client.force_login(dpo)
    response = client.post(reverse("core:audit_export"), {"action": "core.membership"})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == JobStatus.QUEUED

    page = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-hx-trigger="every 1s"' in page.content.decode()  # polls while queued

    call_command("db_worker", "--batch", "--interval", "0")  # the real worker, run once

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    page = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "data-hx-trigger" not in page  # polling stops
    assert "Télécharger le fichier" in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    rows = list(
        csv.reader(
            b"".join(download.streaming_content).decode("utf-8-sig").splitlines(), delimiter=";"
        )
    )
    assert rows[0][:2] == ["Quand", "Qui"]
    assert sorted(r[4] for r in rows[1:]) == [f"row {i}" for i in range(5)]
    private_path(job.result_file).unlink()


def test_young_people_are_never_named_in_the_append_only_log(member, org_a):
    from maillage.people.models import Person

    person = Person.objects.create(organisation=org_a, first_name="Zoé", last_name="Martin")
    event = audit_log(actor=member, action="people.person.viewed", target=person)
    assert "Zoé" not in event.target_label and "Martin" not in event.target_label
    assert f"n° {person.pk}" in event.target_label


def test_an_event_about_an_object_is_one_insert_with_the_object_s_organisation(member, org_a):
    """The access log of every follow-up read: its organisation is taken by its id, without
    loading it (issue 18)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.people.models import Person

    Person.objects.create(organisation=org_a, first_name="Zoé", last_name="Martin")
    person = Person.objects.get()  # fresh: its organisation is not loaded
    with CaptureQueriesContext(connection) as queries:
        event = audit_log(actor=member, action="people.person.viewed", target=person)
    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]
    assert AuditEvent.objects.get(pk=event.pk).organisation_id == org_a.pk
