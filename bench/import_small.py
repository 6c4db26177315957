"""Benchmark: a small ``est import`` (1 and 5 rows) into a near-empty store and into the 1M demo store.

    .venv/bin/python bench/import_small.py [--rows 1000000] [--runs 3] [--store PATH]

A write should cost what it writes: at 1M stored incidents a small import may cost at most half a second
more, wall clock, than the same import into a near-empty store (issue 19). Two demo stores are made once
(``est init --demo``: ``--small-rows`` and ``--rows`` incidents; ``--store`` reuses a ready 1M demo file). The
file's rows lie a few metres and minutes from stored graffiti of the 1M store, at times spread over its two
years (so most are backfills and the linking has work to do), from the police organisation. Each run
imports into a fresh copy of a store through the real ``est import FILE --org … --json`` process (start-up
and linking included; the copy is not timed); the sizes alternate, and the median of ``--runs`` is reported.
After the last 5-row run into the big store, its links are compared with a full run
(:func:`est.intake.dedup.link_duplicates`) on a copy: ``same_links_as_full_run``. The machine's load
(``/proc/loadavg``) before and after is reported: on a shared machine the figures are noisy. Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORGANISATION = "Polisen Jämtland (demo)"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _init_demo(db: Path, rows: int) -> None:
    command = [sys.executable, "-m", "est.cli", "init", "--db", str(db), "--demo", "--rows", str(rows), "--json"]
    subprocess.run(command, check=True, capture_output=True)


def _write_file(store_path: Path, folder: Path, rows: int) -> Path:
    """Rows near stored graffiti of the big store (5 m east, 20 minutes later), spread over its time range."""
    from est.store import open_store

    with open_store(store_path).reading() as reader:
        found = reader.rows(
            "SELECT strftime(occurred_at AT TIME ZONE 'Europe/Stockholm' + INTERVAL 20 MINUTE, '%Y-%m-%d %H:%M'), "
            "lat, lon + 5 / (111320 * cos(radians(lat))) FROM incidents "
            "WHERE category_code = 'skadegorelse.klotter' AND location_precision = 'exact' "
            "AND duplicate_of IS NOT NULL ORDER BY hash(id) LIMIT ?",
            [rows],
        )
    path = folder / f"polisen_{rows}.csv"
    lines = ["Datum;Kategori;Lat;Lon", *(f"{when};Klotter;{lat:.6f};{lon:.6f}" for when, lat, lon in found)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(template: Path, folder: Path, csv_path: Path) -> tuple[float, Path, dict[str, object]]:
    db = folder / "run.duckdb"
    for stale in folder.glob("run.duckdb*"):
        stale.unlink()
    shutil.copy(template, db)
    command = [sys.executable, "-m", "est.cli", "import", str(csv_path), "--org", ORGANISATION, "--db", str(db)]
    started = time.perf_counter()
    done = subprocess.run([*command, "--json"], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, db, json.loads(done.stdout)


def _links(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    from est.store import open_store

    store = open_store(db)
    links = store.rows(
        "SELECT l.incident_id, l.problem_id, p.anchor_incident_id, round(l.distance_m, 6), round(l.minutes_apart, 6) "
        "FROM problem_links l JOIN problems p ON p.id = l.problem_id ORDER BY l.incident_id"
    )
    duplicates = store.rows("SELECT id, duplicate_of FROM incidents WHERE duplicate_of IS NOT NULL ORDER BY id")
    return links, duplicates


def _same_as_full_run(db: Path, folder: Path) -> bool:
    from est.access.auth import LOCAL_ADMIN
    from est.intake.dedup import link_duplicates
    from est.store import open_store

    full = folder / "full.duckdb"
    shutil.copy(db, full)
    link_duplicates(open_store(full), LOCAL_ADMIN)
    return _links(db) == _links(full)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000, help="incidents in the big store")
    parser.add_argument("--small-rows", type=int, default=1000, help="incidents in the near-empty store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path, help="a ready big demo store to copy (else made with est init --demo)")
    args = parser.parse_args()
    load_before = _load()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = folder / "small.duckdb", folder / "big.duckdb"
        _init_demo(small, args.small_rows)
        if args.store:
            shutil.copy(args.store, big)
        else:
            _init_demo(big, args.rows)
        files = {n: _write_file(big, folder, n) for n in (1, 5)}
        seconds: dict[tuple[str, int], list[float]] = {}
        linking: dict[tuple[str, int], object] = {}
        same = False
        for run in range(args.runs):
            for size, template in (("near_empty", small), ("big", big)):
                for n, path in files.items():
                    took, db, report = _import(template, folder, path)
                    assert report["rows_imported"] == n, report
                    seconds.setdefault((size, n), []).append(took)
                    linking[(size, n)] = report.get("dedup")
                    if size == "big" and n == 5 and run == args.runs - 1:
                        same = _same_as_full_run(db, folder)
        medians = {key: statistics.median(values) for key, values in seconds.items()}
        result = {
            "benchmark": "small est import: near-empty store vs big store (wall clock, process start included)",
            "big_store_incidents": args.rows,
            "near_empty_store_incidents": args.small_rows,
            "runs": args.runs,
            **{
                f"{size}_{n}_row{'s' if n > 1 else ''}_seconds_median": round(medians[(size, n)], 3)
                for size, n in medians
            },
            **{f"{size}_{n}_seconds_all": [round(s, 3) for s in values] for (size, n), values in seconds.items()},
            "extra_seconds_1_row": round(medians[("big", 1)] - medians[("near_empty", 1)], 3),
            "extra_seconds_5_rows": round(medians[("big", 5)] - medians[("near_empty", 5)], 3),
            "target_extra_seconds": 0.5,
            "same_links_as_full_run": same,
            "dedup_big_5_rows": linking[("big", 5)],
            "loadavg_before": load_before,
            "loadavg_after": _load(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
