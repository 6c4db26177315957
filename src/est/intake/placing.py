"""Which area of a set each imported point lies in, computed in vectorised chunks.

Who calls it: :mod:`est.intake.importer`, inside its write transaction, for the new incidents of a batch.
The rule is the one of :func:`est.areas.sets.assign_incidents`: a point belongs to the areas whose polygon it
intersects (the border included), the lowest area id wins, and a point in no area gets NULL. It is the
same answer computed faster and in bounded memory: DuckDB's spatial join holds every point of the batch
at once (10 million points did not fit in 1 GB), while here the points are read a chunk at a time, each
polygon is prepared once (GEOS) and only tested against the points inside its bounding box.

Most points need no point-in-polygon test at all: a grid of 0.1-degree cells says which cells lie inside one
area and touch no other. A cell that a border crosses is split into 8 × 8 finer cells, and those again
(down to about 90 × 170 m), but only the finer cells that hold points of the chunk are classified, and each
only once per look-up table. So a kommun's points in a set of small neighbourhoods, where nearly every
0.1-degree cell is crossed by a border, are decided mostly by their fine cell too.
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
_SPLIT = 8  # a border cell is split into _SPLIT × _SPLIT finer cells, per level
_LEVELS = 2  # finer levels: 0.1 / 8 and 0.1 / 64 degrees (about 90 × 170 m in Sweden)
_POINTS_PER_CELL = 4  # a finer level is used only when its occupied cells are this many times fewer than points


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
        self._tree: shapely.STRtree | None = None  # for classifying cells (only with a grid)
        # per finer level: the classified cells (sorted keys) and their classes (an id, -1 or -2)
        self._fine: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = [
            (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)) for _level in range(_LEVELS)
        ]
        if len(self._ids):
            self._build_grid()

    def _build_grid(self) -> None:
        """Classify grid cells: inside one area only (its id), touching none (-1), or to test per point (-2).

        Most points fall in a cell that lies inside one area and touches no other, and get its id without
        a point-in-polygon test; the points of a mixed cell are looked up in finer cells (:meth:`_refine`).
        """
        x0, y0 = float(self._bounds[:, 0].min()), float(self._bounds[:, 1].min())
        self._origin = (x0, y0)
        # cells are numbered as locate() numbers a point's cell (floor of the quotient, not //, which can
        # differ by one), so a point on the set's top or right edge is on the grid
        first = np.floor((self._bounds[:, :2] - self._origin) / _CELL).astype(np.int64)
        last = np.floor((self._bounds[:, 2:] - self._origin) / _CELL).astype(np.int64)
        nx, ny = int(last[:, 0].max()) + 1, int(last[:, 1].max()) + 1
        if nx * ny > _MAX_CELLS:
            return
        # only the cells within some area's bounding box can touch an area: a set of a few areas far apart
        # has a large grid of which it classifies only those
        boxed = np.zeros((nx, ny), dtype=bool)
        for (x_from, y_from), (x_to, y_to) in zip(first, last, strict=True):
            boxed[x_from : x_to + 1, y_from : y_to + 1] = True
        gx, gy = np.nonzero(boxed)
        self._tree = shapely.STRtree(self._geoms)
        grid = np.full((nx, ny), -1, dtype=np.int64)
        grid[gx, gy] = self._classify(gx, gy, _CELL)
        self._grid = grid

    def _classify(self, ix: NDArray[np.int64], iy: NDArray[np.int64], size: float) -> NDArray[np.int64]:
        """Classify cells of ``size`` degrees: inside one area only (its id), touching none (-1), or mixed (-2).

        Each cell is tested slightly enlarged, so a point that rounding puts in a neighbouring cell is still
        covered.
        """
        assert self._tree is not None
        x0, y0 = self._origin
        boxes = shapely.box(
            x0 + ix * size - _EPSILON,
            y0 + iy * size - _EPSILON,
            x0 + (ix + 1) * size + _EPSILON,
            y0 + (iy + 1) * size + _EPSILON,
        )
        cell, area = self._tree.query(boxes, predicate="intersects")
        touching = np.bincount(cell, minlength=len(boxes))
        out = np.where(touching == 0, -1, -2).astype(np.int64)
        alone = touching[cell] == 1
        cell, area = cell[alone], area[alone]
        inside = shapely.covers(self._geoms[area], boxes[cell])
        out[cell[inside]] = self._ids[area[inside]]
        return out

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
        for level in range(_LEVELS):
            still = self._refine(lon, lat, undecided, out, level)
            if still is None:
                break  # a finer level would have more cells per point still
            undecided = still
        out[undecided] = -1
        self._test(lon, lat, undecided, out)
        return out

    def _refine(
        self,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        which: NDArray[np.int64],
        out: NDArray[np.int64],
        level: int,
    ) -> NDArray[np.int64] | None:
        """Decide the points ``which`` by their cell of the finer ``level``; return those still undecided.

        Only the cells that hold points are classified, each once per locator. When the points have fewer
        than ``_POINTS_PER_CELL`` each to an occupied cell on average, classifying cells would cost more than
        testing the points: None is returned, and the points are left to the point-in-polygon test.
        """
        if not len(which):
            return which
        assert self._grid is not None
        size = _CELL / _SPLIT ** (level + 1)
        x0, y0 = self._origin
        ix = np.floor((lon[which] - x0) / size).astype(np.int64)
        iy = np.floor((lat[which] - y0) / size).astype(np.int64)
        span = self._grid.shape[1] * _SPLIT ** (level + 1) + 1  # more cells than a column of the finer grid
        keys = ix * span + iy
        cells, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if len(cells) * _POINTS_PER_CELL > len(which):
            return None
        known_keys, known = self._fine[level]
        at = np.searchsorted(known_keys, cells)
        found = at < len(known_keys)
        found[found] = known_keys[at[found]] == cells[found]
        classes = np.empty(len(cells), dtype=np.int64)
        classes[found] = known[at[found]]
        new = ~found
        if new.any():
            classes[new] = self._classify(ix[first[new]], iy[first[new]], size)
            merged = np.concatenate([known_keys, cells[new]])
            order = np.argsort(merged, kind="stable")
            self._fine[level] = (merged[order], np.concatenate([known, classes[new]])[order])
        decided = classes[inverse]
        out[which] = np.maximum(decided, -1)
        remaining: NDArray[np.int64] = which[decided == -2]
        return remaining

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
