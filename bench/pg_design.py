"""Benchmark: the PostgreSQL store's design choice, measured at 1M incidents. Prints one JSON object.

    .venv/bin/python bench/pg_design.py --duckdb /tmp/bench1m/demo-1000000.duckdb \
        --url postgresql://postgres@127.0.0.1:55432/est_bench

``--url`` names an empty database on a running PostgreSQL server (15 or later). Measured:

1. ``est migrate-store``: the DuckDB demo copied into PostgreSQL (``copy_store``).
2. The Lägesbild page (AppTest, as ``bench/lagesbild.py``: cold run and rerun after a new ``from``) on
   - the DuckDB file itself (today's store);
   - DuckDB reading PostgreSQL through its ``postgres`` extension at every read (design A: the store's
     connections ATTACH the server instead of the file), with the filter push-down on;
   - the local replica file (the chosen design: ``est.store.replica``), which is a DuckDB file.
3. The replica's syncs: the first (every table), one with nothing to do, and one after a small write
   (5 new incidents and 5 changed ones through DuckDB attached to PostgreSQL, as the write path would).
4. The server store as the app and the CLI use it (``EST_DB=postgresql://…``): the Lägesbild page, and an
   ``est import`` of the 1M-row fastighetsägare file of ``bench/import.py --cli`` against DuckDB's bare
   ``read_csv`` of the same file (the import ratio).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _page_bench() -> Any:
    """bench/lagesbild.py (this script's folder is first on ``sys.path`` when it runs)."""
    return importlib.import_module("lagesbild")


def _attached(url: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    from est.store import extension_path
    from est.store.postgres import attach_literal

    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{extension_path('postgres_scanner')}'")
    mode = ", READ_ONLY" if read_only else ""
    con.execute(f"ATTACH {attach_literal(url)} AS db (TYPE postgres{mode})")
    con.execute("USE db.est")
    con.execute("SET pg_experimental_filter_pushdown = true")
    return con


def _over_postgres(url: str) -> None:
    """Design A: every connection of the store reads the server through the ``postgres`` extension."""
    from est.store import connection

    def connect(self: Any, read_only: bool, extensions: Any) -> duckdb.DuckDBPyConnection:
        con = _attached(url, read_only=read_only)
        con.execute(f"SET TimeZone = '{connection.TIMEZONE}'")
        for name in extensions:
            con.execute(f"LOAD '{connection.extension_path(name)}'")
        return con

    connection.Store._connect = connect  # type: ignore[method-assign]


def _small_write(url: str) -> None:
    con = _attached(url, read_only=False)
    con.execute("BEGIN")
    con.execute(
        "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, description) "
        "SELECT now(), 'skadegorelse.klotter', 'polis', 1, 'bench ' || i FROM range(5) t(i)"
    )
    con.execute("UPDATE incidents SET description = 'bench' WHERE id IN (1, 2, 3, 4, 5)")
    con.execute("COMMIT")
    con.close()


def _import_ratio(url: str, folder: Path) -> dict[str, float]:
    """``est import`` of a 1M-row file into the server store against a bare ``read_csv`` process into a file."""
    csv = folder / "fastighetsagare.csv"
    subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bench" / "import.py"), "--make-fastighetsagare", str(csv), "1000000"],
        check=True,
    )
    imports = importlib.import_module("import")  # the same bare read_csv process as bench/import.py --cli
    bare = imports._timed([sys.executable, "-c", imports._BARE_SCRIPT, str(csv), str(folder / "bare.duckdb")])[0]
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "est.cli",
            "import",
            str(csv),
            "--org",
            "Bostadsbolaget",
            "--source",
            "fastighetsagare",
            "--db",
            url,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = time.perf_counter() - started
    report = json.loads(done.stdout)
    return {
        "rows_imported": report["rows_imported"],
        "est_import_s": round(imported, 2),
        "bare_read_csv_s": round(bare, 2),
        "ratio": round(imported / bare, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duckdb", type=Path, required=True, help="a 1M demo store (bench/lagesbild.py builds one)")
    parser.add_argument("--url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from est.store import open_store
    from est.store.postgres import copy_store
    from est.store.replica import sync_replica

    pages = _page_bench()
    out: dict[str, Any] = {"targets": {"cold_s": 3.0, "rerun_s": 0.5}}
    started = time.perf_counter()
    copied = copy_store(open_store(args.duckdb), args.url)
    out["migrate_store"] = {"seconds": round(time.perf_counter() - started, 2), "verified": copied.verified}
    with tempfile.TemporaryDirectory(prefix="est-pg-design-") as tmp:
        replica = Path(tmp) / "replica.duckdb"
        first = sync_replica(replica, args.url)
        idle = [sync_replica(replica, args.url).seconds for _ in range(3)]
        _small_write(args.url)
        small = sync_replica(replica, args.url)
        out["replica_sync"] = {
            "first_s": first.seconds,
            "nothing_to_do_s": round(statistics.median(idle), 3),
            "after_small_write_s": small.seconds,
            "after_small_write_keys": small.keys_applied,
        }
        out["lagesbild_duckdb_file"] = pages._measure(args.duckdb, "lagesbild", args.repeat)
        out["lagesbild_replica_file"] = pages._measure(replica, "lagesbild", args.repeat)
        os.environ["EST_REPLICA_DIR"] = str(Path(tmp) / "replicas")
        out["lagesbild_server_store"] = pages._measure(args.url, "lagesbild", args.repeat)
        out["import_server_store"] = _import_ratio(args.url, Path(tmp))
        _over_postgres(args.url)
        out["lagesbild_over_postgres"] = pages._measure(args.duckdb, "lagesbild", args.repeat)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
