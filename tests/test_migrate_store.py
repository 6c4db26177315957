"""``est migrate-store``: a DuckDB store copied into a real PostgreSQL server, every count verified.

The server is started by the test run itself (``tests/pg.py``); what the copy holds is read back with
``psql``, not through the code under test.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from est.cli import main
from est.store import Store
from est.store.postgres import CHANGES, PG_SCHEMA, PRUNED, copy_store, redacted_url
from tests.errors import raised
from tests.pg import query


def _counts(url: str) -> dict[str, int]:
    """Rows per store table in PostgreSQL (the change log is the server's own, not a copied table)."""
    listed = (
        f"SELECT tablename FROM pg_tables WHERE schemaname = '{PG_SCHEMA}' "
        f"AND tablename NOT IN ('{CHANGES}', '{PRUNED}')"
    )
    tables = [name for (name,) in query(url, listed)]
    return {t: int(query(url, f'SELECT count(*) FROM {PG_SCHEMA}."{t}"')[0][0]) for t in tables}


def _duck_counts(store: Store) -> dict[str, int]:
    tables = [t for (t,) in store.rows("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")]
    return {t: int(store.value(f'SELECT count(*) FROM "{t}"')) for t in tables}


def test_the_demo_store_is_copied_table_by_table_with_the_same_counts(demo_store: Store, pg_url: str) -> None:
    copied = copy_store(demo_store, pg_url)
    assert copied.verified
    source = _duck_counts(demo_store)
    assert {t.name: t.target_rows for t in copied.tables} == source
    assert _counts(pg_url) == source  # read back with psql, not by the code under test
    assert query(pg_url, f"SELECT count(*) FROM {PG_SCHEMA}.{CHANGES}") == [("0",)]  # the copy is no change
    assert source["incidents"] > 1000 and source["meetings"] >= 2 and source["audit_log"] > 0
    # the same rows, not only as many: the newest incident and a meeting's date
    newest = demo_store.rows("SELECT id, category_code, occurred_at FROM incidents ORDER BY id DESC LIMIT 1")[0]
    copied_row = query(
        pg_url, f"SELECT id, category_code, occurred_at FROM {PG_SCHEMA}.incidents ORDER BY id DESC LIMIT 1"
    )
    assert copied_row[0][:2] == (str(newest[0]), newest[1])
    held = query(
        pg_url,
        f"SELECT (occurred_at = '{newest[2].isoformat()}'::timestamptz)::text FROM {PG_SCHEMA}.incidents "
        f"WHERE id = {newest[0]}",
    )
    assert held == [("true",)]  # the same instant, whatever the session's time zone


def test_the_copy_keeps_keys_defaults_and_continues_the_id_sequences(demo_store: Store, pg_url: str) -> None:
    copy_store(demo_store, pg_url)
    last_id = demo_store.value("SELECT max(id) FROM organisations")
    new_id = query(pg_url, f"INSERT INTO {PG_SCHEMA}.organisations (name) VALUES ('Ny organisation') RETURNING id")
    assert int(new_id[0][0]) > last_id  # the default draws from the sequence, after every copied id
    with pytest.raises(subprocess.CalledProcessError):  # the primary key holds
        query(pg_url, f"INSERT INTO {PG_SCHEMA}.organisations (id, name) VALUES ({last_id}, 'Dubblett')")
    with pytest.raises(subprocess.CalledProcessError):  # a CHECK constraint came along
        query(pg_url, f"UPDATE {PG_SCHEMA}.actions SET status = 'okänd'")


def test_the_audit_log_is_append_only_on_the_server(demo_store: Store, pg_url: str) -> None:
    copy_store(demo_store, pg_url)
    before = query(pg_url, f"SELECT count(*) FROM {PG_SCHEMA}.audit_log")
    for sql in ("DELETE FROM {s}.audit_log", "UPDATE {s}.audit_log SET actor = 'x'", "TRUNCATE {s}.audit_log"):
        with pytest.raises(subprocess.CalledProcessError) as refused:
            query(pg_url, sql.format(s=PG_SCHEMA))
        assert "append-only" in refused.value.stderr
    query(pg_url, f"INSERT INTO {PG_SCHEMA}.audit_log (actor, action) VALUES ('test', 'test')")
    assert int(query(pg_url, f"SELECT count(*) FROM {PG_SCHEMA}.audit_log")[0][0]) == int(before[0][0]) + 1


def test_a_second_copy_into_the_same_database_is_refused_and_changes_nothing(demo_store: Store, pg_url: str) -> None:
    copy_store(demo_store, pg_url)
    before = _counts(pg_url)
    error = raised(lambda: copy_store(demo_store, pg_url))
    assert "already holds an EST store" in str(error) and "DROP SCHEMA est CASCADE" in str(error)
    assert "har redan en EST-databas" in error.sv
    assert _counts(pg_url) == before


def test_a_copy_that_fails_half_way_leaves_no_schema_behind(demo_store: Store, pg_url: str) -> None:
    # DuckDB text may hold a NUL character, PostgreSQL's may not: the copy fails at that table, after the
    # schema and the tables before it were written; all of it is dropped, other schemas are left alone.
    with demo_store.writing() as w:
        w.execute("UPDATE settings SET value = 'a' || chr(0) || 'b' WHERE key = (SELECT min(key) FROM settings)")
    query(pg_url, f"CREATE SCHEMA {PG_SCHEMA}_unrelated")
    error = raised(lambda: copy_store(demo_store, pg_url))
    assert "copying the table settings failed" in str(error) and "nothing was kept" in str(error)
    assert "kopieringen av tabellen settings misslyckades" in error.sv
    assert query(pg_url, f"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{PG_SCHEMA}%'") == [
        (f"{PG_SCHEMA}_unrelated",)
    ]


def test_an_unreachable_server_is_named_without_its_password(demo_store: Store, pg_url: str) -> None:
    wrong = pg_url.replace("postgres@", "postgres:hemligt@").rsplit("/", 1)[0] + "/no_such_database"
    error = raised(lambda: copy_store(demo_store, wrong))
    assert "cannot connect to postgresql://postgres:***@" in str(error) and "hemligt" not in str(error)


def test_est_migrate_store_prints_its_promised_json_keys(
    demo_store: Store, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = pg_url.replace("postgres@", "postgres:hemligt@")  # trust authentication ignores the password
    code = main(["migrate-store", "--from", str(demo_store.path), "--to", target, "--json"])
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {"from", "to", "schema", "tables", "verified", "seconds"}
    assert out["verified"] is True and out["schema"] == PG_SCHEMA and "hemligt" not in out["to"]
    assert out["to"] == redacted_url(target) == target.replace(":hemligt@", ":***@")
    assert {t["name"] for t in out["tables"]} >= {"incidents", "areas", "users", "audit_log", "meetings"}
    assert all(set(t) == {"name", "source_rows", "target_rows"} for t in out["tables"])


def test_est_migrate_store_refuses_a_target_that_is_not_postgresql(
    demo_store: Store, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["migrate-store", "--from", str(demo_store.path), "--to", str(tmp_path / "x.duckdb"), "--json"])
    assert code == 2
    assert "--to must be a PostgreSQL URL" in json.loads(capsys.readouterr().out)["error"]["message"]
