"""``est import`` / ``est batches`` / ``est stats`` from the shell: JSON report, exit codes, a killed import,
and the real police sample in tests/data."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from est.store import Store, open_store
from tests.cli import est as run_est
from tests.conftest import POLICE_SAMPLE

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

LAT, LON = "63.1775", "14.6370"


def est(*args: str, db: Store | Path) -> subprocess.CompletedProcess[str]:
    path = db.database if isinstance(db, Store) else db
    return run_est(*args, "--db", str(path))


def est_json(*args: str, db: Store | Path) -> dict[str, Any]:
    done = est(*args, "--json", db=db)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_import_json_report_has_every_key_and_the_counts_add_up(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        f"Datum;Kategori;Lat;Lon\n2026-11-01 10:00;Klotter;{LAT};{LON}\n31/02/2026;Klotter;{LAT};{LON}\n",
        encoding="utf-8",
    )
    report = est_json("import", str(path), "--org", "Testhem", "--source", "fastighetsagare", db=demo_store)
    for key in (
        "batch_id",
        "columns",
        "mapping",
        "encoding",
        "delimiter",
        "rows_read",
        "rows_imported",
        "rows_rejected",
        "rows_duplicate",
        "rows_outside_areas",
        "unmapped_categories",
        "rejects",
        "fields_masked",
    ):
        assert key in report
    assert report["rejects"] == [{"row": 3, "reason": 'datum "31/02/2026" finns inte'}]
    assert report["rows_read"] == report["rows_imported"] + report["rows_rejected"] + report["rows_duplicate"] == 2
    actor = demo_store.value("SELECT actor FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1")
    assert str(actor).startswith("cli:")
    listed = est_json("batches", "list", db=demo_store)["batches"][0]
    assert listed["id"] == report["batch_id"] and listed["rows_imported"] == 1
    undone = est_json("batches", "undo", str(report["batch_id"]), db=demo_store)
    assert undone["rows_deleted"] == 1


def test_errors_are_one_swedish_line_without_traceback(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n", encoding="utf-8")
    no_org = est("import", str(path), db=demo_store)
    assert no_org.returncode == 1
    assert no_org.stderr.startswith("error: choose the organisation") and "--org NAME" in no_org.stderr
    assert "Traceback" not in no_org.stderr
    bad_map = est("import", str(path), "--org", "X", "--map", "datum=Nej", db=demo_store)
    assert bad_map.returncode == 1 and "FIELD=COLUMN" in bad_map.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "is empty" in est("import", str(empty), "--org", "X", db=demo_store).stderr
    assert est("batches", "undo", "9999", db=demo_store).returncode == 1


def test_dry_run_commits_nothing(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n", encoding="utf-8")
    before = demo_store.value("SELECT count(*) FROM incidents")
    report = est_json("import", str(path), "--org", "Ny", "--dry-run", db=demo_store)
    assert report["status"] == "dry_run" and report["batch_id"] is None and report["rows_imported"] == 1
    assert demo_store.value("SELECT count(*) FROM incidents") == before
    assert demo_store.value("SELECT count(*) FROM organisations WHERE name = 'Ny'") == 0


def _big_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Ärendenummer;Datum;Kategori;Beskrivning;X;Y\n")
        for i in range(rows):
            handle.write(
                f"K{i};2026-{1 + i % 10:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d};Klotter fasad;"
                f"Klotter vid port {i % 90};{7005417 + i % 900},5;{481724 + i % 700},25\n"
            )


def _writer_holds_lock(db: Path) -> bool:
    fd = os.open(db.with_name(db.name + ".lock"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@pytest.mark.file_store  # kills the process while it holds the file's write lock
def test_sigkill_mid_import_leaves_no_trace_and_the_import_then_succeeds(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    _big_csv(path, 400_000)
    before = demo_store.value("SELECT count(*) FROM incidents")
    proc = subprocess.Popen(
        [sys.executable, "-m", "est.cli", "import", str(path), "--org", "Stor AB", "--db", demo_store.database],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _writer_holds_lock(demo_store.path):
        assert proc.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.8)  # well inside the write transaction
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    store = open_store(demo_store.path)
    assert store.value("SELECT count(*) FROM incidents") == before
    assert store.value("SELECT count(*) FROM import_batches WHERE file_name = 'stor.csv'") == 0
    report = est_json("import", str(path), "--org", "Stor AB", db=store)
    assert report["rows_imported"] == 400_000
    assert store.value("SELECT count(*) FROM incidents") == before + 400_000


def test_real_police_sample_imports_at_kommun_level(demo_store: Store, tmp_path: Path) -> None:
    events = json.loads((POLICE_SAMPLE).read_text(encoding="utf-8"))
    path = tmp_path / "polisen.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "datetime", "type", "summary", "place", "lat", "lon"])
        for e in events:
            lat, lon = e["location"]["gps"].split(",")
            writer.writerow([e["id"], e["datetime"], e["type"], e["summary"], e["location"]["name"], lat, lon])
    report = est_json(
        "import", str(path), "--org", "Polisen", "--source", "polis", "--area-set", "Kommuner", db=demo_store
    )
    assert report["delimiter"] == ","
    assert report["rows_read"] == len(events) == 500
    assert report["rows_rejected"] == 0, report["rejects"][:5]
    assert report["rows_imported"] + report["rows_duplicate"] == 500
    assert report["mapping"]["occurred_at"] == "datetime" and report["mapping"]["category"] == "type"
    # "2026-08-22 19:51:41 +02:00" is 19:51 Stockholm time
    first = next(e for e in events if e["datetime"].startswith("2026-08-22 19:51:41"))
    stored = demo_store.value(
        "SELECT strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM incidents WHERE external_id = ?", [str(first["id"])]
    )
    assert stored == "2026-08-22 19:51:41"
    stats = est_json(
        "stats", "--by", "area", "--area-set", "Kommuner", "--from", "2026-08-01", "--to", "2026-08-31", db=demo_store
    )
    assert stats["by"] == "area"
    assert sum(r["count"] for r in stats["rows"]) >= report["rows_imported"]
    assert all(set(r) == {"key", "label", "count"} for r in stats["rows"])
