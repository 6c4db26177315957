"""Upgrading a PostgreSQL store made by an older version in place (est.store.upgrade), on a real server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from est.errors import EstError
from est.store.postgres import PG_SCHEMA
from est.store.schema import Migration, list_migrations
from est.store.server import ServerStore
from est.store.upgrade import upgrade_server_store
from tests.pg import create_database, query

pytestmark = pytest.mark.xdist_group("postgres")

LATEST = list_migrations()[-1].version

# The server's own description of a schema, without the names PostgreSQL makes up for constraints
_CATALOG = {
    "columns": "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
    "FROM information_schema.columns WHERE table_schema = 'est'",
    "constraints": "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE connamespace = 'est'::regnamespace",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'est' "
    "AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%key'",
    "triggers": "SELECT tgrelid::regclass::text, tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE c.relnamespace = 'est'::regnamespace AND NOT tgisinternal",
    "sequences": "SELECT sequencename FROM pg_sequences WHERE schemaname = 'est'",
    "seed rows": "SELECT 'categories', count(*)::text FROM est.categories",
}


def _catalog(url: str) -> dict[str, list[tuple[str, ...]]]:
    return {name: sorted(query(url, sql)) for name, sql in _CATALOG.items()}


def _store_at(url: str, tmp_path: Path, upto: int) -> ServerStore:
    """A server store as the version that shipped migrations up to ``upto`` made it."""
    store = ServerStore(url, replica=tmp_path / f"replica-{upto}.duckdb")
    store.migrate(only={m.version for m in list_migrations() if m.version <= upto})
    assert store.schema_version() == upto
    return store


def test_an_older_server_store_is_upgraded_in_place_to_the_schema_a_new_one_gets(
    pg_server: str, tmp_path: Path
) -> None:
    old = _store_at(create_database(pg_server, "upgrade_old"), tmp_path, 2)
    applied = ServerStore(old.url, replica=tmp_path / "after.duckdb").migrate()
    assert applied == [m.version for m in list_migrations() if m.version > 2]
    new = ServerStore(create_database(pg_server, "upgrade_new"), replica=tmp_path / "new.duckdb")
    new.migrate()
    assert old.schema_version() == new.schema_version() == LATEST
    upgraded, made = _catalog(old.url), _catalog(new.url)
    for part in _CATALOG:  # tables, columns, types, defaults, checks, unique indexes, change-log triggers
        assert upgraded[part] == made[part], part
    assert ServerStore(old.url, replica=tmp_path / "again.duckdb").migrate() == []  # nothing left to do


def test_a_data_step_runs_in_its_order_and_a_replica_follows_the_new_columns(pg_server: str, tmp_path: Path) -> None:
    # 052 makes duplicate form tokens unique (an UPDATE) before it builds the unique index on them, then adds
    # a column: run out of order, the index could not be built.
    store = _store_at(create_database(pg_server, "upgrade_data"), tmp_path, 51)
    for incident in (7, 8):
        query(
            store.url,
            "INSERT INTO est.field_reports (incident_id, kind, client_token, position_source, reported_by) "
            f"VALUES ({incident}, 'observation', 'samma-token', 'map', 'anna')",
        )
    assert store.value("SELECT count(*) FROM field_reports") == 2  # the replica holds the old shape
    assert ServerStore(store.url, replica=tmp_path / "upgrader.duckdb").migrate() == [52, 60, 61, 62]
    tokens = query(store.url, "SELECT incident_id, client_token FROM est.field_reports ORDER BY incident_id")
    assert tokens == [("7", "samma-token"), ("8", "samma-token:8")]
    assert query(store.url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'field_reports_client_token'") == [
        ("1",)
    ]
    # the replica copies the table again at its next read: the new column is there
    assert store.rows("SELECT incident_id, position_accuracy_m FROM field_reports ORDER BY 1") == [(7, None), (8, None)]
    assert store.value("SELECT count(*) FROM patrol_plans") == 0  # a new table reaches the replica too


def test_a_duckdb_storage_migration_is_only_recorded_on_the_server(pg_server: str, tmp_path: Path) -> None:
    # 062 makes the DuckDB incidents table again (a column's compression is set only at creation); a
    # PostgreSQL store has no such storage, and its table, rows and change log stay as they were
    storage_only = [m.version for m in list_migrations() if m.duckdb_storage_only]
    assert 62 in storage_only
    store = _store_at(create_database(pg_server, "upgrade_storage"), tmp_path, 61)
    query(store.url, "INSERT INTO est.organisations (name, source_kind) VALUES ('Bostadsbolaget', 'fastighetsagare')")
    query(
        store.url,
        "INSERT INTO est.incidents (occurred_at, category_code, source_kind, organisation_id, dedup_key) "
        "VALUES ('2025-03-01 12:00+01', 'ordning.klotter', 'fastighetsagare', 1, 'h:abc:1')",
    )
    table = query(store.url, "SELECT 'est.incidents'::regclass::oid::text")
    logged = "SELECT count(*) FROM est.est_changes WHERE table_name = 'incidents'"
    before = query(store.url, logged)
    assert ServerStore(store.url, replica=tmp_path / "upgrader.duckdb").migrate() == [62]
    assert query(store.url, "SELECT 'est.incidents'::regclass::oid::text") == table  # not made again
    assert query(store.url, "SELECT id, dedup_key FROM est.incidents") == [("1", "h:abc:1")]
    assert query(store.url, logged) == before  # no replica copies it again
    assert query(store.url, "SELECT name FROM est.schema_migrations WHERE version = 62") == [
        ("incident_dedup_key_uncompressed",)
    ]


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("ALTER TABLE organisations ADD COLUMN region VARCHAR", "changes the schema or the rows"),
        ("INSERT INTO settings (key, value) VALUES ('ny', 'rad')", "changes the schema or the rows"),
        ("DELETE FROM source_kinds WHERE code = 'ovrig'", "holds a DELETE statement"),
        ("UPDATE categories SET label_sv = 'x'", "holds a UPDATE statement"),
    ],
)
def test_a_migration_marked_as_duckdb_storage_only_that_changes_more_is_refused(
    pg_url: str, tmp_path: Path, sql: str, refusal: str
) -> None:
    store = ServerStore(pg_url, replica=tmp_path / "replica.duckdb")
    store.migrate()
    recorded = {m.version for m in list_migrations()}
    mislabelled = Migration(903, "region", "-- est: duckdb storage only\n" + sql)
    assert mislabelled.duckdb_storage_only
    with pytest.raises(EstError, match=rf"migration 903 \(region\) is marked as DuckDB storage only but {refusal}"):
        upgrade_server_store(pg_url, PG_SCHEMA, recorded, [mislabelled])
    assert query(pg_url, "SELECT count(*) FROM est.schema_migrations WHERE version = 903") == [("0",)]


def test_a_migration_that_would_drop_a_column_is_refused_and_nothing_is_written(pg_url: str, tmp_path: Path) -> None:
    store = ServerStore(pg_url, replica=tmp_path / "replica.duckdb")
    store.migrate()
    recorded = {m.version for m in list_migrations()}
    dropping = Migration(900, "drop_kind", "ALTER TABLE organisations DROP COLUMN source_kind")
    with pytest.raises(
        EstError, match=r"migration 900 \(drop_kind\) drops or changes column organisations\.source_kind"
    ):
        upgrade_server_store(pg_url, PG_SCHEMA, recorded, [dropping])
    assert query(
        pg_url,
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'est' "
        "AND table_name = 'organisations' AND column_name = 'source_kind'",
    ) == [("1",)]
    assert query(pg_url, "SELECT count(*) FROM est.schema_migrations WHERE version = 900") == [("0",)]


def test_a_migration_that_fails_half_way_leaves_the_server_as_it_was(pg_url: str, tmp_path: Path) -> None:
    store = ServerStore(pg_url, replica=tmp_path / "replica.duckdb")
    store.migrate()
    recorded = {m.version for m in list_migrations()}
    good = Migration(
        901,
        "notes",
        "CREATE SEQUENCE note_id_seq START 1;\n"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY DEFAULT nextval('note_id_seq'), body VARCHAR NOT NULL);\n"
        "INSERT INTO notes (body) VALUES ('första');\n"
        "ALTER TABLE organisations ADD COLUMN region VARCHAR DEFAULT 'Jämtland';",
    )
    failing = Migration(
        902, "bad", "ALTER TABLE organisations ADD COLUMN code VARCHAR;\nINSERT INTO notes (body) VALUES (NULL);"
    )
    with pytest.raises(Exception, match="null"):
        upgrade_server_store(pg_url, PG_SCHEMA, recorded, [good, failing])
    assert query(pg_url, "SELECT id, body FROM est.notes") == [
        ("1", "första")
    ]  # 901 committed, on the server's sequence
    assert query(pg_url, "SELECT DISTINCT region FROM est.organisations") in ([("Jämtland",)], [])
    columns = query(
        pg_url,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'est' "
        "AND table_name = 'organisations'",
    )
    assert ("region",) in columns and ("code",) not in columns  # 902's column went with its failed insert
    assert query(pg_url, "SELECT version FROM est.schema_migrations WHERE version > 900") == [("901",)]
    logged = query(pg_url, "SELECT DISTINCT tgname FROM pg_trigger WHERE tgrelid = 'est.notes'::regclass")
    assert ("notes_changes",) in logged  # a new table's changes reach the replicas


def test_two_processes_upgrading_at_once_apply_each_migration_once(pg_server: str, tmp_path: Path) -> None:
    url = _store_at(create_database(pg_server, "upgrade_race"), tmp_path, 43).url

    def upgrade(name: str) -> list[int]:
        return ServerStore(url, replica=tmp_path / f"{name}.duckdb").migrate()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [f.result() for f in [pool.submit(upgrade, name) for name in ("a", "b")]]  # raises what they raised
    pending = [m.version for m in list_migrations() if m.version > 43]
    assert sorted(v for applied in results for v in applied) == pending  # each applied by exactly one of them
    recorded = query(url, "SELECT version, count(*) FROM est.schema_migrations GROUP BY version HAVING count(*) > 1")
    assert recorded == []
