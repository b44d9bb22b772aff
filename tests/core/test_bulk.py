"""insert_many writes the rows bulk_create would: encrypted, prepared, on both databases."""

from __future__ import annotations

import pytest
from django.db import connection

from maillage.core.audit_models import AuditEvent
from maillage.core.bulk import insert_many
from tests.crypto_app.models import SecretNote

pytestmark = pytest.mark.django_db


def test_encrypted_fields_are_encrypted_and_read_back() -> None:
    insert_many(
        SecretNote, [SecretNote(body="certificat médical"), SecretNote(body="x", extra=None)]
    )
    assert sorted(SecretNote.objects.values_list("body", "extra")) == [
        ("certificat médical", None),
        ("x", None),
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {SecretNote._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert all("médical" not in value and value for value in stored)


def test_json_and_automatic_dates_are_filled_in() -> None:
    insert_many(
        AuditEvent,
        [AuditEvent(kind="write", action="test.bulk.done", changes={"rows": 3, "é": ["a"]})],
    )
    event = AuditEvent.objects.get(action="test.bulk.done")
    assert event.changes == {"rows": 3, "é": ["a"]}
    assert event.created_at is not None


def test_nothing_to_insert_is_no_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        insert_many(SecretNote, [])
