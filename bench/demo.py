"""Benchmark: ``est init --demo --rows N`` end to end (a fresh file each run). Prints one JSON object.

Usage: python bench/demo.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seconds: list[float] = []
    size = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.duckdb"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "est.cli",
                    "init",
                    "--db",
                    str(db),
                    "--demo",
                    "--rows",
                    str(args.rows),
                    "--json",
                ],
                check=True,
                capture_output=True,
            )
            seconds.append(time.perf_counter() - started)
            size = db.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "benchmark": "est init --demo",
                "rows": args.rows,
                "runs": args.repeat,
                "seconds_median": round(statistics.median(seconds), 2),
                "seconds_all": [round(s, 2) for s in seconds],
                "db_megabytes": round(size / 1e6, 1),
                "peak_rss_megabytes": round(peak_kb / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
