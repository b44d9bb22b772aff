"""Backups of the whole database, and their verified restore (`maillage backup`/`restore`).

A backup is one directory (mode 0700) holding two files (mode 0600):

- the dump: `database.sqlite3` (SQLite, written by the online backup API, so the app may keep
  running) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `manifest.json`: the vendor, the creation time, the applied migrations, the dump's sha256
  and every table's row count and checksum.

It is built under a temporary name beside the target and renamed at the end: a failed backup
leaves nothing behind. Encrypted fields are dumped as the ciphertexts they are at rest; the
keys (MAILLAGE_ENCRYPTION_KEYS) are never written into a backup.

Table checksums, computed without loading a table in memory:

- PostgreSQL, in SQL, one (parallel) sequential scan per table: the row count and the exact
  sums of two 64-bit hashes of each row's text (`hashtextextended(row::text, 0 and 1)`). A
  sum doesn't depend on row order, so no sort and no index is needed and only three numbers
  leave the server. The settings a row's text depends on (time zone, date and interval
  styles, float digits, bytea) are pinned for the scan.
- SQLite: the rows streamed through a cursor in primary-key order (the b-tree's own order,
  no sort), each row's repr fed to sha256.

The PostgreSQL backup exports a snapshot that both `pg_dump --snapshot` and the checksums
read, and the SQLite checksums are taken on the copy: the manifest describes exactly the dump,
even while the app writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TypedDict

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHECKSUM_METHODS = {"sqlite": "sqlite-rows-by-pk-sha256", "postgresql": "pg-row-hash-sums"}
FORMAT = 1
# Tables that `maillage migrate` fills by itself: rows there don't mean the database is in use.
SEEDED_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "core_commune"}
)
_CHUNK = 10_000


class BackupError(Exception):
    """A backup or restore that must not go on; the message is for the operator."""


class TableSum(TypedDict):
    rows: int
    checksum: str


class Manifest(TypedDict):
    format: int
    vendor: str
    created_at: str
    dump: str
    dump_sha256: str
    checksum_method: str
    encryption_keys_included: bool
    migrations: list[list[str]]
    tables: dict[str, TableSum]


def backup_create(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write a backup directory at `path`, which must not exist yet."""
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s already exists: choose a new name.") % {"path": path})
    connection = connections[using]
    vendor = _vendor(connection.vendor)
    if vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).is_file():
        raise BackupError(
            _("There is no database at %(name)s.") % {"name": connection.settings_dict["NAME"]}
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        dump = tmp / DUMP_NAMES[vendor]
        _create_private(dump)
        if vendor == "sqlite":
            migrations, tables = _sqlite_dump(connection.settings_dict, dump)
        else:
            migrations, tables = _pg_dump(connection, dump)
        manifest = Manifest(
            format=FORMAT,
            vendor=vendor,
            created_at=timezone.now().isoformat(),
            dump=dump.name,
            dump_sha256=_sha256(dump),
            checksum_method=CHECKSUM_METHODS[vendor],
            encryption_keys_included=False,
            migrations=migrations,
            tables=tables,
        )
        manifest_file = tmp / MANIFEST
        _create_private(manifest_file)
        manifest_file.write_text(json.dumps(manifest, indent=2, sort_keys=True), "utf-8")
        for file in (dump, manifest_file):
            _fsync(file)
        tmp.rename(path)
    except (sqlite3.Error, DatabaseError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BackupError(_("The backup failed: %(error)s") % {"error": exc}) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def backup_restore(*, path: Path, force: bool, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Restore the backup at `path` into the configured database and verify every table."""
    connection = connections[using]
    vendor = _vendor(connection.vendor)
    manifest = read_manifest(Path(path))
    if manifest["vendor"] != vendor:
        raise BackupError(
            _("This backup comes from %(backup)s: it can't be restored into %(target)s.")
            % {"backup": manifest["vendor"], "target": vendor}
        )
    dump = Path(path) / DUMP_NAMES[vendor]
    if not dump.is_file() or _sha256(dump) != manifest["dump_sha256"]:
        raise BackupError(
            _(
                "The backup file does not match its manifest (sha256): it is damaged or was "
                "modified. Nothing was restored."
            )
        )
    if not force and (tables := tables_with_data(using=using)):
        raise BackupError(
            _(
                "The target database already holds data (%(tables)s). Nothing was restored; "
                "use --force to replace it."
            )
            % {"tables": ", ".join(tables[:5])}
        )
    if vendor == "sqlite":
        connection.close()
        with (
            closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(connection.settings_dict["NAME"])) as target,
        ):
            source.backup(target)
    else:
        _pg_restore(connection.settings_dict, dump)
    found = table_checksums(using=using)
    differ = sorted(name for name, sums in manifest["tables"].items() if found.get(name) != sums)
    if differ:
        raise BackupError(
            _("After the restore, these tables differ from the backup: %(tables)s.")
            % {"tables": ", ".join(differ)}
        )
    return manifest


def read_manifest(path: Path) -> Manifest:
    try:
        manifest: Manifest = json.loads((path / MANIFEST).read_text("utf-8"))
        if manifest["format"] != FORMAT:
            raise ValueError(f"format {manifest['format']}")
        if missing := set(Manifest.__annotations__) - set(manifest):
            raise KeyError(", ".join(sorted(missing)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            _("%(path)s holds no readable backup manifest (%(error)s).")
            % {"path": path, "error": exc}
        ) from None
    return manifest


def table_checksums(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, TableSum]:
    """Row count and checksum of every table of the configured database (method above)."""
    connection = connections[using]
    if _vendor(connection.vendor) == "sqlite":
        # A connection of our own: Django's converts values by declared type.
        with closing(sqlite3.connect(connection.settings_dict["NAME"])) as raw:
            return _sqlite_checksums(raw)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        return _pg_checksums(cursor)


def tables_with_data(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables holding rows other than those that migrations create by themselves."""
    connection = connections[using]
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - SEEDED_TABLES):
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (catalog name)
            if cursor.fetchone():
                found.append(table)
    return found


# SQLite


def _sqlite_dump(
    settings_dict: dict[str, Any], dump: Path
) -> tuple[list[list[str]], dict[str, TableSum]]:
    with (
        closing(sqlite3.connect(settings_dict["NAME"])) as source,
        closing(sqlite3.connect(dump)) as copy,
    ):
        # The online backup API: a consistent copy while other connections keep writing.
        source.backup(copy)
        # A self-contained file: no -wal beside it, and opening it never rewrites it.
        copy.execute("PRAGMA journal_mode=DELETE")
        rows = copy.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [[app, name] for app, name in rows]
        return migrations, _sqlite_checksums(copy)


def _sqlite_checksums(raw: sqlite3.Connection) -> dict[str, TableSum]:
    raw.text_factory = bytes  # hashes the stored bytes, whatever their encoding
    names = raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"  # SQLite's own tables
    )
    sums: dict[str, TableSum] = {}
    for (name,) in sorted(names.fetchall()):
        table = name.decode()
        info = raw.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        keys = [row[1].decode() for row in sorted(info, key=lambda row: row[5]) if row[5]]
        order = ", ".join(_quote(key) for key in keys) or "rowid"
        digest, count = hashlib.sha256(), 0
        cursor = raw.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608
        while chunk := cursor.fetchmany(_CHUNK):
            for row in chunk:
                digest.update(repr(row).encode() + b"\n")
            count += len(chunk)
        sums[table] = TableSum(rows=count, checksum=digest.hexdigest())
    return sums


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# PostgreSQL


def _pg_dump(connection: Any, dump: Path) -> tuple[list[list[str]], dict[str, TableSum]]:
    with _pg_snapshot(connection) as (snapshot, cursor):
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            connection.settings_dict,
        )
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [[app, name] for app, name in cursor.fetchall()]
        return migrations, _pg_checksums(cursor)


@contextmanager
def _pg_snapshot(connection: Any) -> Iterator[tuple[str, Any]]:
    """A repeatable-read transaction of our own, its snapshot exported for pg_dump."""
    import psycopg

    # Django's error classes, as the ORM would raise them (DatabaseError).
    with connection.wrap_database_errors:
        raw = connection.get_new_connection(connection.get_connection_params())
        try:
            raw.autocommit = False
            raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            raw.read_only = True
            with raw.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                yield cursor.fetchone()[0], cursor
            raw.rollback()
        finally:
            raw.close()


_PG_TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname
"""
# A row's text depends on these settings: pin them so two sessions hash alike.
_PG_OUTPUT = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, MDY'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)
# hashtextextended is the hash that hash partitioning stores rows by, so PostgreSQL keeps it
# stable across versions; two seeds give 128 bits. It is ~3 times faster than md5 here.
_PG_SUM = """
    SELECT count(*),
           coalesce(sum(hashtextextended(r, 0)), 0),
           coalesce(sum(hashtextextended(r, 1)), 0)
    FROM (SELECT t::text AS r FROM {table} AS t) AS texts
"""


def _pg_checksums(cursor: Any) -> dict[str, TableSum]:
    for statement in _PG_OUTPUT:
        cursor.execute(statement)
    cursor.execute(_PG_TABLES)
    sums: dict[str, TableSum] = {}
    for (table,) in cursor.fetchall():
        cursor.execute(_PG_SUM.format(table=_quote(table)))
        count, high, low = cursor.fetchone()
        checksum = hashlib.sha256(f"{count}:{high}:{low}".encode()).hexdigest()
        sums[table] = TableSum(rows=count, checksum=checksum)
    return sums


def _pg_restore(settings_dict: dict[str, Any], dump: Path) -> None:
    _run(
        [
            *("pg_restore", "--clean", "--if-exists", "--no-owner"),
            *("--single-transaction", "--exit-on-error"),
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        settings_dict,
    )


_PG_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    """Run a PostgreSQL client; the connection settings go through the environment, so the
    password never shows on a command line (ps, /proc)."""
    env = {**os.environ, "PGDATABASE": str(settings_dict["NAME"])}
    env |= {var: str(settings_dict[k]) for k, var in _PG_ENV.items() if settings_dict.get(k)}
    options = settings_dict.get("OPTIONS") or {}
    env |= {var: str(options[k]) for k, var in _PG_OPTION_ENV.items() if options.get(k)}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(
            _("%(program)s could not run: %(error)s") % {"program": command[0], "error": exc}
        ) from None
    if done.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": done.stderr.strip()[-2000:]}
        )


# Files


def _vendor(vendor: str) -> str:
    if vendor not in DUMP_NAMES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def _create_private(file: Path) -> None:
    os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def keys_warning() -> str:
    return _(
        "The backup does not contain the encryption keys (MAILLAGE_ENCRYPTION_KEYS): keep them "
        "apart from it, safely. Without them the encrypted notes of a restored database can't "
        "be read."
    )


def _fsync(file: Path) -> None:
    with file.open("rb") as stream:
        os.fsync(stream.fileno())
