"""Notes and what the young person confides are encrypted at rest: the raw tables hold
ciphertexts, the models read them back in clear, and the audit log never copies them."""

from __future__ import annotations

from django.db import connection

from maillage.casework.models import FollowUp, Intervention
from maillage.core.audit_models import AuditEvent
from tests.casework.conftest import NEXT_STEP, NOTES, SUMMARY


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_intervention_notes_are_not_readable_in_the_raw_table(followup):
    intervention = Intervention.objects.get(followup=followup)
    stored = raw("casework_intervention", "notes", intervention.pk)
    assert "violences" not in stored and stored.startswith("gAAAA")  # a Fernet token
    assert Intervention.objects.get(pk=intervention.pk).notes == NOTES


def test_summary_next_step_reason_and_referral_note_are_encrypted(
    client, member, followup, referral
):
    assert "harcèlement" not in raw("casework_request", "summary", followup.request_id)
    assert "CPMS" not in raw("casework_followup", "next_step", followup.pk)
    assert "maison de quartier" not in raw("casework_referral", "note", referral.pk)
    fresh = FollowUp.objects.select_related("request").get(pk=followup.pk)
    assert (fresh.request.summary, fresh.next_step) == (SUMMARY, NEXT_STEP)


def test_the_audit_log_names_fields_never_their_contents(followup, referral):
    logged = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    for secret in ("harcèlement", "CPMS", "violences", "maison de quartier"):
        assert secret not in logged
    event = AuditEvent.objects.get(action="casework.followup.opened")
    assert event.changes["fields"] == ["next_step", "next_step_due"]
