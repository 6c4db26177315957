"""Hand-built analysis data with known answers: two square areas, two organisations, incidents at given times.

Alfa (code A, 2,000 inhabitants) spans lon 14.00–14.01, Beta (code B, 500 inhabitants) lon 14.01–14.02,
both lat 63.00–63.01. ``add`` inserts incidents with explicit UTC offsets and assigns them to the areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import geopandas as gpd
from shapely.geometry import box

from est.areas.sets import AreaColumns, assign_incidents, save_area_set
from est.store import Store

POINTS = {"A": (63.005, 14.005), "B": (63.005, 14.015), "out": (63.05, 14.2)}
SET_NAME = "Testområden"


def make_world(store: Store) -> dict[str, int]:
    """Create the area set and two organisations; return the organisation ids by name."""
    gdf = gpd.GeoDataFrame(
        {"code": ["A", "B"], "name": ["Alfa", "Beta"], "pop": [2000, 500]},
        geometry=[box(14.00, 63.00, 14.01, 63.01), box(14.01, 63.00, 14.02, 63.01)],
        crs="EPSG:4326",
    )
    with store.writing(extensions=("spatial",)) as w:
        save_area_set(w, SET_NAME, gdf, columns=AreaColumns(name="name", code="code", population="pop"), default=True)
        org = {
            "Bostadsbolaget": w.insert("organisations", {"name": "Bostadsbolaget", "source_kind": "fastighetsagare"}),
            "Polisen": w.insert("organisations", {"name": "Polisen", "source_kind": "polis"}),
        }
    return org


def add(store: Store, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert ``(timestamp with offset, where, category, organisation id[, description[, place]])`` rows.

    ``where`` is "A", "B", "out" (outside both areas) or None (no coordinates).
    """
    values = []
    for row in rows:
        when, where, category, org = row[:4]
        description = row[4] if len(row) > 4 else None
        place = row[5] if len(row) > 5 else None
        lat, lon = POINTS[where] if where else (None, None)
        kind = "polis" if org == 2 else "fastighetsagare"
        values.append(
            [datetime.fromisoformat(when).isoformat(sep=" "), category, kind, org, description, place, lat, lon]
        )
    with store.writing(extensions=("spatial",)) as w:
        w.executemany(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, description, place, "
            "lat, lon, location_precision) VALUES (CAST(? AS TIMESTAMPTZ), ?, ?, ?, ?, ?, ?, ?, "
            "CASE WHEN ? IS NULL THEN 'none' ELSE 'exact' END)",
            [[*v, v[6]] for v in values],
        )
        assign_incidents(w)


def week_rows() -> list[tuple[object, ...]]:
    """ISO week 2026-W10 with a 12-week baseline and last year's same week (see test_analysis_lagesbild)."""
    rows: list[tuple[object, ...]] = []
    # Baseline: the 12 weeks before W10 (2025-W50 … 2026-W09): Alfa 1 a week, Beta 3 a week.
    for k in range(1, 13):
        wednesday = date(2026, 3, 4) - timedelta(weeks=k)
        rows.append((f"{wednesday}T12:00:00+01:00", "A", "skadegorelse.klotter", 1))
        rows.extend((f"{wednesday}T1{h}:00:00+01:00", "B", "skadegorelse.klotter", 1) for h in range(3))
    # W10: Alfa 4 (one by the police), Beta 3 (one break-in), one outside, one without location.
    rows += [
        ("2026-03-02T08:00:00+01:00", "A", "skadegorelse.klotter", 1),
        ("2026-03-03T08:00:00+01:00", "A", "skadegorelse.glaskross", 1),
        ("2026-03-05T08:00:00+01:00", "A", "samling.trapphus", 1),
        ("2026-03-08T23:59:00+01:00", "A", "samling.trapphus", 2),  # Sunday night: still W10
        ("2026-03-04T09:00:00+01:00", "B", "skadegorelse.klotter", 1),
        ("2026-03-04T10:00:00+01:00", "B", "skadegorelse.klotter", 1),
        ("2026-03-06T22:00:00+01:00", "B", "ordning.inbrott.kallare", 1),
        ("2026-03-06T22:00:00+01:00", "out", "ordning.brak", 1),
        ("2026-03-07T22:00:00+01:00", None, "ordning.brak", 1),
        ("2026-03-09T00:01:00+01:00", "A", "skadegorelse.klotter", 1),  # Monday: W11, not counted
        # Same ISO week last year (2025-W10): Alfa 2.
        ("2025-03-04T12:00:00+01:00", "A", "skadegorelse.klotter", 1),
        ("2025-03-05T12:00:00+01:00", "A", "skadegorelse.klotter", 1),
    ]
    return rows


def w10_world(store: Store) -> Store:
    """``make_world`` with :func:`week_rows` only: nothing older than last year's W10 (2025-03-04)."""
    make_world(store)
    add(store, week_rows())
    return store


def week_world(store: Store) -> Store:
    """:func:`w10_world` and one older report, so the data covers every comparison window."""
    w10_world(store)
    add(store, [("2025-01-15T12:00:00+01:00", "out", "ordning.brak", 2)])
    return store
