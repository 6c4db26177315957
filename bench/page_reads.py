"""Benchmark: how long a page's reads take under a stream of small writes, one lock per read vs one per page.

Another process writes in a loop (each write holds the exclusive lock for ``--hold`` seconds, then pauses
``--gap`` seconds: a stream of small ``est import`` runs). Meanwhile this process runs "pages" of
``--reads`` small reads, either each read on its own connection and lock (as before issue 19) or all of
them in one :meth:`est.store.Store.session` (as ``app.py`` runs a page now). Prints one JSON object with the
page times (median and worst, seconds) and the read connections each page opened.

Usage: python bench/page_reads.py [--reads 7] [--pages 15] [--hold 0.2] [--gap 0.05]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from est.store import Store, open_store

_WRITES = """
import sys, time
from est.store import Store
store, hold, gap = Store(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print("writing", flush=True)
written = 0
while True:
    with store.writing() as w:
        w.execute("INSERT INTO organisations (name) VALUES (?)", [f"stream {written}"])
        written += 1
        time.sleep(hold)
    time.sleep(gap)
"""


def _start_writes(path: Path, hold: float, gap: float) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", _WRITES, str(path), str(hold), str(gap)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    return proc


def _page(store: Store, reads: int, shared: bool) -> tuple[float, int]:
    opened = store.readers_opened
    started = time.perf_counter()
    with store.session() if shared else contextlib.nullcontext():
        for _ in range(reads):
            store.value("SELECT count(*) FROM organisations")
    return time.perf_counter() - started, store.readers_opened - opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=7)
    parser.add_argument("--pages", type=int, default=15)
    parser.add_argument("--hold", type=float, default=0.2)
    parser.add_argument("--gap", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "est.duckdb")
        writer = _start_writes(store.path, args.hold, args.gap)
        result: dict[str, Any] = {"reads_per_page": args.reads, "write_hold_s": args.hold, "write_gap_s": args.gap}
        try:
            for mode, shared in (("lock_per_read", False), ("lock_per_page", True)):
                runs = [_page(store, args.reads, shared) for _ in range(args.pages)]
                times = [t for t, _ in runs]
                result[mode] = {
                    "median_s": round(statistics.median(times), 3),
                    "worst_s": round(max(times), 3),
                    "connections_per_page": max(n for _, n in runs),
                }
            if writer.poll() is not None:
                raise SystemExit("the writing process stopped early: the figures are not under writes")
        finally:
            writer.kill()
            writer.wait()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
