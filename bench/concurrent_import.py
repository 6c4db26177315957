"""Benchmark: two ``est import`` processes at once into one PostgreSQL store. Prints one JSON object.

    .venv/bin/python bench/concurrent_import.py --url postgresql://postgres@127.0.0.1:55432/est_conc [--rows 100000]

``--url`` names an empty database on a running PostgreSQL server (15 or later); the script creates the store
in it (``est init``). A throw-away server on loopback, as the tests start one (tests/pg.py)::

    initdb -D /tmp/pg -A trust -U postgres && pg_ctl -D /tmp/pg -o "-p 55432 -k /tmp" -l /tmp/pg.log start
    psql postgresql://postgres@127.0.0.1:55432/postgres -c 'CREATE DATABASE est_conc'

Three rounds, each checked against the server's own count of stored incidents:

1. **Two different files at once** (``--rows`` fastighetsägare rows each, as ``bench/import.py --cli`` writes
   them, with different seeds) from two organisations: both must commit, and the store must grow by exactly
   the two files' rows.
2. **The same file twice at once** (a third file, one organisation): the store must grow by the file's rows
   once. The server's unique constraint on ``(organisation_id, dedup_key)`` refuses the second copy, so one
   import commits and the other is rolled back whole and says to run it again (or, if it started after the
   first committed, finds every row stored).
3. **The retry** of round 2, alone: every row is found stored, nothing is added.

``exact`` is true when every round's growth is what it must be.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def _import_bench() -> Any:
    """bench/import.py (this script's folder is first on ``sys.path`` when it runs)."""
    return importlib.import_module("import")


def _est(*args: str) -> list[str]:
    return [*_import_bench()._est_command(), *args]


def _stored(url: str) -> int:
    """The server's own count of stored incidents (read directly, not through a replica)."""
    from est.store.server import ServerStore

    return int(ServerStore(url, direct=True).value("SELECT count(*) FROM incidents"))


def _imports_at_once(url: str, runs: list[tuple[Path, str]]) -> list[dict[str, Any]]:
    """Start one ``est import --json`` per (file, organisation) at the same moment; each one's report and time."""
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            _est("import", str(path), "--org", org, "--source", "fastighetsagare", "--db", url, "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, org in runs
    ]
    results: list[dict[str, Any]] = []
    for (path, org), proc in zip(runs, procs, strict=True):
        out, _err = proc.communicate(timeout=1800)
        report = json.loads(out)
        results.append(
            {
                "file": path.name,
                "org": org,
                "exit": proc.returncode,
                "seconds": round(time.perf_counter() - started, 2),
                "status": report.get("status"),
                "rows_imported": report.get("rows_imported"),
                "rows_duplicate": report.get("rows_duplicate"),
                "error": (report.get("error") or {}).get("message"),
            }
        )
    return results


def _round(url: str, name: str, runs: list[tuple[Path, str]], must_add: int) -> dict[str, Any]:
    before = _stored(url)
    started = time.perf_counter()
    imports = _imports_at_once(url, runs)
    seconds = time.perf_counter() - started
    added = _stored(url) - before
    reported = sum(int(r["rows_imported"] or 0) for r in imports if r["status"] == "committed")
    return {
        "round": name,
        "imports": imports,
        "wall_seconds": round(seconds, 2),
        "stored_before": before,
        "added": added,
        "must_add": must_add,
        "reported_imported": reported,
        "exact": added == must_add == reported,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="an empty database on a PostgreSQL server")
    parser.add_argument("--rows", type=int, default=100_000, help="rows per file")
    args = parser.parse_args()
    make_csv = _import_bench().make_fastighetsagare_csv
    with tempfile.TemporaryDirectory(prefix="est-bench-conc-") as tmp:
        folder = Path(tmp)
        files = [folder / f"{name}.csv" for name in ("a", "b", "same")]
        for seed, path in enumerate(files, start=11):
            make_csv(path, args.rows, seed=seed)
        subprocess.run(_est("init", "--db", args.url), check=True, capture_output=True)
        rows = args.rows
        rounds = [
            _round(args.url, "two files at once", [(files[0], "Bostadsbolaget"), (files[1], "Hyresvärden")], 2 * rows),
            _round(args.url, "the same file twice at once", [(files[2], "Bostadsbolaget")] * 2, rows),
            _round(args.url, "the same file again, alone", [(files[2], "Bostadsbolaget")], 0),
        ]
    print(
        json.dumps(
            {
                "benchmark": "two est import processes at once into one PostgreSQL store",
                "rows_per_file": args.rows,
                "cpus": os.cpu_count(),
                "rounds": rounds,
                "stored": _stored(args.url),
                "exact": all(r["exact"] for r in rounds),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
