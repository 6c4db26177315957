"""Location precision by role: who sees exact points, snapping for everyone else, small-count suppression.

Exact for the owning organisation (roles with ``VIEW_EXACT_OWN``; a lasare never), the police and
coordinators (``VIEW_EXACT_ALL``); snapped to the centre of a grid cell (``snap_grid_metres``, default
200 m) for everyone else, with free text withheld.
Map payloads, tables, downloads and PDFs all pass incident rows through :func:`apply_precision`;
reports for outside the EST group (and every report a läsare downloads, :func:`report_suppression`)
blank counts below ``small_count_threshold`` with :func:`blank_small_count`.

Fail closed: a frame without ``organisation_id`` counts as nobody's own, and an unusable grid size
(missing, NaN, zero or negative) removes the coordinates of rows the viewer may not see exactly instead
of leaving them exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from est.access.auth import Permission, Viewer

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "FREE_TEXT_COLUMNS",
    "MIN_GRID_METRES",
    "PrecisionSettings",
    "apply_precision",
    "blank_small_count",
    "precision_settings",
    "report_suppression",
    "sees_exact",
    "snap",
]

_METRES_PER_DEGREE_LAT = 111_320.0
#: A grid finer than this is not a meaningful protection; smaller settings are raised to it.
MIN_GRID_METRES = 50.0
#: Columns holding free text or identifiers that are withheld from rows the viewer may not see exactly.
FREE_TEXT_COLUMNS: tuple[str, ...] = ("description", "place", "address", "external_id", "note", "comment")


def sees_exact(viewer: Viewer, organisation_id: int | None) -> bool:
    """Whether ``viewer`` may see the exact location and free text of a report by ``organisation_id``.

    Examples
    --------
    >>> from est.access.auth import Role
    >>> sees_exact(Viewer("a", Role.RAPPORTOR, 3), 3), sees_exact(Viewer("a", Role.RAPPORTOR, 3), 4)
    (True, False)
    """
    if viewer.can(Permission.VIEW_EXACT_ALL):
        return True
    return (
        viewer.organisation_id is not None and organisation_id is not None and viewer.organisation_id == organisation_id
    )


def snap(lat: np.ndarray, lon: np.ndarray, grid_metres: float) -> tuple[np.ndarray, np.ndarray]:
    """Move each point to the centre of its ``grid_metres`` cell (a local metric grid; deterministic).

    Parameters
    ----------
    lat, lon
        WGS84 degrees; NaN stays NaN.
    grid_metres
        Cell size in metres (at least :data:`MIN_GRID_METRES` is used).

    Returns
    -------
    tuple of numpy.ndarray
        The snapped latitudes and longitudes.
    """
    grid = max(float(grid_metres), MIN_GRID_METRES)
    lat_step = grid / _METRES_PER_DEGREE_LAT
    snapped_lat = (np.floor(lat / lat_step) + 0.5) * lat_step
    lon_step = grid / (_METRES_PER_DEGREE_LAT * np.cos(np.radians(snapped_lat)))
    snapped_lon = (np.floor(lon / lon_step) + 0.5) * lon_step
    return snapped_lat, snapped_lon


def _usable_grid(grid_metres: float | None) -> bool:
    return grid_metres is not None and not math.isnan(grid_metres) and grid_metres > 0


def apply_precision(frame: pd.DataFrame, viewer: Viewer, grid_metres: float) -> pd.DataFrame:
    """Return ``frame`` with ``lat``/``lon`` snapped and text columns blanked where not allowed exactly.

    Parameters
    ----------
    frame
        Incident rows with ``organisation_id`` (else every row counts as another organisation's) and
        ``lat``/``lon`` (optional: a frame without coordinates only has its text withheld).
    viewer
        Who will see the result.
    grid_metres
        Snapping cell size; NaN, zero or negative removes the coordinates of withheld rows instead.

    Returns
    -------
    pandas.DataFrame
        A copy; :data:`FREE_TEXT_COLUMNS` are None on rows the viewer may not see exactly, and a
        ``precise`` column says which rows are exact.
    """
    out = frame.copy()
    if viewer.can(Permission.VIEW_EXACT_ALL):
        out["precise"] = True
        return out
    if (
        viewer.can(Permission.VIEW_EXACT_OWN)
        and viewer.organisation_id is not None
        and "organisation_id" in out.columns
    ):
        precise = (out["organisation_id"] == viewer.organisation_id).fillna(False).astype(bool)
    else:
        precise = pd.Series(False, index=out.index, dtype=bool)
    hidden = ~precise
    has_points = "lat" in out.columns and "lon" in out.columns
    if has_points and hidden.any():
        out["lat"] = out["lat"].astype(float)
        out["lon"] = out["lon"].astype(float)
        if _usable_grid(grid_metres):
            lat = out.loc[hidden, "lat"].to_numpy(dtype=float)
            lon = out.loc[hidden, "lon"].to_numpy(dtype=float)
            s_lat, s_lon = snap(lat, lon, grid_metres)
            out.loc[hidden, "lat"] = s_lat
            out.loc[hidden, "lon"] = s_lon
        else:
            out.loc[hidden, ["lat", "lon"]] = np.nan
    for column in FREE_TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype("object").where(precise, None)
    out["precise"] = precise
    return out


def blank_small_count(value: int | None, threshold: int) -> int | None:
    """``value``, or None when it is a count of 1 … ``threshold`` − 1 (for anything outside the EST group).

    Zero stays zero (an empty area reveals nothing about a person).

    Examples
    --------
    >>> [blank_small_count(n, 5) for n in (0, 1, 4, 5, None)]
    [0, None, None, 5, None]
    """
    return None if value is not None and 0 < value < threshold else value


def report_suppression(viewer: Viewer, threshold: int, *, outside_group: bool) -> int | None:
    """The small-count threshold a report for ``viewer`` must apply, or None for the EST group's own copy.

    A report asked for use outside the group is blanked; so is every report for a viewer who sees no exact
    location at all (a läsare): what they take out of the group is only ever fit for outside it.

    Examples
    --------
    >>> from est.access.auth import Role
    >>> report_suppression(Viewer("l", Role.LASARE), 5, outside_group=False)
    5
    >>> report_suppression(Viewer("s", Role.SAMORDNARE), 5, outside_group=False) is None
    True
    """
    sees_some_exact = viewer.can(Permission.VIEW_EXACT_ALL) or viewer.can(Permission.VIEW_EXACT_OWN)
    return threshold if outside_group or not sees_some_exact else None


@dataclass(frozen=True)
class PrecisionSettings:
    """The configured grid size and small-count threshold (read with :func:`precision_settings`)."""

    grid_metres: float
    small_count_threshold: int


def precision_settings(reader: Reader) -> PrecisionSettings:
    """Read ``snap_grid_metres`` and ``small_count_threshold`` from the settings (defaults 200 m and 5)."""
    from est.access.settings import get_setting

    try:
        grid = float(get_setting(reader, "snap_grid_metres") or "200")
    except ValueError:
        grid = float("nan")  # fail closed: apply_precision then drops withheld coordinates
    try:
        threshold = int(get_setting(reader, "small_count_threshold") or "5")
    except ValueError:
        threshold = 5
    return PrecisionSettings(grid, max(threshold, 1))
