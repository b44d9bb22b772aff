"""`maillage backup` and `maillage restore` on real files and real databases.

Data is committed (transactional tests) so that the commands, run in subprocesses as an
operator would, see it. "Another database" is a second SQLite file, or a scratch PostgreSQL
database created and dropped here.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.test import override_settings

from maillage.casework.models import Intervention
from maillage.core.backups import (
    DUMP_NAMES,
    MANIFEST,
    BackupError,
    backup_create,
    backup_restore,
    table_checksums,
)
from maillage.core.crypto import DecryptionError, decrypt, encrypted_fields
from maillage.core.models import Organisation

# The casework fixtures, registered here to build a follow-up with an encrypted note.
from tests.casework.conftest import NOTES, followup, make_followup, person  # noqa: F401

# Committed data, so that the commands and pg_dump, on connections of their own, see it.
committed = pytest.mark.django_db(transaction=True)
OTHER = "backup_other"


def _url(settings_dict: dict[str, Any]) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def maillage(*args: str, database: str) -> subprocess.CompletedProcess:
    """Run the real `maillage` command with the production settings module."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAILLAGE_", "DJANGO_")) and k not in {"SECRET_KEY", "DATABASE_URL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "DATABASE_URL": database,
        "SECRET_KEY": "backup-tests-" + "y" * 40,
        "MAILLAGE_ENCRYPTION_KEYS": ",".join(settings.MAILLAGE_ENCRYPTION_KEYS),
        "MAILLAGE_VAR_DIR": str(settings.VAR_DIR),
    }
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def note(request: pytest.FixtureRequest) -> Intervention:
    """An intervention whose notes are encrypted, in a follow-up of a person (committed)."""
    return Intervention.objects.get(followup=request.getfixturevalue("followup"))


@pytest.fixture
def source() -> str:
    """The URL of the test database, which holds the committed data."""
    return _url(connection.settings_dict)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[str]:
    """An empty database of the same vendor; reachable in-process as connections[OTHER]."""
    if connection.vendor == "sqlite":
        name = str(tmp_path / "other.sqlite3")
    else:
        name = f"maillage_h_backup_{secrets.token_hex(4)}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    wrapper = type(connections["default"])({**connection.settings_dict, "NAME": name}, alias=OTHER)
    connections[OTHER] = wrapper
    yield _url(wrapper.settings_dict)
    wrapper.close()
    del connections[OTHER]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def all_rows(alias: str) -> dict[str, list[str]]:
    target = connections[alias]
    quote_name = target.ops.quote_name
    rows = {}
    with target.cursor() as cursor:
        for table in target.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def stored_note(pk: int) -> str:
    """The intervention note as it sits in the table: a Fernet token."""
    raw = Cast(F("notes"), output_field=TextField())
    return Intervention.objects.annotate(raw=raw).values_list("raw", flat=True).get(pk=pk)


@committed
def test_round_trip_into_another_database_gives_equal_checksums_and_rows(
    note, tmp_path, source, other
):
    path = tmp_path / "backup"
    done = maillage("backup", str(path), database=source)
    assert done.returncode == 0, done.stderr
    assert "MAILLAGE_ENCRYPTION_KEYS" in done.stdout and "clés" in done.stdout
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["encryption_keys_included"] is False
    assert ["casework", "0001_initial"] in manifest["migrations"]
    assert manifest["tables"]["casework_intervention"]["rows"] == 1
    assert manifest["tables"] == table_checksums()  # it describes the database it was taken of
    assert sorted(p.name for p in path.iterdir()) == sorted(
        [MANIFEST, DUMP_NAMES[connection.vendor]]
    )
    assert {oct(p.stat().st_mode & 0o777) for p in path.iterdir()} == {"0o600"}
    assert oct(path.stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in tmp_path.iterdir()] == ["backup"]  # no temporary left beside it

    done = maillage("restore", str(path), database=other)
    assert done.returncode == 0, done.stderr
    assert "MAILLAGE_ENCRYPTION_KEYS" in done.stdout
    assert table_checksums(using=OTHER) == table_checksums()
    assert all_rows(OTHER) == all_rows("default")


@committed
def test_the_backup_holds_the_ciphertext_of_a_note_never_its_plaintext(note, tmp_path):
    token = stored_note(note.pk)
    backup_create(path=tmp_path / "backup")
    dump = tmp_path / "backup" / DUMP_NAMES[connection.vendor]
    if connection.vendor == "postgresql":
        # The custom format compresses table data: read it as the SQL it restores.
        content = subprocess.run(
            ["pg_restore", "--file=-", str(dump)], capture_output=True, check=True
        ).stdout
    else:
        content = dump.read_bytes()
    assert token.encode() in content
    everything = content + (tmp_path / "backup" / MANIFEST).read_bytes()
    for secret in (NOTES, "violences", *settings.MAILLAGE_ENCRYPTION_KEYS):
        assert secret.encode() not in everything


@committed
def test_a_tampered_or_foreign_backup_is_refused_before_anything_is_restored(note, tmp_path):
    backup_create(path=tmp_path / "backup")
    Intervention.objects.all().delete()  # so that a restore would show
    before = table_checksums()
    dump = tmp_path / "backup" / DUMP_NAMES[connection.vendor]
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0x01
    dump.write_bytes(bytes(content))
    with pytest.raises(BackupError, match="sha256"):
        backup_restore(path=tmp_path / "backup", force=True)
    assert table_checksums() == before

    manifest_file = tmp_path / "backup" / MANIFEST
    manifest = json.loads(manifest_file.read_text())
    manifest["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match=manifest["vendor"]):
        backup_restore(path=tmp_path / "backup", force=True)
    assert table_checksums() == before


@committed
def test_a_restored_table_that_differs_from_the_manifest_fails_the_restore_by_name(note, tmp_path):
    backup_create(path=tmp_path / "backup")
    manifest_file = tmp_path / "backup" / MANIFEST
    manifest = json.loads(manifest_file.read_text())
    manifest["tables"]["casework_intervention"]["checksum"] = "0" * 64
    manifest_file.write_text(json.dumps(manifest))
    # CommandError: `maillage restore` exits with status 1 and prints the message.
    with pytest.raises(CommandError, match=r"diffèrent.*: casework_intervention\.$"):
        call_command("restore", str(tmp_path / "backup"), "--force", stdout=io.StringIO())


@committed
def test_a_restore_into_a_database_holding_data_is_refused_without_force(note, tmp_path, make_org):
    backup_create(path=tmp_path / "backup")
    make_org("Maison Après")  # not in the backup: a restore would remove it
    before = table_checksums()
    # CommandError: `maillage restore` exits with status 1 and prints the message.
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "backup"))
    assert table_checksums() == before
    assert Organisation.objects.filter(name="Maison Après").exists()


def test_a_failed_backup_leaves_nothing_behind(tmp_path):
    if connection.vendor == "sqlite":
        name = tmp_path / "broken.sqlite3"
        name.write_text("not a database")
    else:
        name = f"maillage_h_backup_missing_{secrets.token_hex(4)}"
    connections["backup_broken"] = type(connections["default"])(
        {**connection.settings_dict, "NAME": str(name)}, alias="backup_broken"
    )
    try:
        with pytest.raises(BackupError):
            backup_create(path=tmp_path / "backup", using="backup_broken")
    finally:
        del connections["backup_broken"]
    assert [p.name for p in tmp_path.iterdir()] == (
        ["broken.sqlite3"] if isinstance(name, Path) else []
    )


def test_an_existing_path_is_never_overwritten(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "precious").write_text("keep me")
    with pytest.raises(BackupError):
        backup_create(path=tmp_path / "backup")
    assert (tmp_path / "backup" / "precious").read_text() == "keep me"


def readable_with(key: str, alias: str) -> list[str]:
    """Every encrypted value of the database, decrypted with `key` alone (DecryptionError if
    one can't be): what the app reads with MAILLAGE_ENCRYPTION_KEYS=key."""
    target = connections[alias]
    quote_name = target.ops.quote_name
    values = []
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[key]), target.cursor() as cursor:
        for model, fields in encrypted_fields():
            columns = ", ".join(quote_name(model._meta.get_field(f).column) for f in fields)
            cursor.execute(f"SELECT {columns} FROM {quote_name(model._meta.db_table)}")
            for row in cursor.fetchall():
                values += [decrypt(token) for token in row if token is not None]
    return values


@committed
def test_key_rotation_after_restore_leaves_every_note_readable(note, tmp_path):
    new = Fernet.generate_key().decode()
    backup_create(path=tmp_path / "backup")
    # Over the database it came from (--force): a second scratch database costs CI time, and
    # the round trip above already restores into an empty one.
    backup_restore(path=tmp_path / "backup", force=True)
    with pytest.raises(DecryptionError):  # the check below can fail
        readable_with(new, "default")

    # In-process (the round trip runs commands as subprocesses): a new key first, then rotate.
    with override_settings(MAILLAGE_ENCRYPTION_KEYS=[new, *settings.MAILLAGE_ENCRYPTION_KEYS]):
        call_command("rotate-keys", stdout=io.StringIO())
    notes = readable_with(new, "default")
    assert NOTES in notes and len(notes) > 5
