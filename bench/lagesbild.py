"""Benchmark: the analysis pages on a 1M- and a 10M-row demo database. Prints one JSON object.

For each size: build the demo DB (``est.demo.generate.generate_demo``), then per page (Lägesbild, incident map,
weekday × hour, trends) measure with AppTest the cold run (empty read cache), the rerun after a new
``from`` date (a filter change: every read misses the cache), and the size of what the map sends to the
browser (``json_args`` of the st_folium component). Targets at 1M rows: cold ≤ 3 s, rerun ≤ 0.5 s,
map payload ≤ 1.5 MB at any N.

Usage: python bench/lagesbild.py [--rows 1000000 10000000] [--dir /tmp/bench] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PAGES = ("lagesbild", "karta", "tider", "trender")


def _build(path: Path, rows: int) -> float:
    from est.demo.generate import generate_demo
    from est.store import open_store

    if path.exists():
        return 0.0
    started = time.perf_counter()
    generate_demo(open_store(path), rows=rows, today=date.today())
    return time.perf_counter() - started


def _measure(db: Path, page: str, repeat: int) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["EST_DB"] = str(db)
    today = date.today()
    monday = today - timedelta(days=today.isoweekday() - 1)
    first, last = monday - timedelta(days=21), monday - timedelta(days=1)  # three whole weeks: a custom period
    cold: list[float] = []
    rerun: list[float] = []
    payload = 0
    for i in range(repeat):
        st.cache_data.clear()
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
        at.switch_page(f"pages/{page}.py")
        at.query_params["from"] = first.isoformat()
        at.query_params["to"] = last.isoformat()
        started = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        maps = at.get("component_instance")
        if maps:
            payload = max(payload, len(maps[0].proto.json_args.encode()))
        at.date_input(key=f"{page}_from").set_value(first - timedelta(days=7 * (i + 1)))
        started = time.perf_counter()
        at.run()
        rerun.append(time.perf_counter() - started)
        maps = at.get("component_instance")
        if maps:
            payload = max(payload, len(maps[0].proto.json_args.encode()))
    return {
        "cold_s": round(statistics.median(cold), 3),
        "cold_first_s": round(cold[0], 3),
        "rerun_after_from_change_s": round(statistics.median(rerun), 3),
        "map_payload_bytes": payload or None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dir", default="/tmp/est-bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"targets_at_1M": {"cold_s": 3.0, "rerun_s": 0.5, "map_payload_bytes": 1_500_000}}
    for rows in args.rows:
        db = folder / f"demo-{rows}.duckdb"
        built = _build(db, rows)
        result: dict[str, Any] = {"build_s": round(built, 1) if built else "reused"}
        for page in args.pages:
            result[page] = _measure(db, page, args.repeat)
        out[str(rows)] = result
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
