"""A local DuckDB replica of a PostgreSQL store: exact after every sync, also when writers commit out of order.

Writes come from ``psql`` sessions on a real server (as another replica or a CLI import on another machine
would write); the replica is compared with PostgreSQL row for row through a separate connection.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from est.store import Store, extension_path
from est.store import replica as replica_module
from est.store.postgres import CHANGES, PG_SCHEMA, PRUNED, attach_literal, copy_store
from est.store.replica import sync_replica
from tests.pg import _bin_dir, query

_NEW_INCIDENT = (
    f"INSERT INTO {PG_SCHEMA}.incidents (occurred_at, category_code, source_kind, organisation_id, description) "
    "VALUES (now(), 'skadegorelse.klotter', 'polis', 1, '{text}')"
)


@pytest.fixture
def store_url(demo_store: Store, pg_url: str) -> str:
    copy_store(demo_store, pg_url)
    return pg_url


@pytest.fixture
def replica(store_url: str, tmp_path: Path) -> Path:
    """A DuckDB replica of the server store, synced once."""
    path = tmp_path / "replica.duckdb"
    sync_replica(path, store_url)
    return path


def _differences(replica: Path, url: str) -> dict[str, int]:
    """Rows in one side and not the other, per table (empty when the replica equals PostgreSQL)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{extension_path('postgres_scanner')}'")
    con.execute(f"ATTACH {attach_literal(url)} AS pg (TYPE postgres, READ_ONLY)")
    con.execute(f"ATTACH {attach_literal(str(replica))} AS rep (READ_ONLY)")
    tables = [t for (t,) in query(url, f"SELECT tablename FROM pg_tables WHERE schemaname = '{PG_SCHEMA}'")]
    differing = {}
    for table in tables:
        if table in (CHANGES, PRUNED):  # the server's own change log, which a replica does not copy
            continue
        a, b = f'pg.{PG_SCHEMA}."{table}"', f'rep.main."{table}"'
        found = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})) + "
            f"(SELECT count(*) FROM (SELECT * FROM {b} EXCEPT ALL SELECT * FROM {a}))"
        ).fetchone()
        if found and found[0]:
            differing[table] = int(found[0])
    con.close()
    return differing


@contextmanager
def open_transaction(url: str) -> Iterator[subprocess.Popen[str]]:
    """A psql session whose transaction stays open until the block commits it (``commit(session)``)."""
    session = subprocess.Popen(
        [str(_bin_dir() / "psql"), url, "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield session
    finally:
        if session.stdin:
            session.stdin.close()
        session.wait(timeout=30)


def run_in(session: subprocess.Popen[str], sql: str) -> None:
    """Run ``sql`` in the open session and wait until it has run."""
    assert session.stdin and session.stdout
    session.stdin.write(f"{sql};\nSELECT 'done';\n")
    session.stdin.flush()
    assert session.stdout.readline().strip() == "done"


def test_the_first_sync_copies_every_table_and_a_sync_without_changes_copies_nothing(
    store_url: str, tmp_path: Path
) -> None:
    replica = tmp_path / "replica.duckdb"
    first = sync_replica(replica, store_url)
    assert first.full and "incidents" in first.tables_copied and "est_snapshot" not in first.tables_copied
    assert _differences(replica, store_url) == {}
    again = sync_replica(replica, store_url)
    assert not again.full and again.tables_copied == () and again.keys_applied == 0


def test_inserts_updates_and_deletes_reach_the_replica_by_their_keys(replica: Path, store_url: str) -> None:
    query(store_url, _NEW_INCIDENT.format(text="ny"))
    query(store_url, f"UPDATE {PG_SCHEMA}.incidents SET description = 'ändrad' WHERE id IN (1, 2)")
    query(store_url, f"DELETE FROM {PG_SCHEMA}.incident_areas WHERE incident_id = 3")
    query(store_url, f"INSERT INTO {PG_SCHEMA}.settings (key, value) VALUES ('replica_test', '1')")
    synced = sync_replica(replica, store_url)
    assert synced.tables_copied == ("settings",)  # a small table is copied whole
    assert synced.keys_applied == 4  # three incidents and one incident's areas, nothing else
    assert _differences(replica, store_url) == {}


def test_a_writer_that_commits_after_a_later_one_is_not_missed(replica: Path, store_url: str) -> None:
    # A long import starts first (lower transaction id) and commits after a short write that started later;
    # a sync in between sees only the short write. Reading the log by id alone would then skip the import.
    with open_transaction(store_url) as long_import:
        run_in(long_import, "BEGIN")
        run_in(long_import, _NEW_INCIDENT.format(text="lång import"))
        query(store_url, _NEW_INCIDENT.format(text="kort skrivning"))
        between = sync_replica(replica, store_url)
        assert between.keys_applied == 1
        assert _differences(replica, store_url) == {}  # the open import is not visible yet: equal still
        run_in(long_import, "COMMIT")
    after = sync_replica(replica, store_url)
    assert after.keys_applied == 1
    assert _differences(replica, store_url) == {}
    con = duckdb.connect(str(replica), read_only=True)
    assert con.execute("SELECT count(*) FROM incidents WHERE description = 'lång import'").fetchone() == (1,)


def test_a_rolled_back_write_changes_nothing(replica: Path, store_url: str) -> None:
    with open_transaction(store_url) as session:
        run_in(session, "BEGIN")
        run_in(session, _NEW_INCIDENT.format(text="ångrad"))
        run_in(session, "ROLLBACK")
    synced = sync_replica(replica, store_url)
    assert synced.keys_applied == 0 and synced.tables_copied == ()
    assert _differences(replica, store_url) == {}


def test_a_large_change_copies_the_table_whole(replica: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica_module, "WHOLE_TABLE_ABOVE", 10)
    query(store_url, f"UPDATE {PG_SCHEMA}.incidents SET description = 'massändring' WHERE id <= 50")
    query(store_url, f"UPDATE {PG_SCHEMA}.problems SET id = id WHERE id IN (SELECT min(id) FROM {PG_SCHEMA}.problems)")
    synced = sync_replica(replica, store_url)
    assert synced.tables_copied == ("incidents",) and synced.keys_applied == 1
    assert _differences(replica, store_url) == {}


def test_a_replica_file_of_another_store_is_copied_anew(
    replica: Path, store_url: str, demo_store: Store, pg_server: str, tmp_path: Path
) -> None:
    from tests.pg import create_database

    other = create_database(pg_server, f"other_{tmp_path.name[-8:].lower()}")
    copy_store(demo_store, other)
    query(other, _NEW_INCIDENT.format(text="bara i den andra"))
    moved = sync_replica(replica, other)
    assert moved.full
    assert _differences(replica, other) == {}


def test_a_replica_behind_the_pruned_log_copies_everything_again(replica: Path, store_url: str, tmp_path: Path) -> None:
    from est.store.server import ServerStore

    query(store_url, _NEW_INCIDENT.format(text="före gallringen"))
    ServerStore(store_url, replica=tmp_path / "other.duckdb").prune_change_log(days=0)  # every logged change
    assert query(store_url, f"SELECT count(*) FROM {PG_SCHEMA}.{CHANGES}") == [("0",)]
    synced = sync_replica(replica, store_url)
    assert synced.full  # the change it missed is no longer in the log: it copied every table
    assert _differences(replica, store_url) == {}
    assert not sync_replica(replica, store_url).full  # and follows the log from there
