"""The store: migrations, the transactional write path, locking between processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from est.errors import DatabaseBusyError, EstError, SchemaError
from est.store import Stage, Store, list_migrations, open_store


def test_new_database_applies_every_migration_once_and_records_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.duckdb")
    applied = store.migrate()
    known = [m.version for m in list_migrations()]
    assert applied == known
    recorded = store.rows("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r[0] for r in recorded] == known
    assert recorded[0][1] == "core"
    assert store.schema_version() == known[-1]


def test_reopening_an_up_to_date_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "est.duckdb"
    open_store(path)
    before = (path.stat().st_mtime_ns, path.stat().st_size)
    again = Store(path)
    assert again.migrate() == []
    assert again.pending_migrations() == []
    assert (path.stat().st_mtime_ns, path.stat().st_size) == before
    assert again.value("SELECT count(*) FROM schema_migrations") == len(list_migrations())


def test_newer_schema_than_the_code_gives_a_clear_error(tmp_path: Path) -> None:
    store = open_store(tmp_path / "est.duckdb")
    with store.writing() as w:
        w.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')")
    with pytest.raises(SchemaError, match=r"schema version 999, newer than this EST Lägesbild"):
        open_store(store.path)


def test_a_migration_numbered_below_the_newest_applied_one_is_still_applied(tmp_path: Path) -> None:
    # A database made by a build that lacked migration 030 (users) but had the later ones: opening it with
    # this build applies 030 although 040 and up are recorded.
    path = tmp_path / "est.duckdb"
    bare = Store(path)
    with bare.writing() as w:
        w.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
    for migration in list_migrations():
        if migration.version == 30:
            continue
        with bare.writing() as w:
            w.execute(migration.sql)
            w.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
            )
    assert [m.version for m in bare.pending_migrations()] == [30]
    assert open_store(path).value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'") == 1
    assert bare.pending_migrations() == []
    assert bare.migrate() == []


def _storage_version(path: Path) -> str:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{path}' AS f (READ_ONLY)")
        row = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'f'").fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0])


def test_a_new_store_file_gets_the_newest_storage_format_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    new = open_store(tmp_path / "new.duckdb")
    new.value("SELECT count(*) FROM incidents")
    assert _storage_version(new.path).startswith("v1.5")
    # a file made by an earlier version of the app (DuckDB's default format), then migrated and written to
    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).close()
    assert _storage_version(old).startswith("v1.0")
    store = open_store(old)
    with store.writing() as w:
        w.execute("INSERT INTO organisations (name, source_kind) VALUES ('Bostadsbolaget', 'fastighetsagare')")
    assert store.value("SELECT count(*) FROM organisations WHERE name = 'Bostadsbolaget'") == 1
    assert _storage_version(old).startswith("v1.0")


def _incidents_catalog(store: Store) -> list[tuple[object, ...]]:
    return store.rows(
        "SELECT column_name, data_type, column_default, is_nullable FROM duckdb_columns() "
        "WHERE table_name = 'incidents' ORDER BY column_index"
    )


def _dedup_key_storage(store: Store) -> set[str]:
    rows = store.rows(
        "SELECT DISTINCT compression FROM pragma_storage_info('incidents') "
        "WHERE column_name = 'dedup_key' AND segment_type = 'VARCHAR'"
    )
    return {str(r[0]) for r in rows}


def test_a_store_made_before_062_keeps_its_incidents_and_stores_dedup_keys_uncompressed(tmp_path: Path) -> None:
    store = Store(tmp_path / "old.duckdb")
    store.migrate(only={m.version for m in list_migrations() if m.version < 62})
    with store.writing() as w:
        w.execute("INSERT INTO organisations (name, source_kind) VALUES ('Bostadsbolaget', 'fastighetsagare')")
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, description, lat, "
            "lon, dedup_key, batch_id, duplicate_of) SELECT TIMESTAMPTZ '2025-03-01 12:00:00+01' + i * INTERVAL 1 "
            "minute, 'ordning.klotter', 'fastighetsagare', 1, 'Klotter ' || i, 63.1, 14.6, CASE WHEN i % 5 = 0 "
            "THEN NULL ELSE 'h:' || md5(i::VARCHAR) || ':1' END, 7, CASE WHEN i = 3 THEN 2 END FROM range(150000) t(i)"
        )
    columns = _incidents_catalog(store)
    rows = store.rows("SELECT * FROM incidents ORDER BY id")
    assert _dedup_key_storage(store) != {"Uncompressed"}  # checkpointed with DuckDB's string compression
    assert store.migrate() == [62]
    assert _incidents_catalog(store) == columns  # the same columns, types, defaults and NOT NULLs
    assert store.rows("SELECT * FROM incidents ORDER BY id") == rows
    assert store.value("SELECT bool_and(id = rowid + 1) FROM incidents")  # in the same order
    assert _dedup_key_storage(store) == {"Uncompressed"}
    with store.writing() as w:  # the sequence goes on where it was
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, dedup_key) "
            "VALUES (now(), 'ordning.klotter', 'fastighetsagare', 1, 'h:ny:1')"
        )
    assert store.value("SELECT max(id) FROM incidents") == 150001


@pytest.mark.file_store
def test_a_new_store_stores_dedup_keys_uncompressed(empty_store: Store) -> None:
    with empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name, source_kind) VALUES ('Bostadsbolaget', 'fastighetsagare')")
        w.execute(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, dedup_key) "
            "SELECT now(), 'ordning.klotter', 'fastighetsagare', 1, 'h:' || md5(i::VARCHAR) || ':1' "
            "FROM range(130000) t(i)"
        )
    assert _dedup_key_storage(empty_store) == {"Uncompressed"}
    assert empty_store.value("SELECT count(DISTINCT dedup_key) FROM incidents") == 130000


def test_reading_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="est init"):
        Store(tmp_path / "nothing.duckdb").value("SELECT 1")


def test_taxonomy_and_source_kinds_are_seeded_with_stable_codes(empty_store: Store) -> None:
    kinds = [r[0] for r in empty_store.rows("SELECT code FROM source_kinds ORDER BY sort")]
    assert kinds == ["fastighetsagare", "nattvandrare", "polis", "kommun", "vaktare", "ovrig"]
    codes = {r[0] for r in empty_store.rows("SELECT code FROM categories")}
    for code in (
        "skadegorelse.klotter",
        "skadegorelse.glaskross",
        "skadegorelse.brand",
        "samling.trapphus",
        "samling.garage",
        "ordning.inbrott.kallare",
        "ordning.inbrott.bil",
        "ordning.narkotika",
        "ordning.trafik.mopedbil",
        "ordning.trafik.hog_musik",
        "ordning.olovligt_boende",
        "otrygg_plats.belysning",
        "arrangemang",
        "okategoriserad",
    ):
        assert code in codes
    # Every child's parent exists and every child code extends its parent's.
    orphans = empty_store.rows(
        "SELECT c.code FROM categories c LEFT JOIN categories p ON p.code = c.parent_code "
        "WHERE c.parent_code IS NOT NULL AND (p.code IS NULL OR NOT starts_with(c.code, p.code || '.'))"
    )
    assert orphans == []
    labels = empty_store.rows("SELECT label_sv, label_en FROM categories WHERE code = 'skadegorelse.klotter'")
    assert labels == [("Klotter", "Graffiti")]


def test_a_failed_write_rolls_back_everything(empty_store: Store) -> None:
    with pytest.raises(RuntimeError), empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES (?)", ["Bostadsbolaget"])
        raise RuntimeError("crash in the middle")
    assert empty_store.value("SELECT count(*) FROM organisations") == 0


def test_a_staged_temporary_table_is_read_by_the_transaction_and_leaves_no_trace(empty_store: Store) -> None:
    def stage(s: Stage) -> None:
        s.execute("CREATE TEMP TABLE staged AS SELECT 'Bostadsbolaget' AS name")

    with empty_store.writing(stage=stage) as w:
        w.execute("INSERT INTO organisations (name) SELECT name FROM staged")
    assert empty_store.rows("SELECT name FROM organisations") == [("Bostadsbolaget",)]
    with empty_store.writing() as w:  # a temporary table lives only as long as its connection
        assert w.value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'staged' AND temporary") == 0


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO organisations (name) VALUES ('x')",
        "WITH n AS (SELECT 'x' AS name) INSERT INTO organisations (name) SELECT name FROM n",
        "CREATE TABLE kept AS SELECT 1 AS a",
        "DELETE FROM organisations",
        "SELECT 1; INSERT INTO organisations (name) VALUES ('x')",
        "SET memory_limit = '256MB'",  # the engine's setting, which would outlive the write
    ],
)
def test_the_stage_before_the_transaction_cannot_change_the_database(empty_store: Store, statement: str) -> None:
    with pytest.raises(EstError, match="temporary tables"), empty_store.writing(stage=lambda s: s.execute(statement)):
        pass
    assert empty_store.value("SELECT count(*) FROM organisations") == 0
    assert empty_store.value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'kept'") == 0


def test_a_failed_stage_writes_nothing_and_releases_the_lock(empty_store: Store) -> None:
    def stage(s: Stage) -> None:
        s.execute("CREATE TEMP TABLE staged AS SELECT 1 AS a")
        raise RuntimeError("the file could not be read")

    with pytest.raises(RuntimeError), empty_store.writing(stage=stage) as w:
        w.execute("INSERT INTO organisations (name) VALUES ('never')")
    with empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES ('next writer')")
    assert empty_store.rows("SELECT name FROM organisations") == [("next writer",)]


def test_values_are_bound_never_interpreted_as_sql(empty_store: Store) -> None:
    hostile = "x'); DROP TABLE incidents; --"
    with empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES (?)", [hostile])
    assert empty_store.value("SELECT name FROM organisations") == hostile
    assert empty_store.value("SELECT count(*) FROM incidents") == 0


def _hold_write_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import sys, time
        from est.store import Store
        store = Store({str(path)!r})
        with store.writing() as w:
            w.execute("INSERT INTO organisations (name) VALUES ('other process')")
            print("locked", flush=True)
            time.sleep({seconds})
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_reader_waits_for_another_process_writing_then_sees_its_commit(empty_store: Store) -> None:
    proc = _hold_write_lock(empty_store.path, 1.5)
    started = time.monotonic()
    assert empty_store.value("SELECT count(*) FROM organisations") == 1
    assert time.monotonic() - started > 0.5
    assert proc.wait(timeout=20) == 0


def test_a_reader_gives_up_with_a_busy_error_after_the_timeout(empty_store: Store) -> None:
    proc = _hold_write_lock(empty_store.path, 4)
    impatient = Store(empty_store.path, lock_timeout=0.5)
    with pytest.raises(DatabaseBusyError, match="another process"):
        impatient.value("SELECT 1")
    proc.wait(timeout=20)


def test_data_version_changes_when_another_process_commits(empty_store: Store) -> None:
    before = empty_store.data_version()
    proc = _hold_write_lock(empty_store.path, 0)
    proc.wait(timeout=20)
    assert empty_store.data_version() != before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'someone else'",
        "delete from audit_log where id = 1",
        'DELETE FROM main."audit_log"',
        "TRUNCATE audit_log",
        "DROP TABLE IF EXISTS audit_log",
    ],
)
def test_the_audit_log_is_append_only(empty_store: Store, statement: str) -> None:
    from est.access import audit

    with empty_store.writing() as w:
        audit.record(w, "anna", "login")
    with pytest.raises(EstError, match="append-only"), empty_store.writing() as w:
        w.execute(statement)
    with pytest.raises(EstError, match="append-only"), empty_store.writing() as w:
        w.value(
            statement.replace("main.", "") + " RETURNING id"
            if statement.startswith(("UPDATE", "delete"))
            else statement
        )
    assert empty_store.rows("SELECT actor, action FROM audit_log") == [("anna", "login")]
