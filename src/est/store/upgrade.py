"""Upgrading a PostgreSQL store in place: the migrations it has not recorded, translated statement by statement.

The numbered DuckDB migrations stay the one description of the schema (as for a new server store,
:func:`est.store.postgres.copy_store`). To apply one to a server store, a local DuckDB *template* is brought to
the server's recorded versions, and then each statement of the migration runs, in order, on both sides:

* a statement that changes the schema (``CREATE``, ``ALTER``) runs on the template, and what it changed in
  the template's catalog (new sequences, tables, columns, constraints, indexes) is written as PostgreSQL DDL
  for the server, in the same form a new server store gets; a new table gets its change-log triggers;
* a statement that changes rows (``INSERT``, ``UPDATE``, ``DELETE``) runs on the server through DuckDB with
  the store's schema attached, so it is the migration's own SQL.

Each migration is one PostgreSQL transaction with its record in ``schema_migrations`` (PostgreSQL's DDL is
transactional): a failure leaves the store as it was. Two processes upgrading at once serialise on an
advisory lock, and the second finds the migration recorded. Every table the migration changed is logged
whole in the change log, so each replica copies it again with its new columns at its next read.

Anything else (dropping or renaming a table or column, changing a column's type or default) could lose
rows if translated blindly: it is refused before anything is written, with what to do instead.

A migration that only changes how DuckDB stores a table (its first line is
:data:`est.store.schema.DUCKDB_STORAGE_ONLY`: a column made uncompressed, which DuckDB allows only by making the
table again) is only recorded on the server: it runs on the template alone, may hold only CREATE, INSERT,
DROP and ALTER statements, and is refused unless the template's catalog, column order and rows are the same
after it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from est.errors import EstError
from est.store.connection import Store
from est.store.engine import _CONFIG
from est.store.postgres import (
    CHANGES,
    _tables,
    attach_literal,
    attach_server,
    index_statement,
    table_columns,
    table_constraints,
    table_log_statements,
    table_statement,
)
from est.store.schema import Migration

__all__ = ["upgrade_server_store"]

_CHANGES_ROWS = (duckdb.StatementType.INSERT, duckdb.StatementType.UPDATE, duckdb.StatementType.DELETE)
_CHANGES_SCHEMA = (duckdb.StatementType.CREATE, duckdb.StatementType.ALTER)


@dataclass(frozen=True)
class _Catalog:
    """What of the template's catalog the translation compares: before and after one statement."""

    sequences: frozenset[str]
    columns: dict[str, dict[str, str]]  # table → column name → its PostgreSQL definition
    constraints: dict[str, tuple[str, ...]]  # table → its constraints in PostgreSQL's form
    indexes: dict[str, str]  # index name → DuckDB's CREATE INDEX statement
    views: frozenset[str]


def _catalog(con: duckdb.DuckDBPyConnection, schema: str) -> _Catalog:
    tables = _tables(con)
    columns, constraints = table_columns(con, schema), table_constraints(con)
    return _Catalog(
        sequences=frozenset(
            r[0]
            for r in con.execute("SELECT sequence_name FROM duckdb_sequences() WHERE database_name = 'src'").fetchall()
        ),
        columns={t: dict(c.split(" ", 1) for c in columns.get(t, [])) for t in tables},
        constraints={t: tuple(constraints.get(t, [])) for t in tables},
        indexes=dict(
            con.execute(
                "SELECT index_name, sql FROM duckdb_indexes() WHERE database_name = 'src' AND schema_name = 'main'"
            ).fetchall()
        ),
        views=frozenset(
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE database_name = 'src' AND NOT internal"
            ).fetchall()
        ),
    )


def _refuse(migration: Migration, what: str) -> EstError:
    return EstError(
        f"migration {migration.version} ({migration.name}) {what}, which est cannot apply to a PostgreSQL store in "
        "place without risking its rows: make a new database with this version (est init --db …) and copy the "
        "store into it (est migrate-store from a DuckDB copy), or apply that step by hand and record the "
        "migration in schema_migrations",
        sv=f"migrering {migration.version} ({migration.name}) {what}, vilket est inte kan göra på en "
        "PostgreSQL-databas på plats utan att riskera dess rader: skapa en ny databas med den här versionen "
        "(est init --db …) och kopiera in databasen (est migrate-store från en DuckDB-kopia), eller gör det "
        "steget för hand och registrera migreringen i schema_migrations",
    )


def _schema_changes(
    con: duckdb.DuckDBPyConnection, before: _Catalog, after: _Catalog, migration: Migration, schema: str
) -> tuple[list[str], set[str]]:
    """PostgreSQL DDL for what changed from ``before`` to ``after``, and the tables it changed."""
    lost = [f"table {t}" for t in before.columns if t not in after.columns]
    lost += [f"sequence {q}" for q in before.sequences - after.sequences]
    lost += [f"index {i}" for i in before.indexes if i not in after.indexes]
    lost += [f"view {v}" for v in after.views ^ before.views]
    for table, columns in before.columns.items():
        new = after.columns.get(table, {})
        lost += [f"column {table}.{c.strip(chr(34))}" for c, d in columns.items() if new.get(c, d) != d or c not in new]
        lost += [f"a constraint of {table}" for c in before.constraints[table] if c not in after.constraints[table]]
    if lost:
        raise _refuse(migration, "drops or changes " + ", ".join(sorted(set(lost))))
    ddl = [f"CREATE SEQUENCE {schema}.{q}" for q in sorted(after.sequences - before.sequences)]
    changed: set[str] = set()
    for table, columns in after.columns.items():
        if table not in before.columns:
            ddl += [table_statement(con, table, schema), *table_log_statements(table, schema)]
            changed.add(table)
            continue
        added = [f"ADD COLUMN {c} {d}" for c, d in columns.items() if c not in before.columns[table]]
        added += [f"ADD {c}" for c in after.constraints[table] if c not in before.constraints[table]]
        if added:
            ddl.append(f'ALTER TABLE {schema}."{table}" ' + ", ".join(added))
            changed.add(table)
    ddl += [index_statement(sql, schema) for name, sql in after.indexes.items() if name not in before.indexes]
    return ddl, changed


@dataclass(frozen=True)
class _Plan:
    """One migration as the server runs it: each step ``(execute, sql)``, and the tables whose shape changed."""

    steps: tuple[tuple[bool, str], ...]  # (True: PostgreSQL DDL through postgres_execute; False: the store's SQL)
    changed: frozenset[str]


_STORAGE_STATEMENTS = (
    duckdb.StatementType.CREATE,
    duckdb.StatementType.INSERT,
    duckdb.StatementType.DROP,
    duckdb.StatementType.ALTER,
)


def _shape(con: duckdb.DuckDBPyConnection, catalog: _Catalog) -> tuple[object, ...]:
    """What a storage-only migration must leave as it was: the catalog, each table's column order and rows."""
    rows = {
        t: con.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM src.main."{t}" t').fetchone()  # noqa: S608 - catalog names
        for t in catalog.columns
    }
    return catalog, {t: list(c) for t, c in catalog.columns.items()}, rows


def _run_storage_only(con: duckdb.DuckDBPyConnection, migration: Migration, schema: str, before: _Catalog) -> None:
    """Run a migration marked DuckDB storage only on the template; refuse it if it changes more than storage.

    Only making a table again is allowed (CREATE, INSERT, DROP, ALTER … RENAME statements), and afterwards the
    template's catalog, the order of each table's columns and each table's rows must be as they were.
    """
    other = [s.type.name for s in duckdb.extract_statements(migration.sql) if s.type not in _STORAGE_STATEMENTS]
    if other:
        raise _refuse(migration, f"is marked as DuckDB storage only but holds a {other[0]} statement")
    con.execute("USE src")
    shape = _shape(con, before)
    con.execute(migration.sql)
    if _shape(con, _catalog(con, schema)) != shape:
        raise _refuse(migration, "is marked as DuckDB storage only but changes the schema or the rows")


def _plan(con: duckdb.DuckDBPyConnection, migration: Migration, schema: str) -> _Plan:
    """Run ``migration`` on the template (``src``), translating each schema change; what the server must run.

    (A DuckDB transaction writes to one attached database only, so the template is changed first, on its own.)
    """
    steps: list[tuple[bool, str]] = []
    changed: set[str] = set()
    before = _catalog(con, schema)
    if migration.duckdb_storage_only:
        _run_storage_only(con, migration, schema, before)
        return _Plan((), frozenset())
    for statement in duckdb.extract_statements(migration.sql):
        if statement.type in _CHANGES_ROWS:
            steps.append((False, statement.query))
            continue
        if statement.type not in _CHANGES_SCHEMA:
            raise _refuse(migration, f"holds a {statement.type.name} statement")
        con.execute("USE src")
        con.execute(statement.query)
        after = _catalog(con, schema)
        ddl, tables = _schema_changes(con, before, after, migration, schema)
        before = after
        steps += [(True, sql) for sql in ddl]
        changed |= tables
    return _Plan(tuple(steps), frozenset(changed))


def _is_recorded(con: duckdb.DuckDBPyConnection, migration: Migration, schema: str) -> bool:
    asked = f"SELECT 1 FROM {schema}.schema_migrations WHERE version = {int(migration.version)}"  # noqa: S608
    found = con.execute("SELECT count(*) FROM postgres_query('server', ?)", [asked]).fetchone()
    return bool(found and found[0])


def _run_on_server(con: duckdb.DuckDBPyConnection, migration: Migration, plan: _Plan, schema: str) -> bool:
    """Run ``plan`` and record ``migration`` in one server transaction; False when it is recorded already."""
    con.execute(f"USE server.{schema}")
    con.execute("BEGIN")
    try:
        lock = f"SELECT pg_advisory_xact_lock(hashtext('{schema}.migrate'))"
        con.execute("CALL postgres_execute('server', ?)", [lock])
        if _is_recorded(con, migration, schema):
            con.execute("ROLLBACK")
            return False
        for is_ddl, sql in plan.steps:
            if is_ddl:
                con.execute("CALL postgres_execute('server', ?)", [sql])
                con.execute("CALL pg_clear_cache()")
            else:
                con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
        for table in sorted(plan.changed):  # each replica copies it again, new columns and all
            con.execute(f"INSERT INTO {CHANGES} (table_name) VALUES (?)", [table])  # noqa: S608 - a constant
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def _apply_once(con: duckdb.DuckDBPyConnection, migration: Migration, plan: _Plan, schema: str) -> bool:
    """Apply ``migration`` unless another process has: False when it had.

    The transaction's snapshot may predate the lock it waited for (PostgreSQL takes it at the transaction's
    first statement), so a migration another process committed meanwhile can look unrecorded inside it; its
    statements or its record (the primary key of ``schema_migrations``) then fail, the transaction is rolled
    back whole, and a fresh look tells whether that was the reason.
    """
    try:
        return _run_on_server(con, migration, plan, schema)
    except duckdb.Error:
        if _is_recorded(con, migration, schema):
            return False
        raise


def upgrade_server_store(url: str, schema: str, recorded: set[int], pending: list[Migration]) -> list[int]:
    """Apply the ``pending`` migrations to the server store ``url`` (which records ``recorded``), each atomically.

    Returns
    -------
    list of int
        The versions applied now (one another process applied meanwhile is left out).

    Raises
    ------
    EstError
        When a migration holds a change that cannot be translated safely (nothing of it is written), or
        the server refuses one of its statements (that migration is rolled back; earlier ones stay).
    """
    applied: list[int] = []
    with tempfile.TemporaryDirectory(prefix="est-upgrade-") as tmp:
        template = Store(Path(tmp) / "template.duckdb")
        template.migrate(only=recorded)
        con = duckdb.connect(config=dict(_CONFIG))
        try:
            con.execute(f"ATTACH {attach_literal(str(template.path))} AS src")
            attach_server(con, url, "server")
            for migration in pending:
                if _apply_once(con, migration, _plan(con, migration, schema), schema):
                    applied.append(migration.version)
        finally:
            con.close()
    return applied
