"""Benchmark: import a Swedish-style incident CSV end to end vs DuckDB's bare read_csv of the same file.

    .venv/bin/python bench/import.py [--rows 1000000] [--memory]

Builds a ``;``-separated, decimal-comma CSV with SWEREF 99 TM coordinates (Windows line endings, UTF-8
with BOM), a database with the 290 kommun polygons, then times (same run, same file):

* ``bare``: ``CREATE TABLE t AS SELECT * FROM read_csv(file)`` into a fresh database file;
* ``import``: ``est.ingest.import_file`` (parse, validate, map categories, mask text, assign areas, commit).

With ``--memory`` the import runs in a child process and its peak RSS (``VmHWM``) is reported. Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

_LABELS = (
    "Klotter fasad",
    "Skadegörelse, genom brand (ej på motorfordon)",
    "Glaskross",
    "Samling i trapphus",
    "Inbrott i källare",
    "Nedskräpning",
    "Mopedbil på gångväg",
    "Bråk",
    "Misstänkt narkotikahantering",
    "Övrigt",
)
_TEXTS = (
    "Klotter på fasaden vid port",
    "Krossad ruta i entrédörr, port",
    "Ungdomar samlades i trapphuset, port",
    "Uppbrutet förråd i källaren, port",
    "Brand i papperskorg vid port",
    "Skräp utanför soprummet, port",
)


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00")
    minutes = rng.integers(0, 2 * 365 * 24 * 60, rows).astype("timedelta64[m]")
    when = pd.to_datetime(start + minutes)
    east = rng.uniform(350_000, 800_000, rows)
    north = rng.uniform(6_200_000, 7_500_000, rows)
    texts = np.array(_TEXTS)[rng.integers(0, len(_TEXTS), rows)]
    port = rng.integers(1, 80, rows).astype(str)
    description = pd.Series(texts).str.cat(port, sep=" ")
    phone = rng.random(rows) < 0.01
    description[phone] = description[phone] + ", ring 070-123 45 67"
    frame = pd.DataFrame(
        {
            "Ärendenummer": pd.Series(np.arange(1, rows + 1)).map("Ä{:08d}".format),
            "Datum": when.strftime("%Y-%m-%d"),
            "Klockslag": when.strftime("%H:%M"),
            "Kategori": np.array(_LABELS)[rng.integers(0, len(_LABELS), rows)],
            "Beskrivning": description,
            "Adress": pd.Series(rng.integers(1, 200, rows)).map("Storgatan {}".format),
            "X": pd.Series(np.round(north, 2)).map("{:.2f}".format).str.replace(".", ","),
            "Y": pd.Series(np.round(east, 2)).map("{:.2f}".format).str.replace(".", ","),
        }
    )
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")


def make_db(path: Path) -> None:
    import geopandas as gpd

    from est.areas import save_area_set
    from est.store import open_store

    store = open_store(path)
    with resources.as_file(resources.files("est.resources") / "kommuner.geojson") as real:
        frame = gpd.read_file(real)
    with store.writing() as w:
        save_area_set(w, "Kommuner", frame, name_column="KnNamn", code_column="KnKod", default=True)


def bare_read(csv_path: Path, folder: Path) -> float:
    from est.store import Store

    store = Store(folder / "bare.duckdb")
    started = time.perf_counter()
    with store.writing() as w:
        w.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)])
    return time.perf_counter() - started


def run_import(db: Path, csv_path: Path) -> dict[str, object]:
    from est.auth import LOCAL_ADMIN
    from est.ingest.importer import ImportOptions, import_file
    from est.store import Store

    started = time.perf_counter()
    report = import_file(
        Store(db), LOCAL_ADMIN, csv_path, ImportOptions(organisation="Bench AB", source_kind="fastighetsagare")
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "rows_read": report.rows_read,
        "rows_imported": report.rows_imported,
        "rows_rejected": report.rows_rejected,
        "rows_outside_areas": report.rows_outside_areas,
        "fields_masked": report.fields_masked,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's peak RSS. On Linux VmHWM, because ru_maxrss of a child also counts the peak of the
    parent it was forked from (here: the parent that generated the CSV with pandas)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory", action="store_true", help="run the import in a child and report peak RSS")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_import(Path(args.child[0]), Path(args.child[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="est-bench-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "handelser.csv"
        t0 = time.perf_counter()
        make_csv(csv_path, args.rows)
        generate = time.perf_counter() - t0
        db = folder / "est.duckdb"
        make_db(db)
        bare = bare_read(csv_path, folder)
        if args.memory:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(db), str(csv_path)],
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                lines = out.stderr.strip().splitlines()
                errors = [ln for ln in lines if "Error" in ln or "error" in ln] or lines[-1:]
                sys.exit(f"the import failed: {errors[-1]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
        else:
            result = run_import(db, csv_path)
        imported = float(str(result["seconds"]))
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "file_mb": round(csv_path.stat().st_size / 1e6, 1),
                    "generate_seconds": round(generate, 2),
                    "bare_read_csv_seconds": round(bare, 3),
                    "import": result,
                    "ratio": round(imported / bare, 2),
                    "target_ratio": 3.0,
                }
            )
        )


if __name__ == "__main__":
    main()
