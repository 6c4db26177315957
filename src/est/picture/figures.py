"""Lägesbild figures: KPIs against comparison periods, counts per area, and data freshness.

Who calls it: the analysis pages (through ``est.ui``'s cached reads), reports and ``est stats``.
Every function takes a :class:`~est.store.Reader` and a :class:`~est.picture.filters.Filters` and returns plain
values or DataFrames; counts are the sum of each row's ``count`` (incidents the row stands for).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.access.precision import apply_precision
from est.areas.sets import AreaSet, get_area_set
from est.periods import Period, same_period_last_year
from est.picture.filters import Filters, incident_query
from est.picture.significance import Change, change_verdict
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "NEAR_PLACE_METRES",
    "OUTSIDE_AREA_ID",
    "UNLOCATED_AREA_ID",
    "AreaRise",
    "Overview",
    "area_counts",
    "baseline_period",
    "by_top_category",
    "category_counts",
    "count_incidents",
    "daily_area_counts",
    "data_covers",
    "first_incident_day",
    "for_areas",
    "largest_increase",
    "latest_report",
    "neighbours",
    "overview",
    "resolve_area_set",
    "spark_weeks",
    "top_places",
]


def resolve_area_set(reader: Reader, filters: Filters) -> AreaSet:
    """The area set the filter names, else the default set (raises when there is none)."""
    return get_area_set(reader, filters.area_set)


def count_incidents(reader: Reader, filters: Filters, area_set_id: int, period: Period | None = None) -> int:
    """Number of incidents (sum of ``count``) matching the filter in ``period`` (default: its own)."""
    q = incident_query(filters, area_set_id, period=period)
    value = reader.value(f"SELECT coalesce(sum(i.count), 0) {q.sql}", q.params)
    return int(value or 0)


def area_counts(reader: Reader, filters: Filters, area_set_id: int) -> pd.DataFrame:
    """Counts per area of the set for the period and the previous period, with rates.

    Returns
    -------
    pandas.DataFrame
        One row per area (``code``, ``name``, ``population``, ``count``, ``previous``, ``change``,
        ``rate_per_1000``), sorted by count, then a last row with ``code`` None for incidents outside
        every area (only when there are any). Areas not selected by ``filters.areas`` are left out.
    """
    period = filters.period
    both = Period(period.previous().start, period.end)
    q = incident_query(filters, area_set_id, period=both, join="inner")
    counts = reader.df(
        "SELECT ia.area_id, "
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ), 0) AS count, "
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ), 0) AS previous "
        f"{q.sql} GROUP BY ia.area_id",
        [period.start.isoformat(), period.start.isoformat(), *q.params],
    )
    areas = reader.df("SELECT id AS area_id, code, name, population FROM areas WHERE area_set_id = ?", [area_set_id])
    if filters.areas:
        areas = areas[areas["code"].isin(filters.areas)]
    table = areas.merge(counts, on="area_id", how="left")
    table[["count", "previous"]] = table[["count", "previous"]].fillna(0).astype("int64")
    table = table.sort_values(["count", "name"], ascending=[False, True])
    outside = counts[counts["area_id"].isna()]
    if len(outside) and not filters.areas and int(outside["count"].sum() + outside["previous"].sum()) > 0:
        row = pd.DataFrame(
            {
                "area_id": [pd.NA],
                "code": [None],
                "name": [None],
                "population": [pd.NA],
                "count": [int(outside["count"].sum())],
                "previous": [int(outside["previous"].sum())],
            }
        )
        table = pd.concat([table, row], ignore_index=True)
    table["change"] = table["count"] - table["previous"]
    population = pd.to_numeric(table["population"], errors="coerce")
    table["rate_per_1000"] = (table["count"] / population * 1000).where(population > 0)
    return table.drop(columns=["area_id"]).reset_index(drop=True)


def first_incident_day(reader: Reader, filters: Filters | None = None) -> date | None:
    """The local date of the earliest stored incident (duplicates too), or None without data.

    Data coverage for comparisons starts here (see :func:`data_covers`). With ``filters`` that choose
    sources or organisations, it is the earliest report of those: a source that started sending last week
    has no history, so its baseline and previous periods are unknown, not 0 (no "higher than usual" for a
    newcomer). Period, categories and areas do not move it (nothing reported there is a real 0).
    """
    parts: list[str] = ["TRUE"]
    params: list[object] = []
    if filters is not None:
        for column, values in (("source_kind", filters.sources), ("organisation_id", filters.organisations)):
            if values:
                parts.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
    value = reader.value(
        f"SELECT CAST(min(occurred_at) AS DATE) FROM incidents WHERE {' AND '.join(parts)}",  # noqa: S608 - constants
        params,
    )
    return value if isinstance(value, date) else None


def data_covers(window: Period, first_day: date | None) -> bool:
    """Whether the stored data covers the whole comparison ``window``: it starts on or after ``first_day``.

    A window that starts before the earliest stored incident counts days nobody reported yet, so its
    figure is not "nothing happened" but "unknown" (wholly before: 0; partly: too low). The pages then say
    that there is no data to compare with instead of showing a change. The same rule decides whether the
    follow-up per tertial and year (:func:`est.picture.trends.period_summary`) has a figure for last year.

    Examples
    --------
    >>> data_covers(Period(date(2026, 2, 1), date(2026, 3, 1)), date(2026, 2, 1))
    True
    >>> data_covers(Period(date(2026, 1, 31), date(2026, 3, 1)), date(2026, 2, 1))
    False
    """
    return first_day is not None and window.start >= first_day


def latest_report(reader: Reader) -> datetime | None:
    """When the newest incident was reported (``created_at``), or None for an empty database."""
    value = reader.value("SELECT max(created_at) FROM incidents")
    return value if isinstance(value, datetime) else None


# --- The Lägesbild overview: one pass over daily counts per area ------------------------------------------

OUTSIDE_AREA_ID = 0  # located, but outside every area of the set
UNLOCATED_AREA_ID = -1  # no point at all (reported by area or without a location)
BASELINE_MIN_DAYS = 84  # the baseline is at least the 12 weeks before the period
SPARK_WEEKS = 12


def daily_area_counts(reader: Reader, filters: Filters, area_set_id: int, period: Period) -> pd.DataFrame:
    """Counts per area and local date in ``period`` (the filter's own categories, sources, areas, organisations).

    Returns
    -------
    pandas.DataFrame
        ``area_id`` (``OUTSIDE_AREA_ID`` for points outside every area, ``UNLOCATED_AREA_ID`` for incidents
        without a point), ``day`` (local date, Europe/Stockholm) and ``count``.
    """
    q = incident_query(filters, area_set_id, period=period, join="left")
    frame = reader.df(
        by_local_hour(
            "CASE WHEN ia.incident_id IS NULL THEN ? ELSE coalesce(ia.area_id, ?) END AS area_id",
            q.sql,
            "CAST(t AS DATE) AS day",
            "area_id",
        ),
        [UNLOCATED_AREA_ID, OUTSIDE_AREA_ID, *q.params],
    )
    frame["area_id"] = frame["area_id"].astype("int64")
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    frame["count"] = frame["count"].astype("int64")
    return frame


def baseline_period(period: Period) -> Period:
    """The comparison window before ``period``: at least 12 weeks, at least one period length."""
    days = max(BASELINE_MIN_DAYS, period.days)
    return Period(period.start - timedelta(days=days), period.start)


def spark_weeks(period: Period) -> list[date]:
    """The Mondays of the ``SPARK_WEEKS`` ISO weeks ending with the week of the period's last day."""
    last_monday = period.last_day - timedelta(days=period.last_day.isoweekday() - 1)
    return [last_monday - timedelta(weeks=SPARK_WEEKS - 1 - i) for i in range(SPARK_WEEKS)]


@dataclass(frozen=True)
class Overview:
    """Everything the Lägesbild page shows, computed from daily counts in one pass.

    ``table`` has one row per area (``area_id``, ``code``, ``name``, ``population``, ``count``,
    ``previous``, ``last_year``, ``expected``, ``verdict``, ``p_value``, ``rate_per_1000``, ``trend``
    (list of weekly counts, oldest first)), ranked by count, then a row for points outside every area and
    one for incidents without a location (only when they have any incidents).

    ``previous`` and ``last_year`` (and the table's columns of the same name) are None / missing when the
    stored data does not cover that comparison window (it starts before the earliest stored incident, see
    :func:`data_covers`); likewise ``expected`` is missing and the verdict ``no_baseline`` when the data
    does not cover the baseline window.
    """

    total: Change
    previous: int | None
    last_year: int | None
    table: pd.DataFrame
    period: Period
    previous_period: Period
    last_year_period: Period
    baseline_period: Period
    spark_weeks: tuple[date, ...]
    raw: bool = False  # the counts are of every report (the filter's raw), not of problems


def _sum_in(daily: pd.DataFrame, period: Period) -> pd.Series:
    inside = daily[(daily["day"] >= period.start) & (daily["day"] < period.end)]
    return inside.groupby("area_id")["count"].sum()


def overview(reader: Reader, filters: Filters, area_set_id: int) -> Overview:
    """The Lägesbild figures: per area and in total, current, previous, last year, baseline and trend.

    The change verdict is a Poisson test of the period's count against the mean count of comparable
    periods in :func:`baseline_period` (see :mod:`est.picture.significance`).
    """
    period = filters.period
    previous = period.previous()
    last_year = same_period_last_year(period)
    base = baseline_period(period)
    weeks = spark_weeks(period)
    recent = Period(min(base.start, previous.start, weeks[0]), max(period.end, weeks[-1] + timedelta(days=7)))
    daily = pd.concat(
        [
            daily_area_counts(reader, filters, area_set_id, recent),
            daily_area_counts(reader, filters, area_set_id, last_year),
        ],
        ignore_index=True,
    ).drop_duplicates(subset=["area_id", "day"])
    areas = reader.df("SELECT id AS area_id, code, name, population FROM areas WHERE area_set_id = ?", [area_set_id])
    if filters.areas:
        areas = areas[areas["code"].isin(filters.areas)]
    extra = [(OUTSIDE_AREA_ID, None, None, None), (UNLOCATED_AREA_ID, None, None, None)]
    table = pd.concat(
        [areas, pd.DataFrame(extra, columns=["area_id", "code", "name", "population"])], ignore_index=True
    )
    first_day = first_incident_day(reader, filters)
    factor = period.days / base.days if data_covers(base, first_day) else float("nan")
    for column, window in (("count", period), ("previous", previous), ("last_year", last_year), ("base", base)):
        table[column] = table["area_id"].map(_sum_in(daily, window)).fillna(0).astype("int64")
    table["expected"] = table["base"] * factor
    changes = [change_verdict(int(c), float(e)) for c, e in zip(table["count"], table["expected"], strict=True)]
    table["verdict"] = [c.verdict for c in changes]
    table["p_value"] = [c.p_value for c in changes]
    population = pd.to_numeric(table["population"], errors="coerce")
    table["rate_per_1000"] = (table["count"] / population * 1000).where(population > 0)
    week_of = daily.assign(week=[d - timedelta(days=d.isoweekday() - 1) for d in daily["day"]])
    week_of = week_of[week_of["week"].isin(weeks)]
    per_week = week_of.groupby(["area_id", "week"])["count"].sum()
    table["trend"] = [[int(per_week.get((aid, w), 0)) for w in weeks] for aid in table["area_id"]]
    special = table["area_id"] <= 0
    keep = ~special | (table[["count", "previous", "last_year", "base"]].sum(axis=1) > 0)
    table = table[keep]
    special = table["area_id"] <= 0
    ranked = pd.concat(
        [table[~special].sort_values(["count", "name"], ascending=[False, True]), table[special]], ignore_index=True
    )
    total_count = int(table["count"].sum())
    total = change_verdict(total_count, float(table["expected"].sum(skipna=False)))
    ranked = ranked.drop(columns=["base"]).reset_index(drop=True)
    totals: dict[str, int | None] = {}
    for column, window in (("previous", previous), ("last_year", last_year)):
        if data_covers(window, first_day):
            totals[column] = int(table[column].sum())
        else:  # no data to compare with: unknown, not 0
            totals[column] = None
            ranked[column] = pd.array([pd.NA] * len(ranked), dtype="Int64")
    return Overview(
        total=total,
        previous=totals["previous"],
        last_year=totals["last_year"],
        table=ranked,
        period=period,
        previous_period=previous,
        last_year_period=last_year,
        baseline_period=base,
        spark_weeks=tuple(weeks),
        raw=filters.raw,
    )


@dataclass(frozen=True)
class AreaRise:
    """An area whose count rose from the previous period: its name and both counts."""

    name: str
    previous: int
    count: int


def largest_increase(ov: Overview) -> AreaRise | None:
    """The area whose count rose most against the previous period, or None (no rise, or nothing to compare).

    Only areas of the set compete (not the points outside every area or without a place). Ties go to the
    larger count, then to the name in alphabetical order.
    """
    if ov.previous is None:
        return None
    areas = ov.table[ov.table["area_id"] > 0]
    rises = [
        (int(c) - int(p), int(c), str(n), int(p))
        for n, c, p in zip(areas["name"], areas["count"], areas["previous"], strict=True)
        if int(c) > int(p)
    ]
    if not rises:
        return None
    _, count, name, previous = min(rises, key=lambda r: (-r[0], -r[1], r[2]))
    return AreaRise(name, previous, count)


# --- Area profile -------------------------------------------------------------------------------------------

NEIGHBOUR_TOLERANCE_DEG = 0.0005  # about 50 m: areas this close count as neighbours (gaps in area files)


def for_areas(filters: Filters, codes: list[str] | tuple[str, ...]) -> Filters:
    """The same filter restricted to ``codes`` (the area profile: one area, or it and its neighbours)."""
    return replace(filters, areas=tuple(codes))


def neighbours(reader: Reader, area_set_id: int, code: str, nearest: int = 3) -> list[str]:
    """Codes of the areas that touch area ``code`` (within ~50 m); the ``nearest`` by centre when none touch."""
    import shapely

    target = reader.row(
        "SELECT geom_wkb, centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat FROM areas "
        "WHERE area_set_id = ? AND code = ?",
        [area_set_id, code],
    )
    if target is None:
        return []
    wkb, lat, lon, min_lon, min_lat, max_lon, max_lat = target
    tol = NEIGHBOUR_TOLERANCE_DEG
    candidates = reader.rows(
        "SELECT code, geom_wkb FROM areas WHERE area_set_id = ? AND code <> ? "
        "AND max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? ORDER BY code",
        [area_set_id, code, min_lon - tol, max_lon + tol, min_lat - tol, max_lat + tol],
    )
    shape = shapely.from_wkb(bytes(wkb)).buffer(tol)
    touching = [str(c) for c, g in candidates if shape.intersects(shapely.from_wkb(bytes(g)))]
    if touching:
        return touching
    rows = reader.rows(
        "SELECT code FROM areas WHERE area_set_id = ? AND code <> ? "
        "ORDER BY (centroid_lat - ?) ^ 2 + ((centroid_lon - ?) * cos(radians(?))) ^ 2, code LIMIT ?",
        [area_set_id, code, lat, lon, lat, nearest],
    )
    return [str(r[0]) for r in rows]


def category_counts(reader: Reader, filters: Filters, area_set_id: int) -> pd.DataFrame:
    """Counts per category (``category_code``, ``count``, ``previous``) in the period and the one before."""
    period = filters.period
    both = Period(period.previous().start, period.end)
    q = incident_query(filters, area_set_id, period=both)
    return reader.df(
        "SELECT i.category_code, "
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ), 0)::BIGINT AS count, "
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ), 0)::BIGINT AS previous "
        f"{q.sql} GROUP BY ALL ORDER BY count DESC, i.category_code",
        [period.start.isoformat(), period.start.isoformat(), *q.params],
    )


def by_top_category(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`category_counts` summed per top-level category (``skadegorelse.klotter`` → ``skadegorelse``).

    Largest count first, ties by code; the same columns as the input.
    """
    top = frame.assign(category_code=[str(c).split(".", 1)[0] for c in frame["category_code"]])
    summed = top.groupby("category_code", as_index=False)[["count", "previous"]].sum()
    return summed.sort_values(["count", "category_code"], ascending=[False, True], ignore_index=True)


NEAR_PLACE_METRES = 150.0  # a cell without any place name is named after a named cell this close


def top_places(
    reader: Reader, filters: Filters, area_set_id: int, viewer: Viewer, grid_metres: float, n: int = 10
) -> pd.DataFrame:
    """The places with most incidents, named by the reported place or address the viewer may see.

    Rows pass :func:`est.access.precision.apply_precision` before grouping, so a viewer without exact locations
    gets snapped cells and no place names of other organisations. A report without a place of its own takes
    the place most reported in its ~100 m cell; a cell with none at all is one place of its own, and is
    named after the nearest named cell within :data:`NEAR_PLACE_METRES` (``near``), else by its area only.

    Returns
    -------
    pandas.DataFrame
        ``place`` (name or address, None for an unnamed cell), ``near`` (the nearest named place for an
        unnamed cell, else None), ``area`` (area name, None outside every area), ``lat``, ``lon`` (mean
        position), ``count``; most incidents first.
    """
    require(viewer, Permission.VIEW_PICTURE)
    q = incident_query(filters, area_set_id, join="left")
    rows = reader.df(
        "SELECT i.organisation_id, nullif(trim(i.place), '') AS place, round(i.lat, 3) AS lat, "
        f"round(i.lon, 3) AS lon, a.name AS area, sum(i.count)::BIGINT AS count {q.sql} AND i.lat IS NOT NULL "
        "GROUP BY ALL",
        q.params,
    )
    columns = ["place", "near", "area", "lat", "lon", "count"]
    if rows.empty:
        return pd.DataFrame({c: [] for c in columns})
    shown = apply_precision(rows, viewer, grid_metres)
    shown["cell"] = [f"{la:.3f},{lo:.3f}" for la, lo in zip(shown["lat"], shown["lon"], strict=True)]
    named = shown[shown["place"].notna()].groupby(["cell", "place"], as_index=False).agg(count=("count", "sum"))
    named = named.sort_values(["count", "place"], ascending=[False, True]).drop_duplicates("cell")
    cell_place = shown["cell"].map(named.set_index("cell")["place"])
    shown["place"] = shown["place"].where(shown["place"].notna(), cell_place)
    shown["key"] = [
        "p:" + p if isinstance(p, str) else "c:" + c for p, c in zip(shown["place"], shown["cell"], strict=True)
    ]
    grouped = shown.groupby("key").agg(
        place=("place", "first"),
        area=("area", "first"),
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        count=("count", "sum"),
    )
    ranked = grouped.sort_values(["count", "key"], ascending=[False, True]).head(n).reset_index(drop=True)
    places = grouped[grouped["place"].notna()]
    ranked["near"] = [
        _nearest(la, lo, places) if not isinstance(p, str) else None
        for p, la, lo in zip(ranked["place"], ranked["lat"], ranked["lon"], strict=True)
    ]
    return ranked[columns]


def _nearest(lat: float, lon: float, places: pd.DataFrame) -> str | None:
    """The name of the place in ``places`` nearest to ``lat``/``lon``, if within :data:`NEAR_PLACE_METRES`."""
    if places.empty:
        return None
    dy = (places["lat"].to_numpy(dtype=float) - lat) * 111_320.0
    dx = (places["lon"].to_numpy(dtype=float) - lon) * 111_320.0 * math.cos(math.radians(lat))
    metres = (dx**2 + dy**2) ** 0.5
    closest = int(metres.argmin())
    return str(places["place"].iloc[closest]) if float(metres[closest]) <= NEAR_PLACE_METRES else None
