"""The store on a real PostgreSQL server (``--db postgresql://…``): the same figures, writes and promises.

The server is started by the test run itself (``tests/pg.py``). Each store keeps its read replica in the
test's own folder (``EST_REPLICA_DIR``), so two stores on one server behave like two app replicas.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.access.settings import is_demo
from est.cli import main
from est.demo.generate import generate_demo
from est.intake import StatsQuery, incident_counts
from est.store import Store, open_store
from est.store.postgres import PG_SCHEMA
from est.store.server import ServerStore
from tests.cli import est_process
from tests.errors import raised
from tests.pg import query

_CSV = "Datum;Kategori;Beskrivning;Lat;Lon\n" + "".join(
    f"2026-11-{10 + i:02d} 21:{i:02d};Klotter;Tagg nr {i};63.17{i:02d};14.63{i:02d}\n" for i in range(8)
)


@pytest.fixture
def server(server_store: Store) -> ServerStore:
    assert isinstance(server_store, ServerStore)
    return server_store


def _counts(store: Store, by: str = "category") -> list[dict[str, Any]]:
    with store.reading() as r:
        return list(incident_counts(r, LOCAL_ADMIN, StatsQuery(by=by))["rows"])


def _import(url: str, csv: Path, *extra: str) -> dict[str, Any]:
    done = est_process("import", str(csv), "--org", "Bostadsbolaget", "--db", url, "--json", *extra)
    assert done.returncode in (0, 1), done.stderr
    return dict(json.loads(done.stdout))


def test_the_server_store_counts_what_the_file_store_counts(demo_store: Store, server: ServerStore) -> None:
    for by in ("category", "area", "week", "source"):
        assert _counts(server, by) == _counts(demo_store, by), by
    assert server.pending_migrations() == []


def test_an_import_commits_on_the_server_and_a_repeat_counts_once(server: ServerStore, tmp_path: Path) -> None:
    csv = tmp_path / "klotter.csv"
    csv.write_text(_CSV, encoding="utf-8")
    before = int(server.value("SELECT count(*) FROM incidents"))
    first = _import(server.url, csv)
    assert first["status"] == "committed" and first["rows_imported"] == 8
    again = _import(server.url, csv)
    assert again["rows_imported"] == 0 and again["rows_duplicate"] == 8
    server.refresh()
    assert int(server.value("SELECT count(*) FROM incidents")) == before + 8
    on_server = query(server.url, f"SELECT count(*) FROM {PG_SCHEMA}.incidents WHERE description LIKE 'Tagg nr %'")
    assert on_server == [("8",)]  # read on the server itself, not through the replica


def test_a_failed_import_commits_nothing_on_the_server(server: ServerStore, tmp_path: Path) -> None:
    csv = tmp_path / "utan-datum.csv"
    csv.write_text("Kategori;Beskrivning\nKlotter;utan datum\n", encoding="utf-8")
    batches = query(server.url, f"SELECT count(*) FROM {PG_SCHEMA}.import_batches")
    out = _import(server.url, csv)
    assert "error" in out
    assert query(server.url, f"SELECT count(*) FROM {PG_SCHEMA}.import_batches") == batches


def test_a_write_through_one_store_is_read_by_another_at_its_next_read(server: ServerStore, tmp_path: Path) -> None:
    # Two app processes on two machines: each its own replica file, one server.
    other = ServerStore(server.url, replica=tmp_path / "other-machine" / "replica.duckdb")
    assert _counts(other) == _counts(server)
    version = other.data_version()
    with server.writing() as w:
        w.execute("UPDATE incidents SET category_code = 'ordning.brak' WHERE id IN (SELECT min(id) FROM incidents)")
    assert other.data_version() != version  # a cached page keyed on it is not shown again
    assert _counts(other) == _counts(server)


def test_ids_come_from_the_server_sequences_and_a_block_is_consecutive(server: ServerStore) -> None:
    with server.writing() as w:
        first = w.insert("organisations", {"name": "Ny förening", "source_kind": "ovrig"})
        block = w.reserve_ids("incident_id_seq", 5)
    with server.writing() as w:
        second = w.insert("organisations", {"name": "En till", "source_kind": "ovrig"})
        after = w.reserve_ids("incident_id_seq", 1)
    assert second > first and after == block + 5
    assert query(server.url, f"SELECT name FROM {PG_SCHEMA}.organisations WHERE id = {first}") == [("Ny förening",)]


def test_a_failed_write_rolls_back_on_the_server(server: ServerStore) -> None:
    before = query(server.url, f"SELECT count(*) FROM {PG_SCHEMA}.organisations")
    with pytest.raises(RuntimeError), server.writing() as w:
        w.insert("organisations", {"name": "Ångras", "source_kind": "ovrig"})
        raise RuntimeError("something went wrong after the insert")
    assert query(server.url, f"SELECT count(*) FROM {PG_SCHEMA}.organisations") == before


def test_est_init_creates_a_store_on_an_empty_server_database(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EST_REPLICA_DIR", str(tmp_path / "replicas"))
    assert main(["stats", "--db", pg_url, "--json"]) == 1
    assert "est init --db" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert main(["init", "--db", pg_url, "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["schema_version"] == max(made["migrations_applied"])
    assert main(["stats", "--db", pg_url, "--by", "category", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == []
    categories = query(pg_url, f"SELECT count(*) FROM {PG_SCHEMA}.categories")
    assert int(categories[0][0]) > 20  # the migrations' seed rows came along


def test_the_demo_is_generated_on_a_server_store_as_on_a_file(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # generate_demo wrote its settings without their time stamp, which only DuckDB filled in (PostgreSQL
    # refused the rows: NOT NULL), so the demo could not be made on a server store directly
    monkeypatch.setenv("EST_REPLICA_DIR", str(tmp_path / "replicas"))
    assert main(["init", "--db", pg_url]) == 0
    capsys.readouterr()
    store = open_store(pg_url)
    generate_demo(store, rows=400, seed=3, today=date(2026, 11, 28))
    with store.reading() as r:
        assert is_demo(r)
    stamped = dict(query(pg_url, f"SELECT key, value FROM {PG_SCHEMA}.settings WHERE updated_at IS NOT NULL"))
    assert stamped["demo_data"] == "true" and stamped["kommun_code"] == "2380"
    assert store.value("SELECT count(*) FROM incidents") == 400


def klotter_csv(path: Path, rows: int, text: str, when: Callable[[int], str]) -> Path:
    """A fastighetsägare file of ``rows`` graffiti reports in Östersund, row ``i`` at ``when(i)``."""
    lines = [f"{when(i)};Klotter;{text} {i};63.{1700 + i % 90};14.{6300 + i % 90}\n" for i in range(rows)]
    path.write_text("Datum;Kategori;Beskrivning;Lat;Lon\n" + "".join(lines), encoding="utf-8")
    return path


def _many_rows(path: Path, rows: int, text: str) -> Path:
    return klotter_csv(path, rows, text, lambda i: f"2026-{1 + i % 11:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}")


def _import_at_once(url: str, files: list[Path], org: str = "Bostadsbolaget") -> list[dict[str, Any]]:
    """Start one ``est import`` process per file at the same moment; their JSON reports (or errors)."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "est.cli", "import", str(f), "--org", org, "--db", url, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outs = [run.communicate(timeout=300) for run in runs]
    return [json.loads(out) for out, _err in outs]


def _organisation(url: str, tmp_path: Path, name: str) -> None:
    with ServerStore(url, replica=tmp_path / f"{name}.replica.duckdb").writing() as w:
        w.insert("organisations", {"name": name, "source_kind": "fastighetsagare"})


def _stored(url: str) -> int:
    return int(query(url, f"SELECT count(*) FROM {PG_SCHEMA}.incidents")[0][0])


def test_two_imports_at_once_from_two_processes_both_commit_with_exact_totals(
    server: ServerStore, tmp_path: Path
) -> None:
    for name in ("Bostadsbolaget", "Hyresvärden"):
        _organisation(server.url, tmp_path, name)
    before = _stored(server.url)
    first, second = (
        subprocess.Popen(
            [sys.executable, "-m", "est.cli", "import", str(f), "--org", org, "--db", server.url, "--json"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for f, org in (
            (_many_rows(tmp_path / "a.csv", 4000, "fil A"), "Bostadsbolaget"),
            (_many_rows(tmp_path / "b.csv", 3000, "fil B"), "Hyresvärden"),
        )
    )
    reports = [json.loads(run.communicate(timeout=300)[0]) for run in (first, second)]
    assert [r.get("status") for r in reports] == ["committed", "committed"], reports
    assert [r["rows_imported"] for r in reports] == [4000, 3000]
    assert _stored(server.url) == before + 7000
    batches = query(
        server.url, f"SELECT count(DISTINCT batch_id) FROM {PG_SCHEMA}.incidents WHERE description LIKE 'fil _ %'"
    )
    assert batches == [("2",)]  # each import one batch


def test_the_same_file_imported_twice_at_once_counts_once(server: ServerStore, tmp_path: Path) -> None:
    # Neither import sees the other's rows when it checks what is stored (both run at once); the server's
    # unique constraint refuses the second copy: that import is rolled back whole and says so.
    _organisation(server.url, tmp_path, "Bostadsbolaget")
    csv = _many_rows(tmp_path / "samma.csv", 4000, "samma fil")
    before = _stored(server.url)
    reports = _import_at_once(server.url, [csv, csv])
    assert _stored(server.url) == before + 4000
    committed = [r for r in reports if r.get("status") == "committed"]
    assert sum(r["rows_imported"] for r in committed) == 4000  # what was reported is what was stored
    for refused in (r for r in reports if "error" in r):
        assert "nothing of this write was saved; run it again" in refused["error"]["message"]
    again = _import_at_once(server.url, [csv])[0]  # the retry finds every row stored
    assert again["rows_imported"] == 0 and again["rows_duplicate"] == 4000
    assert _stored(server.url) == before + 4000


def test_a_server_store_that_cannot_connect_names_the_server_without_its_password(pg_url: str) -> None:
    # The driver's own message quotes the URL, password included; every connection of a server store (the
    # probe, reads, writes, the replica's sync) goes through one attach that stars it out.
    wrong = pg_url.replace("postgres@", "postgres:hemligt@").rsplit("/", 1)[0] + "/no_such_database"
    error = raised(lambda: ServerStore(wrong).has_schema())
    assert "cannot connect to postgresql://postgres:***@" in str(error)
    assert "hemligt" not in str(error) and "hemligt" not in error.sv
