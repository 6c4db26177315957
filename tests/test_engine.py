"""The process's DuckDB engine: a write attaches its store only for its transaction, and loads extensions once."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from est.store import Store
from est.store.engine import ENGINE


def _attached(*stores: Store) -> list[str]:
    """The engine's attachments of the files of ``stores`` (other tests' server stores may be attached)."""
    cursor = ENGINE.cursor()
    try:
        rows = cursor.execute(
            "SELECT database_name FROM duckdb_databases() WHERE path IN (SELECT unnest(?))",
            [[str(s.path) for s in stores]],
        ).fetchall()
    finally:
        cursor.close()
    return [str(r[0]) for r in rows]


def _another_process_writes(path: Path) -> None:
    """Open ``path`` read-write in a new process (DuckDB refuses while any other process holds the file)."""
    code = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute('CREATE TABLE other_process (a INT)')"
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_write_leaves_the_file_free_for_another_process_even_when_it_fails(empty_store: Store) -> None:
    with empty_store.writing(extensions=("spatial",)) as w:
        w.execute("INSERT INTO organisations (name) VALUES (?)", [w.value("SELECT ST_AsText(ST_Point(1, 2))")])
        assert len(_attached(empty_store)) == 1  # attached for the write alone
    assert _attached(empty_store) == []
    with pytest.raises(RuntimeError, match="boom"), empty_store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES ('rolled back')")
        raise RuntimeError("boom")
    assert _attached(empty_store) == []
    _another_process_writes(empty_store.path)
    assert empty_store.rows("SELECT name FROM organisations") == [("POINT (1 2)",)]


def test_spatial_is_loaded_once_per_process_and_every_write_can_use_it(tmp_path: Path) -> None:
    stores = [Store(tmp_path / f"{name}.duckdb") for name in ("a", "b")]
    for store in stores:
        store.migrate()
        with store.writing(extensions=("spatial",)) as w:
            w.execute("INSERT INTO organisations (name) VALUES (ST_AsText(ST_Point(0, 0)))")
    cursor = ENGINE.cursor()
    try:
        loaded = cursor.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'spatial'").fetchone()
    finally:
        cursor.close()
    assert loaded == (True,)
    assert [s.value("SELECT count(*) FROM organisations") for s in stores] == [1, 1]


def test_writes_to_two_stores_from_two_threads_both_commit(tmp_path: Path) -> None:
    stores = [Store(tmp_path / f"{name}.duckdb") for name in ("a", "b")]
    for store in stores:
        store.migrate()
    errors: list[BaseException] = []

    def write(store: Store) -> None:
        try:
            for i in range(20):
                with store.writing() as w:
                    w.execute("INSERT INTO organisations (name) VALUES (?)", [f"org {i}"])
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [s.value("SELECT count(*) FROM organisations") for s in stores] == [20, 20]
    assert _attached(*stores) == []
