"""When things happen: the weekday × hour matrix and the top time windows, for patrol planning.

Who calls it: the "Veckodag och timme" page, the area profile and reports. Hours and weekdays are local
(Europe/Stockholm, the store's session time zone), so a Saturday 23:30 report stays a Saturday-23 report
across daylight-saving changes. Incidents with only a date (``time_precision`` 'day' or 'month') have no
meaningful hour and are left out of the matrix; they are counted in ``undated_hours``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from est.picture.filters import Filters, incident_query
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = ["BLOCK_HOURS", "HourProfile", "TimeWindow", "hour_weekday", "top_windows"]

BLOCK_HOURS = 3  # windows of three hours: 0–3, 3–6, …, 21–24


@dataclass(frozen=True)
class HourProfile:
    """The 7 × 24 matrix (``weekday`` 1 = Monday … 7, ``hour`` 0–23, ``count``) and what it leaves out."""

    matrix: pd.DataFrame
    total: int
    undated_hours: int


@dataclass(frozen=True)
class TimeWindow:
    """A three-hour window on one weekday in one area (``area`` None: outside every area)."""

    area: str | None
    weekday: int
    start_hour: int
    end_hour: int
    count: int


def hour_weekday(reader: Reader, filters: Filters, area_set_id: int) -> HourProfile:
    """Counts per local weekday and hour for the filter (zeros filled: always 168 rows)."""
    q = incident_query(filters, area_set_id)
    rows = reader.df(
        by_local_hour("i.time_precision = 'minute' AS timed", q.sql, "isodow(t) AS weekday, hour(t) AS hour", "timed"),
        q.params,
    )
    timed = rows[rows["timed"]]
    grid = pd.MultiIndex.from_product([range(1, 8), range(24)], names=["weekday", "hour"])
    matrix = timed.groupby(["weekday", "hour"])["count"].sum().reindex(grid, fill_value=0).astype("int64").reset_index()
    return HourProfile(
        matrix=matrix, total=int(rows["count"].sum()), undated_hours=int(rows[~rows["timed"]]["count"].sum())
    )


def top_windows(reader: Reader, filters: Filters, area_set_id: int, n: int = 5) -> list[TimeWindow]:
    """The ``n`` area × weekday × three-hour windows with most incidents (ties: earlier in the week first)."""
    q = incident_query(filters, area_set_id, join="left")
    inner = by_local_hour(
        "a.name AS name",
        f"{q.sql} AND i.time_precision = 'minute' AND ia.incident_id IS NOT NULL",
        f"isodow(t) AS weekday, (hour(t) // {BLOCK_HOURS}) * {BLOCK_HOURS} AS block",
        "name",
    )
    rows = reader.rows(
        "SELECT name, weekday, block, count FROM ("  # noqa: S608 - fragments are code constants; values are bound
        f"{inner}) ORDER BY count DESC, weekday, block, name NULLS LAST LIMIT ?",
        [*q.params, n],
    )
    return [
        TimeWindow(None if name is None else str(name), int(day), int(block), int(block) + BLOCK_HOURS, int(count))
        for name, day, block, count in rows
    ]
