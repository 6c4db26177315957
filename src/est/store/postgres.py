"""PostgreSQL as the shared store: its address, its schema and copying a DuckDB store into it.

Used by ``est migrate-store``; the schema is written from the DuckDB store's own catalog.

The numbered DuckDB migrations stay the one description of the schema. A PostgreSQL store gets the schema
they produce, translated from DuckDB's catalog (``duckdb_tables``, ``duckdb_columns``, ``duckdb_constraints``,
``duckdb_indexes``, ``duckdb_sequences``) into PostgreSQL DDL in the schema :data:`PG_SCHEMA`: the same
tables, column types, defaults (sequences of the same names), primary keys, unique constraints, checks and
indexes, plus what only the server can enforce for every client: the audit log refuses UPDATE, DELETE and
TRUNCATE by a trigger. ``schema_migrations`` is copied with the rows, so the store knows its version.

DuckDB reaches PostgreSQL through its ``postgres`` extension (the PyPI package
``duckdb-extension-postgres-scanner``, pinned to DuckDB's version, loaded from site-packages like the
others): rows are copied with PostgreSQL's binary COPY, not row by row. See ``docs/architecture.md``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb

from est.config import is_postgres_url
from est.errors import EstError
from est.store.connection import Store
from est.store.engine import _CONFIG, ENGINE, attach_literal, extension_path

__all__ = [
    "CHANGES",
    "KEYED_TABLES",
    "PG_SCHEMA",
    "PRUNED",
    "SNAPSHOT_VIEW",
    "WHOLE_TABLE_ABOVE",
    "StoreCopy",
    "TableCopy",
    "attach_literal",
    "attach_server",
    "attach_to_engine",
    "change_log_statements",
    "copy_store",
    "is_postgres_url",
    "redacted_url",
    "schema_statements",
    "server_url",
    "store_schema",
]

#: The PostgreSQL schema that holds an EST store unless the URL names another (``?schema=ostersund``): one
#: database may hold several kommuners' stores, each in its own schema owned by its own role.
PG_SCHEMA = "est"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def store_schema(url: str) -> str:
    """The schema of the store ``url`` names: its ``schema`` query parameter, else :data:`PG_SCHEMA`.

    Raises
    ------
    EstError
        When the name is not a plain lower-case SQL identifier.
    """
    names = parse_qs(urlsplit(url).query).get("schema") or [PG_SCHEMA]
    schema = names[-1]
    if not _SCHEMA_NAME.match(schema):
        raise EstError(
            f"schema={schema!r} in the database URL: use lower-case letters, digits and _ (e.g. schema=ostersund)",
            sv=f"schema={schema!r} i databasens URL: använd gemener, siffror och _ (t.ex. schema=ostersund)",
        )
    return schema


def server_url(url: str) -> str:
    """``url`` as libpq takes it: without EST's own ``schema`` parameter."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


# DuckDB catalog type → PostgreSQL type; the store uses no other types (a new one fails loudly below).
_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "REAL": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "BLOB": "bytea",
}
_NEXTVAL = re.compile(r"^nextval\('(\w+)'\)$")
_BOOLEAN = {"CAST('t' AS BOOLEAN)": "true", "CAST('f' AS BOOLEAN)": "false"}
_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (\w+) ON (\w+)\s*\(([^)]*)\);?$", re.IGNORECASE)


def redacted_url(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def _hide_password(text: str, url: str) -> str:
    """``text`` (a driver's message, which may quote the URL) with the URL's password starred out."""
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text


@dataclass(frozen=True)
class TableCopy:
    """One table copied: its rows in the source and in the target after the copy."""

    name: str
    source_rows: int
    target_rows: int

    @property
    def matches(self) -> bool:
        """Whether the target holds exactly as many rows as the source."""
        return self.source_rows == self.target_rows


@dataclass(frozen=True)
class StoreCopy:
    """What ``est migrate-store`` did: every table with its counts on both sides, and how long it took."""

    tables: tuple[TableCopy, ...]
    seconds: float

    @property
    def verified(self) -> bool:
        """Whether every table's count in the target equals the source's."""
        return all(t.matches for t in self.tables)


def _pg_type(table: str, column: str, duck_type: str) -> str:
    if duck_type.endswith("[]"):
        return f"{_pg_type(table, column, duck_type[:-2])}[]"
    try:
        return _TYPES[duck_type]
    except KeyError:
        raise EstError(
            f"{table}.{column} has type {duck_type}, which est migrate-store cannot write to PostgreSQL yet; "
            "add it to est.store.postgres._TYPES",
            sv=f"{table}.{column} har typen {duck_type}, som est migrate-store ännu inte kan skriva till PostgreSQL; "
            "lägg till den i est.store.postgres._TYPES",
        ) from None


def _pg_default(default: str, schema: str) -> str:
    sequence = _NEXTVAL.match(default)
    if sequence:
        return f"nextval('{schema}.{sequence.group(1)}')"
    return _BOOLEAN.get(default, default)


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str | None = None) -> dict[str, list[str]]:
    """Each table's column definitions in PostgreSQL's form (``table``'s alone if given), of the store ``src``."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
        "WHERE database_name = 'src' AND schema_name = 'main' AND (? IS NULL OR table_name = ?) "
        "ORDER BY table_name, column_index",
        [table, table],
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table_name, name, duck_type, nullable, default in rows:
        found.setdefault(table_name, []).append(
            f'"{name}" {_pg_type(table_name, name, duck_type)}'
            + ("" if nullable else " NOT NULL")
            + ("" if default is None else f" DEFAULT {_pg_default(default, schema)}")
        )
    return found


def table_constraints(con: duckdb.DuckDBPyConnection, table: str | None = None) -> dict[str, list[str]]:
    """Each table's primary key, unique and check constraints in PostgreSQL's form (``table``'s alone if given)."""
    rows = con.execute(
        "SELECT table_name, constraint_type, constraint_column_names, expression FROM duckdb_constraints() "
        "WHERE database_name = 'src' AND schema_name = 'main' AND (? IS NULL OR table_name = ?) "
        "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'CHECK') ORDER BY table_name, constraint_index",
        [table, table],
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table_name, kind, names, expression in rows:
        quoted = ", ".join(f'"{name}"' for name in names)
        found.setdefault(table_name, []).append(f"CHECK {expression}" if kind == "CHECK" else f"{kind} ({quoted})")
    return found


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' AND schema_name = 'main' "
            "AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]


def table_statement(con: duckdb.DuckDBPyConnection, table: str, schema: str = PG_SCHEMA) -> str:
    """PostgreSQL's ``CREATE TABLE`` for the table ``table`` of the store attached to ``con`` as ``src``."""
    columns, constraints = table_columns(con, schema, table), table_constraints(con, table)
    body = ",\n    ".join([*columns.get(table, []), *constraints.get(table, [])])
    return f'CREATE TABLE {schema}."{table}" (\n    {body}\n)'


def index_statement(sql: str, schema: str = PG_SCHEMA) -> str:
    """PostgreSQL's form of DuckDB's ``CREATE [UNIQUE] INDEX`` statement ``sql`` (from ``duckdb_indexes``)."""
    index = _INDEX.match(sql.strip())
    if index is None:
        raise EstError(
            f"cannot translate the index {sql!r} to PostgreSQL",
            sv=f"kan inte översätta indexet {sql!r} till PostgreSQL",
        )
    unique, name, table, columns = index.groups()
    return f'CREATE {unique or ""}INDEX {name} ON {schema}."{table}" ({columns})'


def schema_statements(con: duckdb.DuckDBPyConnection, schema: str = PG_SCHEMA) -> list[str]:
    """PostgreSQL DDL for the store attached to ``con`` as ``src``: schema, sequences, tables, indexes, guards.

    The schema is created by (and so belongs to) the role that runs the DDL, and no other role is granted
    anything on it: another kommun's role on the same database cannot read it (PostgreSQL's own privileges).
    """
    statements = [f"CREATE SCHEMA {schema}", f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC"]
    for (sequence,) in con.execute(
        "SELECT sequence_name FROM duckdb_sequences() WHERE database_name = 'src' ORDER BY sequence_name"
    ).fetchall():
        statements.append(f"CREATE SEQUENCE {schema}.{sequence}")
    statements += [table_statement(con, table, schema) for table in _tables(con)]
    for (sql,) in con.execute(
        "SELECT sql FROM duckdb_indexes() WHERE database_name = 'src' AND schema_name = 'main' ORDER BY index_name"
    ).fetchall():
        statements.append(index_statement(sql, schema))
    statements += _audit_guard(schema)
    return statements


def _audit_guard(schema: str) -> list[str]:
    """The audit log is append-only on the server too: UPDATE, DELETE and TRUNCATE raise, for every client."""
    return [
        f"CREATE FUNCTION {schema}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        f"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_log "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only()",
        f"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {schema}.audit_log "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_log_append_only()",
    ]


#: Tables a replica follows row by row, by this key column (a change names the keys it touched); every other
#: table is small and a replica copies it whole when it changed.
KEYED_TABLES: dict[str, str] = {
    "incidents": "id",
    "incident_areas": "incident_id",
    "problem_links": "incident_id",
    "problems": "id",
    "police_events": "id",
    "addresses": "id",
    "audit_log": "id",
    "incident_geocodes": "incident_id",
    "field_reports": "incident_id",
}
#: More changed keys than this in one statement and the change is logged (and copied by a replica) as the
#: whole table: a 1M-row import logs one row, not a million.
WHOLE_TABLE_ABOVE = 20_000
#: The change log's table, and the view that gives the oldest transaction still running.
CHANGES, SNAPSHOT_VIEW, PRUNED = "est_changes", "est_snapshot", "est_changes_pruned"


def _log_rows(table: str, key: str, counted: str, keys: str, schema: str) -> str:
    """PL/pgSQL that logs the keys of a statement's rows, or the whole table when there are many of them."""
    whole = f"INSERT INTO {schema}.{CHANGES} (table_name) VALUES ('{table}')"  # noqa: S608 - code names
    each = f"INSERT INTO {schema}.{CHANGES} (table_name, key) SELECT DISTINCT '{table}', \"{key}\" FROM {keys}"  # noqa: S608
    return f"IF (SELECT count(*) FROM {counted}) > {WHOLE_TABLE_ABOVE} THEN {whole}; ELSE {each}; END IF;"  # noqa: S608


def change_log_statements(tables: list[str], schema: str = PG_SCHEMA) -> list[str]:
    """What follows the copied rows: the import's unique index, and the change log a replica follows.

    The change log says which transaction changed which table (and which keys of a big one).

    Statement-level triggers with transition tables write one row per changed key (set-based, not a row
    trigger), or one row without a key for a small table, a TRUNCATE, or anything else that means "copy it
    whole". Each row carries its transaction id (64-bit, never wraps); :data:`SNAPSHOT_VIEW` gives the oldest
    transaction still running, below which every logged change has either committed or vanished with its
    rollback (see :mod:`est.store.replica`).
    """
    s = schema  # names below: the code's constants, a checked schema name and the store's own table names
    out = [
        # Writers run at once on a server: a row stored twice by two concurrent imports of one file is refused
        # here, not by the import's check of what is stored, which both would pass (est.store.server).
        f"ALTER TABLE {s}.incidents ADD CONSTRAINT incidents_organisation_dedup_key "
        "UNIQUE (organisation_id, dedup_key)",
        f"CREATE TABLE {s}.{CHANGES} (txid bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint, "
        "table_name text NOT NULL, key bigint, logged_at timestamptz NOT NULL DEFAULT now())",
        # the log is pruned (est.store.server.ServerStore.prune_change_log); a replica behind this copies anew
        f"CREATE TABLE {s}.{PRUNED} (below bigint NOT NULL)",
        f"INSERT INTO {s}.{PRUNED} VALUES (0)",  # noqa: S608 - code names
        f"CREATE INDEX {CHANGES}_txid ON {s}.{CHANGES} (txid)",
        f"CREATE VIEW {s}.{SNAPSHOT_VIEW} AS SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin",
        f"CREATE FUNCTION {s}.log_whole_table() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "  # noqa: S608
        f"INSERT INTO {s}.{CHANGES} (table_name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$",
    ]
    for table in tables:
        out += table_log_statements(table, s)
    return out


def table_log_statements(table: str, schema: str = PG_SCHEMA) -> list[str]:
    """The triggers that log the changes of one table (set up by :func:`change_log_statements`)."""
    s = schema
    key = KEYED_TABLES.get(table)
    if key is None:
        return [
            f'CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {s}."{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.log_whole_table()"
        ]
    union = f'(SELECT "{key}" FROM old_rows UNION SELECT "{key}" FROM new_rows) AS k'  # noqa: S608
    return [
        # each transition table is named only in the branch of the operation that has it
        f"CREATE FUNCTION {s}.log_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_log_rows(table, key, 'new_rows', 'new_rows', s)} "
        f"ELSIF TG_OP = 'DELETE' THEN {_log_rows(table, key, 'old_rows', 'old_rows', s)} "
        f"ELSE {_log_rows(table, key, 'new_rows', union, s)} END IF; RETURN NULL; END $$",
        f'CREATE TRIGGER {table}_inserted AFTER INSERT ON {s}."{table}" REFERENCING NEW TABLE AS new_rows '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.log_{table}()",
        f'CREATE TRIGGER {table}_updated AFTER UPDATE ON {s}."{table}" REFERENCING OLD TABLE AS old_rows '
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {s}.log_{table}()",
        f'CREATE TRIGGER {table}_deleted AFTER DELETE ON {s}."{table}" REFERENCING OLD TABLE AS old_rows '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.log_{table}()",
        f'CREATE TRIGGER {table}_truncated AFTER TRUNCATE ON {s}."{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.log_whole_table()",
    ]


def attach_server(con: duckdb.DuckDBPyConnection, url: str, alias: str, *, read_only: bool = False) -> None:
    """Attach the PostgreSQL store ``url`` to ``con`` as ``alias`` (loading the ``postgres`` extension first).

    Raises
    ------
    EstError
        When the server refuses or cannot be reached; the message names it without its password (the
        driver's own message may quote the URL, password included).
    """
    con.execute(f"LOAD '{extension_path('postgres_scanner')}'")
    mode = ", READ_ONLY" if read_only else ""
    try:
        con.execute(f"ATTACH {attach_literal(server_url(url))} AS {alias} (TYPE postgres{mode})")
    except duckdb.Error as exc:
        said = _hide_password(str(exc).strip(), url)
        raise EstError(
            f"cannot connect to {redacted_url(url)}: {said}. Check the server, the user and the database name",
            sv=f"kan inte ansluta till {redacted_url(url)}: {said}. Kontrollera servern, användaren och "
            "databasens namn",
        ) from None


def attach_to_engine(url: str, *, read_only: bool = False) -> str:
    """Attach the PostgreSQL store ``url`` to the process's engine under a new name; return the name.

    The caller detaches it (``ENGINE.detach``). Raises :class:`EstError` as :func:`attach_server` does.
    """
    name = ENGINE.new_name()
    cursor = ENGINE.cursor()
    try:
        attach_server(cursor, url, name, read_only=read_only)
    finally:
        cursor.close()
    return name


@contextmanager
def _attached(source: Store, url: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the source file (read-only, as ``src``) and the PostgreSQL database (``pg``)."""
    con = duckdb.connect(config=dict(_CONFIG))
    try:
        con.execute(f"ATTACH {attach_literal(str(source.path))} AS src (READ_ONLY)")
        attach_server(con, url, "pg")
        yield con
    finally:
        con.close()


def _check_empty_target(con: duckdb.DuckDBPyConnection, url: str, schema: str) -> None:
    asked = f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'"  # noqa: S608 - a checked identifier
    found = con.execute("SELECT count(*) FROM postgres_query('pg', ?)", [asked]).fetchone()
    if found and found[0]:
        raise EstError(
            f"{redacted_url(url)} already holds an EST store (schema {schema}); est migrate-store copies into a "
            f"database without one. Drop the schema first if it is a failed or test copy: DROP SCHEMA {schema} "
            "CASCADE",
            sv=f"{redacted_url(url)} har redan en EST-databas (schemat {schema}); est migrate-store kopierar bara "
            f"till en databas utan. Ta bort schemat först om det är en misslyckad kopia eller en testkopia: "
            f"DROP SCHEMA {schema} CASCADE",
        )


def _execute_pg(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    con.execute("CALL postgres_execute('pg', ?)", [sql])


def _copy_rows(con: duckdb.DuckDBPyConnection, schema: str) -> tuple[TableCopy, ...]:
    copied = []
    for table in _tables(con):
        try:
            con.execute(f'INSERT INTO pg.{schema}."{table}" SELECT * FROM src.main."{table}"')  # noqa: S608 - catalog names
        except duckdb.Error as exc:
            raise EstError(
                f"copying the table {table} failed: {exc}; nothing was kept",
                sv=f"kopieringen av tabellen {table} misslyckades: {exc}; inget sparades",
            ) from exc
        source = con.execute(f'SELECT count(*) FROM src.main."{table}"').fetchone()  # noqa: S608
        target = con.execute(f'SELECT count(*) FROM pg.{schema}."{table}"').fetchone()  # noqa: S608
        copied.append(TableCopy(table, int(source[0]) if source else 0, int(target[0]) if target else 0))
    return tuple(copied)


def _set_sequences(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Each PostgreSQL sequence continues where DuckDB's stopped (ids are never reused)."""
    for name, last in con.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences() WHERE database_name = 'src'"
    ).fetchall():
        if last is not None:
            _execute_pg(con, f"SELECT setval('{schema}.{name}', {int(last)})")


def _refuse_differing_counts(tables: tuple[TableCopy, ...]) -> None:
    differing = [f"{t.name} ({t.source_rows} → {t.target_rows})" for t in tables if not t.matches]
    if differing:
        raise EstError(
            f"the copy's row counts differ from the source in: {', '.join(differing)}; nothing was kept",
            sv=f"kopians antal rader skiljer sig från källans i: {', '.join(differing)}; inget sparades",
        )


def copy_store(source: Store, url: str) -> StoreCopy:
    """Copy every table of the DuckDB store ``source`` into a new schema of the PostgreSQL ``url``.

    The schema is ``est``, or the one the URL names (``?schema=ostersund``), made by the URL's role.

    The source is read under its shared lock (no write can start half-way); the target must not hold an EST
    store yet. On any failure the schema is dropped again, so a retry starts clean.

    Raises
    ------
    EstError
        When the server cannot be reached, the target already holds a store, a type or index cannot be
        translated, or a table's count in the target differs from the source (then nothing is kept).
    """
    started = time.perf_counter()
    schema = store_schema(url)
    with source.reading(), _attached(source, url) as con:
        _check_empty_target(con, url, schema)
        statements = schema_statements(con, schema)
        try:
            for sql in statements:
                _execute_pg(con, sql)
            con.execute("DETACH pg")  # the new tables become visible to DuckDB's catalog of the attachment
            attach_server(con, url, "pg")
            tables = _copy_rows(con, schema)
            _refuse_differing_counts(tables)
            _set_sequences(con, schema)
            for sql in change_log_statements([t.name for t in tables], schema):  # after the rows: no change
                _execute_pg(con, sql)
        except BaseException:
            _execute_pg(con, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            raise
    return StoreCopy(tables, round(time.perf_counter() - started, 3))
