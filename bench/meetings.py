"""Benchmark: the meeting workflow on demo data (meeting view, close with snapshot, meeting PDF, weekly PDF,
CSV/xlsx export of four weeks). Prints one JSON object.

Usage: python bench/meetings.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from est.access.auth import LOCAL_ADMIN
from est.demo.generate import generate_demo
from est.meeting.exports import export
from est.meeting.meetings import close_meeting, create_meeting, meeting_view
from est.meeting.reports import meeting_report_pdf, weekly_report
from est.periods import Period, last_complete_week
from est.picture.filters import Filters
from est.store import open_store


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        generate_demo(store, rows=args.rows, seed=1, today=today)
        with store.reading() as r:
            set_id = int(r.value("SELECT id FROM area_sets WHERE is_default"))
        with store.writing() as w:
            meeting = create_meeting(w, LOCAL_ADMIN, held_on=today, area_set_id=set_id)

        def view() -> None:
            with store.reading() as r:
                meeting_view(r, meeting)

        def pdf() -> None:
            with store.reading() as r:
                meeting_report_pdf(r, meeting)

        def weekly() -> None:
            with store.reading() as r:
                weekly_report(r, last_complete_week(today))

        four_weeks = Filters(period=Period(today - timedelta(days=28), today))
        result: dict[str, Any] = {
            "rows": args.rows,
            "meeting_view_s": _median(view, args.repeat),
            "meeting_pdf_live_s": _median(pdf, args.repeat),
            "weekly_pdf_s": _median(weekly, args.repeat),
            "export_csv_4_weeks_s": _median(lambda: export(store, LOCAL_ADMIN, four_weeks, "csv"), args.repeat),
            "export_xlsx_4_weeks_s": _median(lambda: export(store, LOCAL_ADMIN, four_weeks, "xlsx"), args.repeat),
            "export_rows_4_weeks": export(store, LOCAL_ADMIN, four_weeks, "csv")[1],
        }
        started = time.perf_counter()
        with store.writing() as w:
            close_meeting(w, LOCAL_ADMIN, meeting)
        result["close_meeting_snapshot_s"] = round(time.perf_counter() - started, 3)
        result["meeting_pdf_frozen_s"] = _median(pdf, args.repeat)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
