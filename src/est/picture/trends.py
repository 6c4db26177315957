"""Trends over time: weekly or monthly counts per category or area, with last year and a baseline band.

Who calls it: the Trends page and the area profile (weekly series), and the quarterly/annual EST follow-up
(:func:`period_summary`: tertials and years). Buckets are local ISO weeks (Monday) or calendar months.

The baseline of a bucket is the mean of the 12 buckets before it; the band is the central 95 % of a
Poisson distribution with that mean, so a bucket outside the band is unusual, one inside is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

import pandas as pd

from est.periods import Period
from est.picture.figures import data_covers, first_incident_day
from est.picture.filters import Filters, incident_query
from est.picture.significance import change_verdict, poisson_quantile
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "BASELINE_BUCKETS",
    "GRAINS",
    "GROUP_BYS",
    "MAX_GROUPS",
    "OTHER",
    "OUTSIDE",
    "TOTAL",
    "Grain",
    "GroupBy",
    "Summary",
    "bucket_start",
    "period_summary",
    "trend_series",
]

Grain = Literal["week", "month"]
GroupBy = Literal["total", "category", "area"]
GRAINS: tuple[Grain, ...] = ("week", "month")
"""The grains a trend can be drawn in, in the order a user picks them."""
GROUP_BYS: tuple[GroupBy, ...] = ("total", "category", "area")
"""The breakdowns of a trend, in the order a user picks them."""
BASELINE_BUCKETS = 12
MAX_GROUPS = 8
OTHER = "__other__"
OUTSIDE = "__outside__"
TOTAL = "__total__"


def bucket_start(day: date, grain: Grain) -> date:
    """The Monday of ``day``'s ISO week, or the first of its month."""
    if grain == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.isoweekday() - 1)


def _shift(bucket: date, grain: Grain, n: int) -> date:
    if grain == "week":
        return bucket + timedelta(weeks=n)
    index = bucket.year * 12 + bucket.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _group_sql(by: GroupBy) -> str:
    if by == "category":
        return "split_part(i.category_code, '.', 1)"
    if by == "area":
        return f"coalesce(a.code, '{OUTSIDE}')"
    return f"'{TOTAL}'"


def trend_series(
    reader: Reader, filters: Filters, area_set_id: int, grain: Grain = "week", by: GroupBy = "total", buckets: int = 26
) -> pd.DataFrame:
    """Counts per bucket and group for the ``buckets`` buckets ending with the one holding the period's last day.

    Returns
    -------
    pandas.DataFrame
        ``bucket`` (date), ``group`` (top-level category code, area code, ``__outside__``, ``__other__``
        for groups beyond the ``MAX_GROUPS`` largest, or ``__total__``), ``count``, ``last_year`` (the
        same bucket a year earlier: 52 weeks or 12 months), ``baseline`` (mean of the 12 buckets before),
        ``low``/``high`` (the 95 % Poisson band around the baseline), ``complete`` (False for a bucket the
        period ends inside: its count covers only part of the week or month, and the charts say so).
        Buckets after the period are left out.
    """
    last = bucket_start(filters.period.last_day, grain)
    first = _shift(last, grain, -(buckets - 1))
    history = 52 if grain == "week" else 12
    fetch_start = _shift(first, grain, -max(history, BASELINE_BUCKETS))
    fetch = Period(fetch_start, filters.period.end)
    # the area joins only when needed: they cost more than the rest of the query
    q = incident_query(filters, area_set_id, period=fetch, join="left" if by == "area" else "if_filtered")
    unit = "week" if grain == "week" else "month"
    raw = reader.df(
        by_local_hour(
            f"{_group_sql(by)} AS grp",
            q.sql,
            f"CAST(date_trunc('{unit}', t) AS DATE) AS bucket",
            "grp",
        ),
        q.params,
    )
    raw["bucket"] = pd.to_datetime(raw["bucket"]).dt.date
    all_buckets = []
    b = fetch_start
    while b <= last:
        all_buckets.append(b)
        b = _shift(b, grain, 1)
    shown = raw[raw["bucket"] >= first]
    ranking = shown.groupby("grp")["count"].sum().sort_values(ascending=False)
    keep = set(ranking.index[:MAX_GROUPS]) if len(ranking) > MAX_GROUPS else set(ranking.index)
    raw["grp"] = raw["grp"].where(raw["grp"].isin(keep), OTHER)
    groups = sorted(set(raw["grp"]), key=lambda g: (-int(ranking.get(g, 0)), str(g))) or [TOTAL]
    wide = raw.pivot_table(index="bucket", columns="grp", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=all_buckets, columns=groups, fill_value=0).fillna(0).astype("int64")
    out = []
    for group in groups:
        series = wide[group]
        baseline = series.rolling(BASELINE_BUCKETS, min_periods=BASELINE_BUCKETS).mean().shift(1)
        last_year = series.shift(history)
        frame = pd.DataFrame(
            {
                "bucket": series.index,
                "group": group,
                "count": series.to_numpy(),
                "last_year": last_year.to_numpy(),
                "baseline": baseline.to_numpy(),
            }
        )
        out.append(frame[frame["bucket"] >= first])
    result = pd.concat(out, ignore_index=True)
    result["low"] = [poisson_quantile(0.025, m) if pd.notna(m) else None for m in result["baseline"]]
    result["high"] = [poisson_quantile(0.975, m) if pd.notna(m) else None for m in result["baseline"]]
    result["complete"] = [_shift(b, grain, 1) <= filters.period.end for b in result["bucket"]]
    return result


@dataclass(frozen=True)
class Summary:
    """Counts per follow-up period (tertial or year) and top-level category, with last year's figure.

    ``running`` is, for a period still under way, the part of it counted so far and the same days a year
    earlier that its ``last_year`` figure counts (like with like); None when every period shown is complete.
    """

    table: pd.DataFrame
    running: tuple[Period, Period] | None = None


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February: the day before 1 March
        return date(day.year - 1, 2, 28)


def _tertial(day: date) -> int:
    return (day.month - 1) // 4 + 1


def period_summary(reader: Reader, filters: Filters, area_set_id: int, kind: Literal["tertial", "year"]) -> Summary:
    """Tertials (Jan–Apr, May–Aug, Sep–Dec) or calendar years up to the period's end, the last three years.

    Returns
    -------
    Summary
        ``table`` with ``label`` (``2026 T1`` / ``2026``), ``complete`` (False for the running one),
        ``category`` (top-level code), ``count``, ``last_year`` (same tertial / year before; for the running
        one only the same days as counted so far, see :attr:`Summary.running`; missing when the data does
        not cover that whole period) and ``verdict``
        (Poisson test of ``count`` against ``last_year`` when the period is complete).
    """
    end = filters.period.end
    start = date(end.year - 3, 1, 1)
    q = incident_query(filters, area_set_id, period=Period(start, end))
    raw = reader.df(
        by_local_hour(
            "split_part(i.category_code, '.', 1) AS category", q.sql, "year(t) AS y, month(t) AS m", "category"
        ),
        q.params,
    )
    if kind == "tertial":
        raw["key"] = raw["y"] * 10 + (raw["m"] - 1) // 4 + 1
    else:
        raw["key"] = raw["y"] * 10
    table = raw.groupby(["key", "category"])["count"].sum().reset_index()
    previous = table.assign(key=table["key"] + 10).rename(columns={"count": "last_year"})
    table = table.merge(previous, on=["key", "category"], how="left")
    table["last_year"] = table["last_year"].fillna(0).astype("int64")
    table = table[table["key"] >= (end.year - 2) * 10].copy()
    running = _running_spans(reader, filters, kind)
    if running is not None:
        # The running period so far against the same days a year earlier, not against that whole period.
        key = running[0].start.year * 10 + (_tertial(running[0].start) if kind == "tertial" else 0)
        q = incident_query(filters, area_set_id, period=running[1])
        so_far = dict(
            reader.rows(
                f"SELECT split_part(i.category_code, '.', 1) AS category, sum(i.count)::BIGINT {q.sql} GROUP BY ALL",
                q.params,
            )
        )
        is_running = table["key"] == key
        table.loc[is_running, "last_year"] = [int(so_far.get(c, 0)) for c in table.loc[is_running, "category"]]
        if not is_running.any():
            running = None  # nothing counted in the running period yet: no row, so no comparison to explain

    def period_end(key: int) -> date:
        year, part = divmod(key, 10)
        if part == 0:
            return date(year + 1, 1, 1)
        return date(year, part * 4 + 1, 1) if part < 3 else date(year + 1, 1, 1)

    def period_start(key: int) -> date:
        year, part = divmod(key, 10)
        return date(year, 1, 1) if part == 0 else date(year, (part - 1) * 4 + 1, 1)

    first_day = first_incident_day(reader)
    table["complete"] = [period_end(int(k)) <= end for k in table["key"]]
    # Last year's figure only where the data covers that whole period (not the first, partial months).
    covered = [data_covers(Period(period_start(int(k) - 10), period_end(int(k) - 10)), first_day) for k in table["key"]]
    table["last_year"] = table["last_year"].astype("Float64").where(pd.Series(covered, index=table.index))
    table["label"] = [f"{k // 10} T{k % 10}" if k % 10 else str(k // 10) for k in table["key"]]
    table["verdict"] = [
        change_verdict(int(c), float(ly)).verdict if done and pd.notna(ly) and ly > 0 else "no_baseline"
        for c, ly, done in zip(table["count"], table["last_year"], table["complete"], strict=True)
    ]
    ordered = table.sort_values(["key", "count"], ascending=[False, False])
    return Summary(
        table=ordered[["label", "complete", "category", "count", "last_year", "verdict"]].reset_index(drop=True),
        running=running,
    )


def _running_spans(reader: Reader, filters: Filters, kind: Literal["tertial", "year"]) -> tuple[Period, Period] | None:
    """The running period counted so far and the same days a year earlier, or None when it is complete.

    "So far" ends with the filter's last day, or earlier with the last day that has any data (a tertial
    that has run 23 days of 31 in the data is compared with those 23 days last year).
    """
    last = filters.period.last_day
    start = date(last.year, 1, 1) if kind == "year" else date(last.year, (_tertial(last) - 1) * 4 + 1, 1)
    full_end = (
        date(last.year + 1, 1, 1)
        if kind == "year" or _tertial(last) == 3
        else date(last.year, _tertial(last) * 4 + 1, 1)
    )
    if filters.period.end >= full_end:
        return None
    newest = reader.value("SELECT CAST(max(occurred_at) AS DATE) FROM incidents")
    if isinstance(newest, date) and newest < last:
        last = max(newest, start)
    current = Period.inclusive(start, last)
    return current, Period.inclusive(_year_earlier(start), _year_earlier(last))
