"""The patrol and walk plan for next week: the top places × weekday × 3-hour blocks, weighted aoristically.

Owns the plan's types (:class:`Place`, :class:`Slot`, :class:`PatrolPlan`), the aoristic weights
(:func:`aoristic_weights`) and the plan (:func:`plan_patrols`). The places are the hot cells of
:mod:`est.picture.hotspots` when there are any, else the areas. The PDF is :mod:`est.meeting.patrol_pdf`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Required, TypedDict, Unpack

import numpy as np
import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.areas.sets import get_area_set
from est.periods import complete_weeks
from est.picture.filters import Filters, incident_query
from est.picture.hotspots import cell_of

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "BLOCKS",
    "BLOCK_HOURS",
    "PatrolOptions",
    "PatrolPlan",
    "Place",
    "Slot",
    "aoristic_weights",
    "plan_patrols",
    "plan_patrols_for",
]


@dataclass(frozen=True)
class Place:
    """Where to go: a hot cell (H3 id) or, without hot cells, an area of the set; its label and a point."""

    cell: str | None
    area: str | None
    label: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Slot:
    """One visit window: a place on an ISO weekday (Monday = 1) from ``hour_from`` to ``hour_to`` (1…24).

    ``expected`` is the aoristically weighted number of incidents per week in that window over the plan's
    history (an incident known only to have happened between two times spreads over them).
    """

    place: Place
    weekday: int
    hour_from: int
    hour_to: int
    expected: float


@dataclass(frozen=True)
class PatrolPlan:
    """The plan: the history it was computed from (``date_from`` … ``date_to``, inclusive) and its slots, best first."""

    date_from: date
    date_to: date
    slots: tuple[Slot, ...]


BLOCK_HOURS = 3
BLOCKS_PER_DAY = 24 // BLOCK_HOURS
BLOCKS = 7 * BLOCKS_PER_DAY
_BLOCK_MINUTES = BLOCK_HOURS * 60
_WEEK_MINUTES = 7 * 24 * 60


def aoristic_weights(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Each incident's share of its from–until window in each (ISO weekday, 3-hour block) of the week.

    Parameters
    ----------
    start, end
        Local wall-clock times as ``datetime64`` (``end`` NaT, or not after ``start``: a point in time).

    Returns
    -------
    numpy.ndarray
        ``(n, 56)`` weights, each row summing to 1: column ``(weekday - 1) * 8 + hour // 3``. A window is
        spread in proportion to the minutes it spends in each block (Ratcliffe's aoristic analysis: a
        storeroom break-in found in the morning spreads over the night); a window of a week or more
        spreads evenly. Times are wall-clock times, so a window across a change of summer time counts the
        wall-clock hours.

    Examples
    --------
    >>> import numpy as np
    >>> start, end = np.array(["2026-11-24T22:00"], "datetime64[m]"), np.array(["2026-11-25T06:00"], "datetime64[m]")
    >>> w = aoristic_weights(start, end)
    >>> [(int(i), float(w[0, i])) for i in np.flatnonzero(w[0])]
    [(15, 0.25), (16, 0.375), (17, 0.375)]
    """
    start = np.asarray(start, dtype="datetime64[m]")
    end = np.asarray(end, dtype="datetime64[m]")
    n = len(start)
    weights = np.zeros((n, BLOCKS))
    if n == 0:
        return weights
    # minutes since the Monday 00:00 of each start's ISO week (1970-01-01 was a Thursday: Monday = −3 days)
    minutes = start.astype("int64") + 3 * 24 * 60
    offset = minutes % _WEEK_MINUTES
    length = np.where(np.isnat(end), 0, (end.astype("int64") - start.astype("int64")))
    length = np.where(length > 0, length, 0)
    point = length == 0
    block = (offset // _BLOCK_MINUTES).astype("int64")
    weights[np.flatnonzero(point), block[point]] = 1.0
    whole = length >= _WEEK_MINUTES
    weights[whole] = 1.0 / BLOCKS
    spread = ~point & ~whole
    if spread.any():
        s = offset[spread][:, None].astype(float)
        e = s + length[spread][:, None]
        edges = np.arange(2 * BLOCKS + 1) * _BLOCK_MINUTES  # two weeks, for windows that cross Sunday night
        overlap = np.clip(np.minimum(e, edges[1:]) - np.maximum(s, edges[:-1]), 0, None)
        folded = overlap[:, :BLOCKS] + overlap[:, BLOCKS:]
        weights[spread] = folded / length[spread][:, None]
    return weights


class PatrolOptions(TypedDict, total=False):
    """What a patrol plan is computed over: the keyword arguments of :func:`plan_patrols` and its kin."""

    today: Required[date]  #: fixes the history: the ``weeks`` complete ISO weeks before today's week
    weeks: int  #: how many complete ISO weeks of history (1–52; default 4)
    top: int  #: how many slots (1–100; default 10), best first over all places


def plan_patrols(
    reader: Reader,
    filters: Filters,
    area_set_id: int,
    *,
    hot_cells: Collection[str] = (),
    **options: Unpack[PatrolOptions],
) -> PatrolPlan:
    """The best ``top`` visit windows for next week: places × weekday × 3-hour block, by expected incidents.

    Parameters
    ----------
    reader
        An open read session.
    filters
        Categories, sources and organisations to plan for (its period is replaced by the history).
    area_set_id
        The area set: its areas are the places without hot cells, and name the cells.
    hot_cells
        H3 cells (:mod:`est.picture.hotspots`) to visit; without any, the areas are the places.
    **options
        :class:`PatrolOptions`: today, the weeks of history and how many slots.

    Returns
    -------
    PatrolPlan
        The history's first and last day and the slots, highest expected incidents per week first.
    """
    weeks, top = options.get("weeks", 4), options.get("top", 10)
    history = complete_weeks(options["today"], weeks)
    q = incident_query(filters.with_period(history), area_set_id, join="left")
    rows = reader.df(
        "SELECT CAST(i.occurred_at AS TIMESTAMP) AS start, CAST(i.occurred_until AS TIMESTAMP) AS until, i.lat, "
        "i.lon, i.location_precision = 'exact' AS exact, a.code AS area, a.name AS area_name, i.count AS n "
        f"{q.sql}",
        q.params,
    )
    centres = {
        str(c): (str(n), float(la), float(lo))
        for c, n, la, lo in reader.rows(
            "SELECT code, name, centroid_lat, centroid_lon FROM areas WHERE area_set_id = ?", [area_set_id]
        )
    }
    if hot_cells:
        exact = rows[rows["exact"] & rows["lat"].notna()].copy()
        exact["place"] = [cell_of(a, b) for a, b in zip(exact["lat"], exact["lon"], strict=True)]
        rows = exact[exact["place"].isin(set(hot_cells))]
    else:
        rows = rows[rows["area"].notna()].assign(place=lambda f: f["area"])
    if rows.empty:
        return PatrolPlan(history.start, history.last_day, ())
    weights = aoristic_weights(rows["start"].to_numpy("datetime64[m]"), rows["until"].to_numpy("datetime64[m]"))
    weighted = pd.DataFrame(weights * rows["n"].to_numpy()[:, None], index=rows["place"].to_numpy())
    per_place = weighted.groupby(level=0).sum() / weeks
    ids = [str(p) for p in per_place.index]
    places = _places(ids, rows, centres, bool(hot_cells))
    matrix = per_place.to_numpy(dtype=float)
    found = [(float(matrix[i, b]), ids[i], int(b)) for i, b in zip(*np.nonzero(matrix > 0), strict=True)]
    found.sort(key=lambda c: (-c[0], places[c[1]].label, c[2]))
    slots = tuple(
        Slot(
            places[place],
            block // BLOCKS_PER_DAY + 1,
            block % BLOCKS_PER_DAY * BLOCK_HOURS,
            block % BLOCKS_PER_DAY * BLOCK_HOURS + BLOCK_HOURS,
            round(value, 3),
        )
        for value, place, block in found[:top]
    )
    return PatrolPlan(history.start, history.last_day, slots)


def plan_patrols_for(
    reader: Reader,
    viewer: Viewer,
    filters: Filters,
    *,
    hot_cells: Collection[str] | None = None,
    **options: Unpack[PatrolOptions],
) -> PatrolPlan:
    """:func:`plan_patrols` on the filter's area set, at the places ``viewer`` may see.

    The hot cells of the last 13 weeks (:func:`est.picture.hotspots.find_hotspots`, same categories, sources
    and organisations) for a viewer with ``VIEW_HOTSPOTS`` when there are any; else, and always for a
    läsare, the areas. ``hot_cells`` passes cells already found (the Hotspots page's), for such a viewer only.
    """
    from est.picture.hotspots import default_period, find_hotspots

    require(viewer, Permission.VIEW_PICTURE)
    area_set_id = get_area_set(reader, filters.area_set).id
    hot: Collection[str] = ()
    if viewer.can(Permission.VIEW_HOTSPOTS):
        if hot_cells is None:
            found = find_hotspots(reader, filters.with_period(default_period(options["today"])), area_set_id)
            hot_cells = [c.id for c in found.hot]
        hot = hot_cells
    return plan_patrols(reader, filters, area_set_id, hot_cells=hot, **options)


def _places(
    ids: Iterable[str], rows: pd.DataFrame, centres: dict[str, tuple[str, float, float]], cells: bool
) -> dict[str, Place]:
    """Each place's label and point: an area's name and centre, or a cell's area (most of its incidents) and id."""
    import h3

    out: dict[str, Place] = {}
    for place in ids:
        if not cells:
            name, lat, lon = centres.get(place, (place, 0.0, 0.0))
            out[place] = Place(None, place, name, lat, lon)
            continue
        areas = rows.loc[rows["place"] == place, "area_name"].dropna()
        area = str(areas.mode().iloc[0]) if len(areas) else None
        code = rows.loc[rows["place"] == place, "area"].dropna()
        lat, lon = h3.cell_to_latlng(place)
        short = place.rstrip("f")[-5:]  # an H3 id ends in f's; its last digits tell cells apart on paper
        label = f"{area} · {short}" if area else short
        out[place] = Place(place, str(code.mode().iloc[0]) if len(code) else None, label, float(lat), float(lon))
    return out
