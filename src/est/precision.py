"""Location precision by role: who sees exact points, and snapping for everyone else.

Exact for the owning organisation, the police and coordinators (``VIEW_EXACT_ALL``); snapped to the
centre of a grid cell (``snap_grid_metres``, default 200 m) for everyone else, with free text withheld.
Map payloads, tables, downloads and PDFs all pass incident rows through :func:`apply_precision`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from est.auth import Permission, Viewer

__all__ = ["apply_precision", "sees_exact", "snap"]

_METRES_PER_DEGREE_LAT = 111_320.0


def sees_exact(viewer: Viewer, organisation_id: int | None) -> bool:
    """Whether ``viewer`` may see the exact location and free text of a report by ``organisation_id``."""
    if viewer.can(Permission.VIEW_EXACT_ALL):
        return True
    return viewer.organisation_id is not None and viewer.organisation_id == organisation_id


def snap(lat: np.ndarray, lon: np.ndarray, grid_metres: float) -> tuple[np.ndarray, np.ndarray]:
    """Move each point to the centre of its ``grid_metres`` cell (a local metric grid; deterministic)."""
    lat_step = grid_metres / _METRES_PER_DEGREE_LAT
    snapped_lat = (np.floor(lat / lat_step) + 0.5) * lat_step
    lon_step = grid_metres / (_METRES_PER_DEGREE_LAT * np.cos(np.radians(snapped_lat)))
    snapped_lon = (np.floor(lon / lon_step) + 0.5) * lon_step
    return snapped_lat, snapped_lon


def apply_precision(frame: pd.DataFrame, viewer: Viewer, grid_metres: float) -> pd.DataFrame:
    """Return ``frame`` with ``lat``/``lon`` snapped and text columns blanked where not allowed exactly.

    ``frame`` needs ``organisation_id``, ``lat`` and ``lon``; ``description`` and ``place`` are blanked
    for rows the viewer may not see exactly. A ``precise`` column says which rows are exact.
    """
    out = frame.copy()
    if viewer.can(Permission.VIEW_EXACT_ALL):
        out["precise"] = True
        return out
    own = out["organisation_id"] == viewer.organisation_id if viewer.organisation_id is not None else False
    precise = pd.Series(own, index=out.index, dtype=bool)
    hidden = ~precise
    if hidden.any() and not math.isnan(grid_metres):
        lat = out.loc[hidden, "lat"].to_numpy(dtype=float)
        lon = out.loc[hidden, "lon"].to_numpy(dtype=float)
        s_lat, s_lon = snap(lat, lon, grid_metres)
        out.loc[hidden, "lat"] = s_lat
        out.loc[hidden, "lon"] = s_lon
    for column in ("description", "place"):
        if column in out.columns:
            out[column] = out[column].astype("object").where(precise, None)
    out["precise"] = precise
    return out
