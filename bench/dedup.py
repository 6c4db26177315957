"""Benchmark: cross-source duplicate linking at 1M incidents (demo data); prints one JSON object.

Usage: .venv/bin/python bench/dedup.py [ROWS]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from est.access.auth import LOCAL_ADMIN
from est.demo.generate import generate_demo
from est.intake.dedup import count_with_dedup, link_duplicates
from est.periods import Period
from est.picture.filters import Filters
from est.store import open_store


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.duckdb")
        started = time.perf_counter()
        generate_demo(store, rows=rows, seed=2380, today=date(2026, 11, 30))
        generated = time.perf_counter() - started
        first = link_duplicates(store, LOCAL_ADMIN)
        again = link_duplicates(store, LOCAL_ADMIN)
        set_id = int(store.value("SELECT id FROM area_sets WHERE is_default"))
        filters = Filters(period=Period(date(2025, 12, 1), date(2026, 12, 1)))
        started = time.perf_counter()
        with store.reading() as reader:
            counts = count_with_dedup(reader, filters, set_id)
        counted = time.perf_counter() - started
    print(
        json.dumps(
            {
                "incidents": rows,
                "generate_seconds": round(generated, 2),
                "link_seconds": round(first.seconds, 2),
                "relink_seconds": round(again.seconds, 2),
                "candidate_pairs": first.pairs,
                "problems": first.problems,
                "linked_incidents": first.linked_incidents,
                "count_seconds_12_months": round(counted, 3),
                "raw_12_months": counts.raw,
                "deduplicated_12_months": counts.deduplicated,
                "defaults": "50 m, 24 h, same top-level category, different organisations",
            }
        )
    )


if __name__ == "__main__":
    main()
