"""Benchmark: the steering figures on a demo database (1M rows by default). Prints one JSON object.

Measures, on the same database:

* the domain calls in this process: hotspots over the default 13 weeks (``find_hotspots``), the alerts of
  the last complete week for every area and area × category (``find_alerts``) and next week's patrol plan
  (``plan_patrols_for``): the first call (``cold``: the statistics libraries are imported then) and the
  median of ``--repeat`` later calls (``warm``: computed again, no cache);
* the Hotspots page with AppTest: the first run with an empty read cache (``page_cold``) and the rerun of
  the same view (``page_rerun``: served from the read cache, as when a user changes nothing but the map).

Targets at 1M rows (issue 16): cold ≤ 3 s, rerun ≤ 0.5 s.

Usage: python bench/steering.py [--rows 1000000] [--dir /tmp/bench1m] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any


def _build(path: Path, rows: int) -> float:
    from est.demo.generate import generate_demo
    from est.store import open_store

    if path.exists():
        return 0.0
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generate_demo(open_store(path), rows=rows, today=date.today())
    return time.perf_counter() - started


def _timed(call: Any, repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        warm.append(time.perf_counter() - started)
    return {"cold": round(cold, 3), "warm": round(statistics.median(warm), 3)}


def _domain(db: Path, repeat: int) -> dict[str, Any]:
    from est.access.auth import LOCAL_ADMIN
    from est.periods import complete_weeks, last_complete_week, local_today
    from est.picture.alerts import find_alerts
    from est.picture.filters import Filters
    from est.picture.hotspots import default_period, find_hotspots
    from est.picture.patrol import plan_patrols_for
    from est.store import open_store

    store = open_store(db)
    today = local_today()
    set_id = int(store.value("SELECT id FROM area_sets WHERE is_default"))
    week = last_complete_week(today)
    facts: dict[str, Any] = {}

    def hotspots() -> None:
        with store.reading() as r:
            found = find_hotspots(r, Filters(default_period(today)), set_id)
        facts["hotspot_incidents"], facts["hot_cells"], facts["cells"] = (
            found.incidents,
            len(found.hot),
            len(found.cells),
        )

    def alerts() -> None:
        with store.reading() as r:
            found = find_alerts(r, Filters(week), set_id, week)
        facts["alert_series"], facts["alerts_found"] = found.series, len(found.alerts)

    def plan() -> None:
        with store.reading() as r:
            made = plan_patrols_for(r, LOCAL_ADMIN, Filters(complete_weeks(today, 4)), today=today)
        facts["plan_slots"] = len(made.slots)

    return {
        "hotspots": _timed(hotspots, repeat),
        "alerts": _timed(alerts, repeat),
        "plan": _timed(plan, repeat),
        **facts,
    }


def _page(db: Path, repeat: int) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["EST_DB"] = str(db)
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    cold, rerun = [], []
    for _ in range(repeat):
        st.cache_data.clear()
        at = AppTest.from_file(app, default_timeout=120)
        at.switch_page("pages/hotspots.py")
        started = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - started)
        assert not at.exception, at.exception
        started = time.perf_counter()
        at.run()
        rerun.append(time.perf_counter() - started)
    return {"page_cold": round(statistics.median(cold), 3), "page_rerun": round(statistics.median(rerun), 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/bench1m"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    db = args.dir / f"demo-{args.rows}.duckdb"
    built = _build(db, args.rows)
    result = {"rows": args.rows, "build_seconds": round(built, 1), **_domain(db, args.repeat), **_page(db, args.repeat)}
    result["targets"] = {"cold": 3.0, "rerun": 0.5}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
