"""Benchmark: import a Swedish-style incident CSV end to end vs DuckDB's bare read_csv of the same file.

    .venv/bin/python bench/import.py [--rows 1000000] [--memory]
    .venv/bin/python bench/import.py --cli [--runs 2] [--with-10m]

Default mode (in process): builds a ``;``-separated, decimal-comma CSV with SWEREF 99 TM coordinates
(Windows line endings, UTF-8 with BOM), a database with the 290 kommun polygons, then times (same run,
same file):

* ``bare``: ``CREATE TABLE t AS SELECT * FROM read_csv(file)`` into a fresh database file;
* ``import``: ``est.intake.import_file`` (parse, validate, map categories, mask text, assign areas, commit).

With ``--memory`` the import runs in a child process and its peak RSS (``VmHWM``) is reported.

``--cli`` mode (as cron sees it): a fastighetsägare export (``;``, SWEREF 99 TM easting/northing with a
decimal comma inside Östersund, separate date and time columns, a category label and free text, no id
column) of 1M rows (and 10M with ``--with-10m``; generating and importing it takes several minutes). Each
run imports the file into a fresh copy of a database with the 290 kommun polygons through the real
``est import FILE --org … --source fastighetsagare --db … --json`` process, start-up and the duplicate
linking included, against a process that runs DuckDB's bare ``read_csv`` of the same file into a fresh
database file. Runs alternate between the two; medians of ``--runs`` runs are compared, and the load of
the machine (``/proc/loadavg``) before and after is reported. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
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

    from est.areas.sets import AreaColumns, save_area_set
    from est.store import open_store

    store = open_store(path)
    with resources.as_file(resources.files("est.resources") / "kommuner.geojson") as real:
        frame = gpd.read_file(real)
    with store.writing() as w:
        save_area_set(w, "Kommuner", frame, columns=AreaColumns(name="KnNamn", code="KnKod"), default=True)


def bare_read(csv_path: Path, folder: Path) -> float:
    from est.store import Store

    store = Store(folder / "bare.duckdb")
    started = time.perf_counter()
    with store.writing() as w:
        w.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)])
    return time.perf_counter() - started


def run_import(db: Path, csv_path: Path) -> dict[str, object]:
    from est.access.auth import LOCAL_ADMIN
    from est.intake.importer import ImportOptions, import_file
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


_FASTIGHET_LABELS = (
    "Klotter",
    "Skadegörelse",
    "Glaskross",
    "Inbrott i källare",
    "Inbrott i förråd",
    "Brand i soprum",
    "Nedskräpning",
    "Störande ungdomar i trapphus",
    "Olovligt boende",
    "Övrigt",
)
_FASTIGHET_TEXTS = (
    "Klotter på fasaden",
    "Krossad ruta i entrédörren",
    "Ungdomar samlades i trapphuset",
    "Uppbrutet förråd i källaren",
    "Brand i papperskorg",
    "Skräp utanför soprummet",
    "Sovande person i tvättstugan",
    "Dörren till cykelrummet uppbruten",
)
_STREETS = ("Storgatan", "Prästgatan", "Rådhusgatan", "Kyrkgatan", "Odenslundsvägen", "Körfältsvägen", "Lillänge")


def make_fastighetsagare_csv(path: Path, rows: int, seed: int = 7, chunk: int = 1_000_000) -> None:
    """Write a fastighetsägare export: ``Datum;Klockslag;Kategori;Beskrivning;SWEREF99 E;SWEREF99 N``.

    UTF-8 with BOM and Windows line endings, like an Excel "CSV (semikolonavgränsad)" export; points in
    Östersund (E 480 000–500 000, N 6 990 000–7 010 000 in EPSG:3006) with a decimal comma; free text
    that is nearly always different (as typed by staff), 1 % with a phone number (masked on import).
    Written a million rows at a time.
    """
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00")
    path.write_bytes(b"")
    for offset in range(0, rows, chunk):
        n = min(chunk, rows - offset)
        when = pd.to_datetime(start + rng.integers(0, 2 * 365 * 24 * 60, n).astype("timedelta64[m]"))
        texts = pd.Series(np.array(_FASTIGHET_TEXTS)[rng.integers(0, len(_FASTIGHET_TEXTS), n)])
        streets = pd.Series(np.array(_STREETS)[rng.integers(0, len(_STREETS), n)])
        numbers = pd.Series(rng.integers(1, 120, n).astype(str))
        ports = pd.Series(rng.integers(1, 9, n).astype(str))
        flats = pd.Series(rng.integers(1001, 1999, n).astype(str))
        description = texts + ", " + streets + " " + numbers + " port " + ports + ", lgh " + flats
        phone = rng.random(n) < 0.01
        description[phone] = description[phone] + ", ring 070-123 45 67"
        east = pd.Series(np.round(rng.uniform(480_000, 500_000, n), 2)).map("{:.2f}".format)
        north = pd.Series(np.round(rng.uniform(6_990_000, 7_010_000, n), 2)).map("{:.2f}".format)
        frame = pd.DataFrame(
            {
                "Datum": when.strftime("%Y-%m-%d"),
                "Klockslag": when.strftime("%H:%M"),
                "Kategori": np.array(_FASTIGHET_LABELS)[rng.integers(0, len(_FASTIGHET_LABELS), n)],
                "Beskrivning": description,
                "SWEREF99 E": east.str.replace(".", ",", regex=False),
                "SWEREF99 N": north.str.replace(".", ",", regex=False),
            }
        )
        frame.to_csv(
            path,
            mode="a",
            header=offset == 0,
            sep=";",
            index=False,
            encoding="utf-8-sig" if offset == 0 else "utf-8",
            lineterminator="\r\n",
        )


# DuckDB's bare read_csv of the file into a fresh database file, as its own process (start-up included)
_BARE_SCRIPT = """
import sys, time
started = time.perf_counter()
import duckdb
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.close()
print(time.perf_counter() - started)
"""


def _est_command() -> list[str]:
    script = Path(sys.executable).with_name("est")
    return [str(script)] if script.exists() else [sys.executable, "-m", "est.cli"]


def _timed(command: list[str]) -> tuple[float, str, float, float]:
    """Run a process; return (wall seconds, its stdout, its CPU seconds, its peak RSS in MB) (wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(command[:3])} failed ({proc.returncode}): {err.read().strip()[-500:]}")
        return seconds, out.read(), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cli_size(folder: Path, rows: int, runs: int, template: Path) -> dict[str, object]:
    csv_path = folder / f"fastighetsagare_{rows}.csv"
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--make-fastighetsagare", str(csv_path), str(rows)], check=True)
    generate = time.perf_counter() - started
    bare_wall: list[float] = []
    bare_inside: list[float] = []
    bare_cpu: list[float] = []
    imports: list[float] = []
    import_cpu: list[float] = []
    inside: list[float] = []
    peaks: list[float] = []
    report: dict[str, object] = {}
    for _ in range(runs):
        bare_db = folder / "bare.duckdb"
        bare_db.unlink(missing_ok=True)
        seconds, out, cpu, _peak = _timed([sys.executable, "-c", _BARE_SCRIPT, str(csv_path), str(bare_db)])
        bare_wall.append(seconds)
        bare_cpu.append(cpu)
        bare_inside.append(float(out.split()[-1]))
        bare_db.unlink()
        db = folder / "est.duckdb"
        for leftover in folder.glob("est.duckdb*"):
            leftover.unlink()
        shutil.copy(template, db)
        command = [*_est_command(), "import", str(csv_path), "--org", "Bostadsbolaget", "--source"]
        command += ["fastighetsagare", "--db", str(db), "--json"]
        seconds, out, cpu, peak = _timed(command)
        imports.append(seconds)
        import_cpu.append(cpu)
        peaks.append(peak)
        report = json.loads(out)
        inside.append(float(report["seconds"]))
    bare = statistics.median(bare_wall)
    imported = statistics.median(imports)
    size_mb = csv_path.stat().st_size / 1e6
    csv_path.unlink()
    return {
        "rows": rows,
        "file_mb": round(size_mb, 1),
        "generate_seconds": round(generate, 1),
        "bare_read_csv_seconds": round(bare, 3),
        "bare_read_csv_all": [round(x, 3) for x in bare_wall],
        "bare_read_csv_in_process_seconds": round(statistics.median(bare_inside), 3),
        "est_import_seconds": round(imported, 3),
        "est_import_all": [round(x, 3) for x in imports],
        "import_file_seconds": round(statistics.median(inside), 3),
        "outside_import_file_seconds": round(statistics.median(x - y for x, y in zip(imports, inside, strict=True)), 3),
        "bare_read_csv_cpu_seconds": round(statistics.median(bare_cpu), 2),
        "est_import_cpu_seconds": round(statistics.median(import_cpu), 2),
        "est_import_peak_rss_mb": round(max(peaks), 1),
        "rows_imported": report.get("rows_imported"),
        "rows_rejected": report.get("rows_rejected"),
        "rows_outside_areas": report.get("rows_outside_areas"),
        "fields_masked": report.get("fields_masked"),
        "ratio": round(imported / bare, 2),
        "ratio_vs_in_process_bare": round(imported / statistics.median(bare_inside), 2),
        "cpu_ratio": round(statistics.median(import_cpu) / statistics.median(bare_cpu), 2),
    }


def cli_main(sizes: list[int], runs: int) -> None:
    """End-to-end ``est import`` processes against bare ``read_csv`` processes; print one JSON object."""
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="est-bench-cli-") as tmp:
        folder = Path(tmp)
        template = folder / "template.duckdb"
        make_db(template)
        started = time.perf_counter()
        _timed([*_est_command(), "import", "--help"])
        startup = time.perf_counter() - started
        results = [_cli_size(folder, rows, runs, template) for rows in sizes]
    print(
        json.dumps(
            {
                "benchmark": "est import (the CLI process, end to end) vs DuckDB's bare read_csv process",
                "file": "fastighetsägare: Datum;Klockslag;Kategori;Beskrivning;SWEREF99 E;SWEREF99 N "
                "(decimal comma, Östersund, UTF-8 BOM, CRLF)",
                "runs": runs,
                "cpus": os.cpu_count(),
                "load_before": load_before,
                "load_after": _load(),
                # start-up alone; outside_import_file_seconds is start-up + linking duplicates + output
                "est_import_help_seconds": round(startup, 3),
                "results": results,
                **{f"ratio_{r['rows'] // 1_000_000}m": r["ratio"] for r in results},
                "target_ratio": 3.0,
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory", action="store_true", help="run the import in a child and report peak RSS")
    parser.add_argument("--cli", action="store_true", help="time the est import process on a fastighetsägare file")
    parser.add_argument("--runs", type=int, default=2, help="with --cli: runs per size (the median is compared)")
    parser.add_argument("--with-10m", action="store_true", help="with --cli: also 10M rows (several minutes)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--make-fastighetsagare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_fastighetsagare:
        make_fastighetsagare_csv(Path(args.make_fastighetsagare[0]), int(args.make_fastighetsagare[1]))
        return
    if args.cli:
        cli_main([1_000_000, 10_000_000] if args.with_10m else [1_000_000], args.runs)
        return
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
