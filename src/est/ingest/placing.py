"""Which area of a set each imported point lies in, computed in vectorised chunks.

Who calls it: :mod:`est.ingest.importer`, inside its write transaction, for the new incidents of a batch.
The rule is the one of :func:`est.areas.assign_incidents`: a point belongs to the areas whose polygon it
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
            out[idx[hit]] = area_id
        return out
