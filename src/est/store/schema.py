"""The schema: the numbered SQL migrations shipped in ``est/store/migrations`` and which are applied.

Applying them is :meth:`est.store.Store.migrate` (each in one transaction with its record in
``schema_migrations``); this module lists them and compares them with what a database records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from est.errors import SchemaError
from est.store.cursors import Reader, Writer

__all__ = ["DUCKDB_STORAGE_ONLY", "Migration", "list_migrations", "pending_versions", "recorded_versions"]

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

#: The first line of a migration that changes only how DuckDB stores a table (a column's compression, say): it
#: means nothing to PostgreSQL, where upgrading a server store records it and runs none of it.
DUCKDB_STORAGE_ONLY = "-- est: duckdb storage only"


@dataclass(frozen=True)
class Migration:
    """One numbered SQL migration shipped in ``est/store/migrations``."""

    version: int
    name: str
    sql: str

    @property
    def duckdb_storage_only(self) -> bool:
        """Whether the migration only changes DuckDB's storage (its first line is :data:`DUCKDB_STORAGE_ONLY`)."""
        return self.sql.startswith(DUCKDB_STORAGE_ONLY + "\n")


def list_migrations() -> list[Migration]:
    """Return the migrations shipped with the code, in order.

    Returns
    -------
    list of Migration
        Sorted by version; file names are ``NNN_name.sql``.
    """
    found: list[Migration] = []
    for entry in resources.files("est.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise SchemaError(
            f"two migrations share a version number: {versions}",
            sv=f"två migreringar har samma versionsnummer: {versions}",
        )
    return found


def pending_versions(path: Path, recorded: set[int]) -> list[Migration]:
    """The shipped migrations not in ``recorded``; :class:`SchemaError` when it records one not shipped."""
    known = list_migrations()
    unknown = sorted(recorded - {m.version for m in known})
    if unknown:
        newest = known[-1].version if known else 0
        raise SchemaError(
            f"the database {path} has schema version {max(recorded)}, newer than this EST Lägesbild knows "
            f"(up to {newest}; unknown migrations {unknown}); upgrade EST Lägesbild, or use a backup made for "
            "this version",
            sv=f"databasen {path} har schemaversion {max(recorded)}, nyare än vad den här versionen av "
            f"EST Lägesbild känner till (upp till {newest}; okända migreringar {unknown}); uppgradera "
            "EST Lägesbild, eller använd en säkerhetskopia gjord för den här versionen",
        )
    return [m for m in known if m.version not in recorded]


def recorded_versions(reader: Reader) -> set[int]:
    """The migration versions ``reader``'s database records (a writer creates ``schema_migrations`` if missing).

    A writer does not look the table up in the catalog: a write runs on the process's engine
    (:mod:`est.store.engine`), where a catalog scan would hold every attached store open until it ends.
    """
    if isinstance(reader, Writer):
        reader.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
    elif not reader.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"):
        return set()
    return {int(row[0]) for row in reader.rows("SELECT version FROM schema_migrations")}
