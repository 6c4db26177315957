"""Lägesbild figures: KPIs against comparison periods, counts per area, and data freshness.

Who calls it: the analysis pages (through ``est.ui``'s cached reads), reports and ``est stats``.
Every function takes a :class:`~est.store.Reader` and a :class:`~est.filters.Filters` and returns plain
values or DataFrames; counts are the sum of each row's ``count`` (incidents the row stands for).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from est.areas import AreaSet, get_area_set
from est.filters import Filters, where_clause
from est.periods import Period, same_period_last_year

if TYPE_CHECKING:
    from est.store import Reader

__all__ = ["Kpis", "area_counts", "count_incidents", "kpis", "latest_report", "resolve_area_set"]


@dataclass(frozen=True)
class Kpis:
    """Headline figures for a filtered period and its comparisons."""

    current: int
    previous: int
    last_year: int
    areas_with_incidents: int
    outside_areas: int
    period: Period
    previous_period: Period
    last_year_period: Period


def resolve_area_set(reader: Reader, filters: Filters) -> AreaSet:
    """The area set the filter names, else the default set (raises when there is none)."""
    return get_area_set(reader, filters.area_set)


def _area_join(filters: Filters) -> str:
    if filters.areas:
        return (
            "JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? JOIN areas a ON a.id = ia.area_id "
        )
    return ""


def count_incidents(reader: Reader, filters: Filters, area_set_id: int, period: Period | None = None) -> int:
    """Number of incidents (sum of ``count``) matching the filter in ``period`` (default: its own)."""
    where, params = where_clause(filters, period=period)
    join = _area_join(filters)
    join_params: list[object] = [area_set_id] if join else []
    value = reader.value(
        f"SELECT coalesce(sum(i.count), 0) FROM incidents i {join}WHERE {where}",  # noqa: S608 - built from constants
        [*join_params, *params],
    )
    return int(value or 0)


def kpis(reader: Reader, filters: Filters, area_set_id: int) -> Kpis:
    """KPIs for the filter's period against the previous period and the same period last year."""
    period = filters.period
    previous = period.previous()
    last_year = same_period_last_year(period)
    table = area_counts(reader, filters, area_set_id)
    inside = table[table["code"].notna()]
    outside = table[table["code"].isna()]
    return Kpis(
        current=count_incidents(reader, filters, area_set_id, period),
        previous=count_incidents(reader, filters, area_set_id, previous),
        last_year=count_incidents(reader, filters, area_set_id, last_year),
        areas_with_incidents=int((inside["count"] > 0).sum()),
        outside_areas=int(outside["count"].sum()) if len(outside) else 0,
        period=period,
        previous_period=previous,
        last_year_period=last_year,
    )


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
    where, params = where_clause(filters, period=both, include_areas=False)
    counts = reader.df(
        "SELECT ia.area_id, "  # noqa: S608 - fragments are code constants; values are bound
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ), 0) AS count, "
        "coalesce(sum(i.count) FILTER (WHERE i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ), 0) AS previous "
        "FROM incidents i JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? "
        f"WHERE {where} GROUP BY ia.area_id",
        [period.start.isoformat(), period.start.isoformat(), area_set_id, *params],
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


def latest_report(reader: Reader) -> datetime | None:
    """When the newest incident was reported (``created_at``), or None for an empty database."""
    value = reader.value("SELECT max(created_at) FROM incidents")
    return value if isinstance(value, datetime) else None
