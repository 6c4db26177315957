"""Which area of a set each imported point lies in, computed in vectorised chunks.

Who calls it: :mod:`est.intake.importer`, inside its write transaction, for the new incidents of a batch.
The rule is the one of :func:`est.areas.sets.assign_incidents`: a point belongs to the areas whose polygon it
intersects (the border included), the lowest area id wins, and a point in no area gets NULL. It is the
same answer computed faster and in bounded memory: DuckDB's spatial join holds every point of the batch
at once (10 million points did not fit in 1 GB), while here the points are read a chunk at a time, each
polygon is prepared once (GEOS) and only tested against the points inside its bounding box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

__all__ = ["AreaLocator"]

_CELL = 0.1  # degrees: grid cells for the quick look-up (about 5 × 11 km in Sweden)
_EPSILON = 1e-9  # degrees (0.1 mm): cells are tested this much larger than they are
_MAX_CELLS = 4_000_000


class AreaLocator:
    """The polygons of one area set, prepared for point look-ups.

    Parameters
    ----------
    areas
        ``(area id, WKB geometry in WGS84 longitude/latitude)`` pairs.

    Examples
    --------
    >>> square = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    >>> AreaLocator([(7, square)]).locate(np.array([0.5, 2.0]), np.array([0.5, 2.0])).tolist()
    [7, -1]
    """

    def __init__(self, areas: Sequence[tuple[int, bytes]]) -> None:
        ids = np.array([int(a[0]) for a in areas], dtype=np.int64)
        geoms = shapely.from_wkb([a[1] for a in areas]) if areas else np.array([], dtype=object)
        keep = ~shapely.is_empty(geoms) if len(geoms) else np.array([], dtype=bool)
        # highest id first: a later (lower) id overwrites, so the lowest id wins on shared borders
        order = np.argsort(-ids[keep], kind="stable")
        self._ids = ids[keep][order]
        self._geoms: NDArray[Any] = np.asarray(geoms)[keep][order]
        shapely.prepare(self._geoms)
        self._bounds = shapely.bounds(self._geoms).reshape(-1, 4)
        self._grid: NDArray[np.int64] | None = None
        if len(self._ids):
            self._build_grid()

    def _build_grid(self) -> None:
        """Classify grid cells: inside one area only (its id), touching none (-1), or to test per point (-2).

        Most points fall in a cell that lies inside one area and touches no other, and get its id without
        a point-in-polygon test. Each cell is tested slightly enlarged, so a point that rounding puts in a
        neighbouring cell is still covered.
        """
        x0, y0 = float(self._bounds[:, 0].min()), float(self._bounds[:, 1].min())
        nx = int((self._bounds[:, 2].max() - x0) // _CELL) + 1
        ny = int((self._bounds[:, 3].max() - y0) // _CELL) + 1
        if nx * ny > _MAX_CELLS:
            return
        touching = np.zeros((nx, ny), dtype=np.int32)
        covering = np.full((nx, ny), -1, dtype=np.int64)
        for area_id, geom, (min_x, min_y, max_x, max_y) in zip(self._ids, self._geoms, self._bounds, strict=True):
            ix = np.arange(int((min_x - x0) // _CELL), int((max_x - x0) // _CELL) + 1)
            iy = np.arange(int((min_y - y0) // _CELL), int((max_y - y0) // _CELL) + 1)
            gx, gy = np.meshgrid(ix, iy, indexing="ij")
            boxes = shapely.box(
                x0 + gx * _CELL - _EPSILON,
                y0 + gy * _CELL - _EPSILON,
                x0 + (gx + 1) * _CELL + _EPSILON,
                y0 + (gy + 1) * _CELL + _EPSILON,
            )
            hit = shapely.intersects(geom, boxes)
            touching[gx[hit], gy[hit]] += 1
            inside = shapely.covers(geom, boxes)
            covering[gx[inside], gy[inside]] = area_id
        grid = np.full((nx, ny), -2, dtype=np.int64)
        grid[touching == 0] = -1
        alone = (touching == 1) & (covering >= 0)
        grid[alone] = covering[alone]
        self._grid, self._origin = grid, (x0, y0)

    def locate(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.int64]:
        """Return the area id of each point, or -1 for a point outside every area.

        Parameters
        ----------
        lon, lat
            WGS84 coordinates (no NaN).
        """
        out = np.full(len(lon), -1, dtype=np.int64)
        if not len(lon) or not len(self._ids):
            return out
        if self._grid is None:
            self._test(lon, lat, np.arange(len(lon)), out)
            return out
        x0, y0 = self._origin
        ix = np.floor((lon - x0) / _CELL)
        iy = np.floor((lat - y0) / _CELL)
        nx, ny = self._grid.shape
        on_grid = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        out[on_grid] = self._grid[ix[on_grid].astype(np.int64), iy[on_grid].astype(np.int64)]
        undecided = np.flatnonzero(out == -2)
        out[undecided] = -1
        self._test(lon, lat, undecided, out)
        return out

    def _test(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], which: NDArray[np.int64], out: NDArray[np.int64]
    ) -> None:
        """Point-in-polygon tests for the points ``which`` (their ``out`` is -1), lowest area id last."""
        if not len(which):
            return
        lon, lat = lon[which], lat[which]
        by_lon = np.argsort(lon, kind="stable")
        sorted_lon = lon[by_lon]
        for area_id, geom, (min_x, min_y, max_x, max_y) in zip(self._ids, self._geoms, self._bounds, strict=True):
            lo = int(np.searchsorted(sorted_lon, min_x, side="left"))
            hi = int(np.searchsorted(sorted_lon, max_x, side="right"))
            if lo >= hi:
                continue
            idx = by_lon[lo:hi]
            in_box = lat[idx]
            idx = idx[(in_box >= min_y) & (in_box <= max_y)]
            if not len(idx):
                continue
            hit = shapely.intersects_xy(geom, lon[idx], lat[idx])
            out[which[idx[hit]]] = area_id
