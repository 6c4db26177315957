"""What the incident map shows: individual reports when few, hexagon counts when many.

Who calls it: the incident map page (through a cached read) and the area profile. The viewer is an
argument: every row passes :func:`est.access.precision.apply_precision` before it leaves this module, so roles
without exact locations get snapped points and no free text, in points and hexagons alike (hexagons are
built from snapped positions, never from exact ones).

Size rule: at most ``POINT_LIMIT`` individual points are sent to the browser; above that the map gets
hexagons (counts per cell, built server-side from ~100 m cells), at most ``MAX_HEXES`` of them, so what
the map sends stays small at any number of incidents.

Incidents without coordinates are never dropped silently: those placed in an area of the viewed set (an
import with an area column but no coordinates) are counted per area (``MapData.areas``), so the map can
label each area with its count; when nothing has coordinates the mode is ``areas``, never ``empty``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.access.precision import apply_precision
from est.picture.filters import Filters, IncidentQuery, incident_query

if TYPE_CHECKING:
    from est.picture.maps import Basemap
    from est.store import Reader

__all__ = ["MAX_HEXES", "POINT_LIMIT", "MapData", "MapSettings", "hexagon_bins", "map_data", "map_settings"]

POINT_LIMIT = 5_000
MAX_HEXES = 2_500
_M_PER_DEG = 111_320.0


@dataclass(frozen=True)
class MapData:
    """The map's content for one filter and viewer.

    ``points``: ``lat``, ``lon``, ``category_code``, ``occurred_at``, ``source_kind``, ``description``,
    ``area``, ``precise`` (mode ``points``). ``hexes``: ``hex_id``, ``lat``, ``lon`` (centre), ``count``,
    ``ring`` (list of [lon, lat] corners) and ``radius_m`` (mode ``hexagons``). ``areas``: incidents
    without coordinates counted per area of the set, ``code``, ``name``, ``count``, ``lat``, ``lon`` (a
    point inside the area), most first (any mode; mode ``areas`` when they are all there is).
    """

    mode: Literal["points", "hexagons", "areas", "empty"]
    located: int
    unlocated: int
    points: pd.DataFrame
    hexes: pd.DataFrame
    radius_m: float
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def unplaced(self) -> int:
        """Incidents that are on the map neither as a point nor in an area's count."""
        placed = int(self.areas["count"].sum()) if len(self.areas) else 0
        return self.unlocated - placed


def map_data(
    reader: Reader,
    filters: Filters,
    area_set_id: int,
    viewer: Viewer,
    grid_metres: float,
    limit: int = POINT_LIMIT,
) -> MapData:
    """Points (≤ ``limit`` located incidents) or hexagons for the filter, with ``viewer``'s precision applied.

    Raises
    ------
    PermissionDeniedError
        When the viewer may not see the lägesbild at all.
    """
    require(viewer, Permission.VIEW_PICTURE)
    joined = incident_query(filters, area_set_id, join="left")  # the points' area names
    counted = incident_query(filters, area_set_id)  # the area joins only when areas are selected: they cost more
    located, unlocated = reader.row(
        "SELECT coalesce(sum(i.count) FILTER (WHERE i.lat IS NOT NULL), 0), "
        f"coalesce(sum(i.count) FILTER (WHERE i.lat IS NULL), 0) {counted.sql}",
        counted.params,
    ) or (0, 0)
    located, unlocated = int(located), int(unlocated)
    empty = pd.DataFrame()
    areas = _area_counts(reader, joined) if unlocated else empty
    if located == 0:
        return MapData("areas" if len(areas) else "empty", 0, unlocated, empty, empty, 0.0, areas)
    if located <= limit:
        points = reader.df(
            "SELECT i.lat, i.lon, i.category_code, i.occurred_at, i.source_kind, i.organisation_id, "
            f"i.description, i.place, a.name AS area {joined.sql} AND i.lat IS NOT NULL ORDER BY i.occurred_at",
            joined.params,
        )
        shown = apply_precision(points, viewer, grid_metres)
        return MapData("points", located, unlocated, shown.drop(columns=["organisation_id"]), empty, 0.0, areas)
    cells = reader.df(
        "SELECT i.organisation_id, round(i.lat, 3) AS lat, round(i.lon, 3) AS lon, sum(i.count)::BIGINT AS count "
        f"{counted.sql} AND i.lat IS NOT NULL GROUP BY ALL",
        counted.params,
    )
    cells = apply_precision(cells, viewer, grid_metres)
    hexes, radius = hexagon_bins(cells, start_radius_m=max(150.0, grid_metres))
    return MapData("hexagons", located, unlocated, empty, hexes, radius, areas)


def _area_counts(reader: Reader, joined: IncidentQuery) -> pd.DataFrame:
    """Incidents without coordinates that have an area in the set, counted per area (``MapData.areas``)."""
    return reader.df(
        "SELECT a.code, a.name, sum(i.count)::BIGINT AS count, a.centroid_lat AS lat, a.centroid_lon AS lon "
        f"{joined.sql} AND i.lat IS NULL AND a.id IS NOT NULL GROUP BY ALL ORDER BY count DESC, a.name",
        joined.params,
    )


def hexagon_bins(
    cells: pd.DataFrame, *, start_radius_m: float = 150.0, max_hexes: int = MAX_HEXES
) -> tuple[pd.DataFrame, float]:
    """Sum ``count`` of points (``lat``, ``lon``) into pointy-top hexagons, growing them until ≤ ``max_hexes``.

    Returns
    -------
    tuple
        The hexagons (``hex_id``, ``lat``, ``lon``, ``count``, ``ring``) sorted by count, and the radius
        (centre to corner) in metres.
    """
    lat = cells["lat"].to_numpy(dtype=float)
    lon = cells["lon"].to_numpy(dtype=float)
    weight = cells["count"].to_numpy(dtype=np.int64)
    lat0 = float(np.median(lat))
    lon0 = float(np.median(lon))
    kx = math.cos(math.radians(lat0)) * _M_PER_DEG
    x = (lon - lon0) * kx
    y = (lat - lat0) * _M_PER_DEG
    radius = start_radius_m
    while True:
        q = (math.sqrt(3) / 3 * x - y / 3) / radius
        r = (2 / 3 * y) / radius
        qi, ri = _cube_round(q, r)
        keys = pd.DataFrame({"q": qi, "r": ri, "count": weight})
        grouped = keys.groupby(["q", "r"], as_index=False)["count"].sum()
        if len(grouped) <= max_hexes:
            break
        radius *= 1.5
    cx = radius * math.sqrt(3) * (grouped["q"] + grouped["r"] / 2)
    cy = radius * 1.5 * grouped["r"]
    grouped["lat"] = lat0 + cy / _M_PER_DEG
    grouped["lon"] = lon0 + cx / kx
    corners = [(math.cos(math.radians(60 * i + 30)), math.sin(math.radians(60 * i + 30))) for i in range(7)]
    grouped["ring"] = [
        [[round(lo + radius * cxs / kx, 5), round(la + radius * sy / _M_PER_DEG, 5)] for cxs, sy in corners]
        for la, lo in zip(grouped["lat"], grouped["lon"], strict=True)
    ]
    grouped["hex_id"] = [f"{int(a)}:{int(b)}" for a, b in zip(grouped["q"], grouped["r"], strict=True)]
    result = pd.DataFrame(grouped).sort_values(by=["count", "hex_id"], ascending=[False, True])
    return result[["hex_id", "lat", "lon", "count", "ring"]].reset_index(drop=True), radius


def _cube_round(q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(np.int64), rr.astype(np.int64)


@dataclass(frozen=True)
class MapSettings:
    """The map settings: the snapping grid for roles without exact locations, and the optional basemap."""

    grid_metres: float
    basemap_url: str
    basemap_attribution: str
    basemap_kind: str = "xyz"
    basemap_wms_layers: str = ""
    basemap_wms_format: str = "image/png"

    @property
    def basemap(self) -> Basemap:
        """The basemap to draw (``shown`` False: none, the area polygons are the base)."""
        from est.picture.maps import Basemap  # folium only where a map is drawn

        return Basemap(
            kind=self.basemap_kind,
            url=self.basemap_url,
            attribution=self.basemap_attribution,
            wms_layers=self.basemap_wms_layers,
            wms_format=self.basemap_wms_format,
        )


def map_settings(reader: Reader) -> MapSettings:
    """Read ``snap_grid_metres`` and the ``basemap_*`` settings."""
    from est.access.settings import get_setting

    try:
        grid = float(get_setting(reader, "snap_grid_metres") or 200)
    except ValueError:
        grid = 200.0
    return MapSettings(
        grid_metres=grid,
        basemap_url=get_setting(reader, "basemap_url") or "",
        basemap_attribution=get_setting(reader, "basemap_attribution") or "",
        basemap_kind=get_setting(reader, "basemap_kind") or "xyz",
        basemap_wms_layers=get_setting(reader, "basemap_wms_layers") or "",
        basemap_wms_format=get_setting(reader, "basemap_wms_format") or "image/png",
    )
