"""Benchmark: the open API's full-year counts query on a demo database (1M rows by default). One JSON object.

The API runs in this process (uvicorn in a thread, the rate limit lifted so the server itself is measured);
``--clients`` threads each send ``--requests`` full-year ``/api/v1/counts?category=…`` requests (52
published weeks, every area, one category group) without ETags, so every request reads the database.
Reports the requests a second and the latency (p50, p95) of each, and the rows and bytes of one answer.

Usage: python bench/api.py [--rows 1000000] [--dir /tmp/bench1m] [--clients 4] [--requests 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))  # the demo database is built as bench/steering.py builds it
from bench.steering import _build  # noqa: E402


def main() -> None:
    import httpx
    import uvicorn

    from est.access.settings import set_setting
    from est.api.app import RateLimiter, create_app
    from est.store import open_store
    from tests.browser import free_port

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bench1m"))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--category", default="skadegorelse")
    args = parser.parse_args()
    source = args.dir / f"demo-{args.rows}.duckdb"
    _build(source, args.rows)
    db = args.dir / f"api-{args.rows}.duckdb"
    shutil.copy(source, db)
    store = open_store(db)
    with store.writing() as w:
        set_setting(w, "open_api", "on", by="bench")
    port = free_port()
    app = create_app(store, limiter=RateLimiter(rate=1e9, burst=10**9))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    # a full year of one category group: every area and week (a year of every category at 1M rows is more
    # than the 10,000 rows one answer may hold, and is refused with a 400 that says so)
    url = f"http://127.0.0.1:{port}/api/v1/counts?category={args.category}"
    first = httpx.get(url, timeout=120)
    unfiltered = httpx.get(url.split("?")[0], timeout=120).status_code
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=120) as http:
            for _ in range(args.requests):
                started = time.perf_counter()
                assert http.get(url).status_code == 200
                with lock:
                    latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.should_exit = True
    latencies.sort()
    print(
        json.dumps(
            {
                "rows": args.rows,
                "query": f"/api/v1/counts?category={args.category} (52 weeks, every area)",
                "unfiltered_year_status": unfiltered,
                "answer_rows": len(first.json()["rows"]),
                "answer_bytes": len(first.content),
                "clients": args.clients,
                "requests": len(latencies),
                "requests_per_second": round(len(latencies) / elapsed, 1),
                "p50_seconds": round(statistics.median(latencies), 3),
                "p95_seconds": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
