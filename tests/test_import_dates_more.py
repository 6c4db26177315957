"""Dates, continued: a date column plus a separate time column, and the autumn DST hour that occurs twice.

docs/import.md: ``occurred_time`` ("tid", "klockslag", …) is combined with the date; times without an offset
are Europe/Stockholm local time, and an ambiguous autumn time (02:00–03:00 on the last Sunday of October)
is read as standard time, the second occurrence (+01:00).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from est.intake import dates
from est.store import Store
from tests.test_import_validation import LAT, LON, run, times, write


def _utc(store: Store, batch_id: int) -> list[datetime]:
    rows = store.rows("SELECT occurred_at FROM incidents WHERE batch_id = ? ORDER BY id", [batch_id])
    return [r[0].astimezone(UTC).replace(tzinfo=None) for r in rows]


def test_a_separate_time_column_is_combined_with_the_date(empty_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "tid.csv",
        f"Datum;Tid;Lat;Lon\n2026-11-03;21:40;{LAT};{LON}\n2026-07-01;08:05;{LAT};{LON}\n",
    )
    report = run(empty_store, path)
    assert report.rows_rejected == 0, report.rejects
    assert report.mapping["occurred_at"] == "Datum" and report.mapping["occurred_time"] == "Tid"
    batch = int(report.batch_id or 0)
    assert times(empty_store, batch) == [
        (datetime(2026, 7, 1, 8, 5), "minute"),
        (datetime(2026, 11, 3, 21, 40), "minute"),
    ]
    # Stockholm time: +01:00 in November, +02:00 (summer time) in July
    assert _utc(empty_store, batch) == [datetime(2026, 11, 3, 20, 40), datetime(2026, 7, 1, 6, 5)]


def test_a_time_without_a_date_is_a_missing_date_and_a_date_without_a_time_is_a_day(
    empty_store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "halva.csv",
        f"Datum;Tid;Lat;Lon\n;21:40;{LAT};{LON}\n2026-11-03;;{LAT};{LON}\n",
    )
    report = run(empty_store, path)
    assert [(r["row"], r["reason"]) for r in report.rejects] == [(2, "datum saknas")]
    assert times(empty_store, int(report.batch_id or 0)) == [(datetime(2026, 11, 3), "day")]


def test_the_autumn_hour_that_occurs_twice_is_read_as_standard_time(empty_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "dst.csv",
        "Datum;Lat;Lon\n"
        f"2026-10-25 01:30;{LAT};{LON}\n"  # before the change: summer time, +02:00
        f"2026-10-25 02:30;{LAT};{LON}\n"  # twice on the clock: the second occurrence, +01:00
        f"2026-10-25 03:30;{LAT};{LON}\n",  # after the change: +01:00
    )
    report = run(empty_store, path)
    assert report.rows_rejected == 0, report.rejects
    assert _utc(empty_store, int(report.batch_id or 0)) == [
        datetime(2026, 10, 24, 23, 30),
        datetime(2026, 10, 25, 1, 30),
        datetime(2026, 10, 25, 2, 30),
    ]


def test_the_ambiguous_hour_in_a_separate_time_column_is_read_the_same_way(empty_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "dst-tid.csv", f"Datum;Klockslag;Lat;Lon\n25/10/2026;02:30;{LAT};{LON}\n")
    report = run(empty_store, path)
    assert report.rows_rejected == 0, report.rejects
    stored = _utc(empty_store, int(report.batch_id or 0))
    assert stored == [datetime(2026, 10, 25, 1, 30)]  # 02:30+01:00, not 02:30+02:00 (00:30 UTC)


def test_impossible_iso_times_are_rejected_as_dates_that_do_not_exist(empty_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "omojliga.csv",
        "Datum;Klockslag;Lat;Lon\n"
        f"2026-11-03;24:00;{LAT};{LON}\n"  # not the next day's midnight
        f"2026-02-29;10:00;{LAT};{LON}\n"  # not a leap year
        f"2026-11-03;21:60;{LAT};{LON}\n"
        f"2026-11-03;9:05;{LAT};{LON}\n",  # a one-digit hour is fine
    )
    report = run(empty_store, path)
    assert [(r["row"], r["reason"]) for r in report.rejects] == [
        (2, 'datum "2026-11-03 24:00" finns inte'),
        (3, 'datum "2026-02-29 10:00" finns inte'),
        (4, 'datum "2026-11-03 21:60" finns inte'),
    ]
    assert times(empty_store, int(report.batch_id or 0)) == [(datetime(2026, 11, 3, 9, 5), "minute")]


def test_the_iso_shape_test_accepts_exactly_what_its_regular_expression_accepts(empty_store: Store) -> None:
    # the shape decides which dates take the fast path (DuckDB's own timestamp cast) and skip the cleaning
    shape = re.compile(r"\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?", re.ASCII)
    texts = [
        "2026-11-03",
        "2026-11-03 9:05",
        "2026-11-03 21:40",
        "2026-11-03 9:05:07",
        "2026-11-03 21:40:07",
        "2026-11-3",
        "2026-1-03",
        "2026-11-03 ",
        "2026-11-03 21:4",
        "2026-11-03 214:0",
        "2026-11-03 21:40:7",
        "2026-11-03t21:40",
        "2026-11-03 21.40",
        "2026/11/03",
        "20261103",
        "2026-11-03 21:40:07.5",
        "2026-11-03 21:40+01",
        "2026-11-03 21:40z",
        "-026-11-03",
        "2026-ab-03",
        "２０２６-11-03",
        "2026-11-03 ２1:40",
        "2026-11-03\u00a021:40",
        "2026-11-03 21:40:07 ",
        "",
        "x" * 16,
        "1899-12-30 00:00",
    ]
    with empty_store.reading() as r:
        found = [r.value(f"SELECT {dates.iso_shape_sql('t')} FROM (SELECT ? AS t)", [text]) for text in texts]
    assert found == [shape.fullmatch(text) is not None for text in texts]
