"""Hotspots: places finer than bostadsområden where incidents cluster more than chance would give.

Who calls it: the Hotspots page (:mod:`est.ui.steering_views`), ``est hotspots`` and the patrol plan
(:mod:`est.picture.patrol`, which visits the hot cells).

Method (as Esri's Optimized Hot Spot Analysis, with its honesty rules):

* **Cells.** The filtered incidents with an exact point are counted (``count`` summed; problems, not
  reports, unless the filter asks for raw reports) in H3 hexagons of resolution 9 (about 174 m edge,
  0.1 km²) with the ``h3`` package. Points are grouped in SQL by their position rounded to 4 decimals
  (about 11 m) first, so Python meets thousands of places, not millions of rows. Incidents known only by
  their area are counted per area (``area_only``) and never spread over cells.
* **Statistic.** Getis-Ord Gi* (PySAL ``esda.G_Local``, binary first-ring weights with the cell itself,
  analytic z-scores) over the non-empty cells and their first ring of empty cells, which give the
  statistic its background (without them a cluster surrounded by nothing would look like nothing).
* **Multiple testing.** Hundreds of cells are tested at once, so the one-sided p-values are corrected
  with the Benjamini–Hochberg false-discovery rate at q = 0.05 (``statsmodels``); a cell is hot when it is
  rejected and its z is positive.
* **Too little data.** Fewer than :data:`MIN_INCIDENTS` located incidents or fewer than
  :data:`MIN_CELLS` non-empty cells give ``enough_data`` False with the reason and no hot cell.
* **Trend** of each hot cell, as Esri's Emerging Hot Spot Analysis: Gi* per week over the same cells
  (hot in a week: BH-rejected that week) and a Mann–Kendall test (Kendall's tau of the weekly z against
  time, ``scipy.stats.kendalltau``, p < 0.05) give ``persistent`` (hot in at least 90 % of the weeks, no
  trend), ``intensifying`` / ``diminishing`` (hot in at least 90 % of the weeks, rising / falling), ``new``
  (hot only in the last week) and ``sporadic`` (on and off, or hot only taken together).

The default window is the last :data:`DEFAULT_WEEKS` complete ISO weeks (:func:`default_period`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from est.access.auth import Permission, Viewer, require
from est.areas.sets import get_area_set
from est.i18n import Lang, t
from est.periods import Period, complete_weeks
from est.picture.filters import Filters, incident_query

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "DEFAULT_WEEKS",
    "FDR_Q",
    "MIN_CELLS",
    "MIN_INCIDENTS",
    "RESOLUTION",
    "HotCell",
    "Hotspots",
    "Trend",
    "cell_boundary",
    "cell_of",
    "classify_trend",
    "default_period",
    "find_hotspots",
    "find_hotspots_for",
    "gi_star",
    "reason_text",
    "steering_period",
    "study_weights",
]

RESOLUTION = 9
FDR_Q = 0.05
MIN_INCIDENTS = 60
MIN_CELLS = 30
DEFAULT_WEEKS = 13
#: Share of the weeks a cell must be hot in to be persistent, intensifying or diminishing.
PERSISTENT_SHARE = 0.9
Trend = Literal["new", "intensifying", "persistent", "diminishing", "sporadic"]
Reason = Literal["few_incidents", "few_cells"]


@dataclass(frozen=True)
class HotCell:
    """One non-empty cell: its H3 id, centre, count, Gi* z and one-sided p, and whether it is hot."""

    id: str
    lat: float
    lon: float
    count: int
    z: float
    p: float
    hot: bool
    trend: Trend | None


@dataclass(frozen=True)
class Hotspots:
    """The hotspot analysis of a filter: every non-empty cell, best first, and why none may be hot."""

    period: Period
    incidents: int
    area_only: int
    enough_data: bool
    reason: Reason | None
    cells: tuple[HotCell, ...]

    @property
    def hot(self) -> tuple[HotCell, ...]:
        """The hot cells, highest z first."""
        return tuple(c for c in self.cells if c.hot)


def default_period(today: date, weeks: int = DEFAULT_WEEKS) -> Period:
    """The last ``weeks`` complete ISO weeks before ``today``'s week."""
    return complete_weeks(today, weeks)


def steering_period(today: date, first: date | None = None, last: date | None = None) -> Period:
    """The window of a steering figure: ``first`` … ``last`` (inclusive) when given, else the default 13 weeks.

    With only ``last``, the 13 weeks that end on it; with only ``first``, from it to ``today``.
    """
    if first is None and last is None:
        return default_period(today)
    if first is None:
        assert last is not None
        return Period(last + timedelta(days=1) - timedelta(weeks=DEFAULT_WEEKS), last + timedelta(days=1))
    return Period.inclusive(first, last or today)


def reason_text(found: Hotspots, lang: Lang) -> str | None:
    """Why no cell may be hot (too little data), in words; None when there was enough."""
    if found.reason is None:
        return None
    cells = len(found.cells)
    return t(
        f"hotspots.reason.{found.reason}",
        lang,
        n=found.incidents,
        cells=cells,
        min_n=MIN_INCIDENTS,
        min_cells=MIN_CELLS,
    )


def cell_of(lat: float, lon: float) -> str:
    """The H3 cell (resolution :data:`RESOLUTION`) of a point."""
    import h3

    return str(h3.latlng_to_cell(lat, lon, RESOLUTION))


def cell_boundary(cell: str) -> list[tuple[float, float]]:
    """The cell's corners as (lat, lon)."""
    import h3

    return [(float(a), float(b)) for a, b in h3.cell_to_boundary(cell)]


def _weekly_cell_counts(reader: Reader, filters: Filters, area_set_id: int | None) -> tuple[pd.DataFrame, int]:
    """Counts per (cell, week start) of the located incidents, and the count of those with an area only."""
    q = incident_query(filters, area_set_id)
    points = reader.df(
        "SELECT round(i.lat, 4) AS lat, round(i.lon, 4) AS lon, "
        "CAST(date_trunc('week', i.occurred_at) AS DATE) AS week, sum(i.count)::BIGINT AS n "
        f"{q.sql} AND i.location_precision = 'exact' AND i.lat IS NOT NULL AND i.lon IS NOT NULL GROUP BY ALL",
        q.params,
    )
    area_only = int(
        reader.value(
            f"SELECT coalesce(sum(i.count), 0) {q.sql} "
            "AND NOT (i.location_precision = 'exact' AND i.lat IS NOT NULL AND i.lon IS NOT NULL)",
            q.params,
        )
    )
    if points.empty:
        return pd.DataFrame({"cell": [], "week": [], "n": []}), area_only
    places = points[["lat", "lon"]].drop_duplicates()
    places["cell"] = [cell_of(a, b) for a, b in zip(places["lat"], places["lon"], strict=True)]
    cells = points.merge(places, on=["lat", "lon"])
    return cells.groupby(["cell", "week"], as_index=False).agg(n=("n", "sum")), area_only


def _study_cells(nonempty: list[str]) -> list[str]:
    """The non-empty cells, then the empty cells of their first ring (the background), in a stable order."""
    import h3

    seen = set(nonempty)
    ring = sorted({n for c in nonempty for n in h3.grid_ring(c, 1)} - seen)
    return [*nonempty, *ring]


def study_weights(cells: list[str]) -> Any:
    """Binary weights of ``cells``: each cell with itself and the cells of its first ring (a libpysal ``Graph``).

    Built once per analysis from a sparse matrix (the weekly Gi* of the trends reuse it); the self-weight on
    the diagonal makes it Gi* rather than Gi.
    """
    import h3
    from libpysal.graph import Graph
    from scipy.sparse import csr_array

    index = {c: i for i, c in enumerate(cells)}
    rows: list[int] = []
    cols: list[int] = []
    for i, cell in enumerate(cells):
        rows.append(i)
        cols.append(i)
        for neighbour in h3.grid_ring(cell, 1):
            j = index.get(neighbour)
            if j is not None:
                rows.append(i)
                cols.append(j)
    matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(cells), len(cells)))
    return Graph.from_sparse(matrix)


def gi_star(counts: np.ndarray, weights: Any) -> np.ndarray:
    """Gi* z-scores of ``counts`` (one per cell, in the order of :func:`study_weights`'s cells).

    Returns
    -------
    numpy.ndarray
        The analytic z-score of each cell (``esda.G_Local(..., transform="B")`` with the self-weight in
        ``weights``, so ``star`` is inferred as Gi*).
    """
    from esda import G_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands: a lone cell's ring is in the study area by construction
        g = G_Local(np.asarray(counts, dtype=float), weights, transform="B", star=None, permutations=0)
    z: np.ndarray = np.nan_to_num(np.asarray(g.Zs, dtype=float))
    return z


def _rejected(p: np.ndarray) -> np.ndarray:
    from statsmodels.stats.multitest import multipletests

    if len(p) == 0:
        return np.zeros(0, dtype=bool)
    reject: np.ndarray = np.asarray(multipletests(p, alpha=FDR_Q, method="fdr_bh")[0], dtype=bool)
    return reject


def _one_sided_p(z: np.ndarray) -> np.ndarray:
    from scipy.stats import norm

    return np.asarray(norm.sf(z), dtype=float)


def classify_trend(hot_weeks: np.ndarray, z_weeks: np.ndarray) -> Trend:
    """The trend of one hot cell from its weekly hot flags and z-scores (see the module docstring)."""
    from scipy.stats import kendalltau

    share = float(hot_weeks.mean()) if len(hot_weeks) else 0.0
    if share >= PERSISTENT_SHARE:
        tau, p = kendalltau(np.arange(len(z_weeks)), z_weeks)
        if np.isfinite(p) and p < 0.05:
            return "intensifying" if tau > 0 else "diminishing"
        return "persistent"
    if len(hot_weeks) and hot_weeks[-1] and hot_weeks.sum() == 1:
        return "new"
    return "sporadic"


def find_hotspots(reader: Reader, filters: Filters, area_set_id: int | None) -> Hotspots:
    """The hot cells of ``filters`` (its period; see :func:`default_period` for the usual 13 weeks).

    Parameters
    ----------
    reader
        An open read session.
    filters
        The filter (period, categories, sources, organisations, areas; ``raw`` counts every report).
    area_set_id
        The area set the filter's areas belong to.

    Returns
    -------
    Hotspots
        Every non-empty cell with its z, p and verdict, hot cells first; ``enough_data`` False (and no
        hot cell) below :data:`MIN_INCIDENTS` located incidents or :data:`MIN_CELLS` non-empty cells.
    """
    import h3

    weekly, area_only = _weekly_cell_counts(reader, filters, area_set_id)
    totals = weekly.groupby("cell")["n"].sum() if len(weekly) else pd.Series(dtype="int64")
    incidents = int(totals.sum())
    reason: Reason | None = None
    if incidents < MIN_INCIDENTS:
        reason = "few_incidents"
    elif len(totals) < MIN_CELLS:
        reason = "few_cells"
    nonempty = sorted(totals.index)
    if not nonempty:
        return Hotspots(filters.period, 0, area_only, False, reason, ())
    cells = _study_cells(nonempty)
    counts = np.zeros(len(cells))
    counts[: len(nonempty)] = totals.reindex(nonempty).to_numpy()
    weights = study_weights(cells)
    z = gi_star(counts, weights)[: len(nonempty)]
    p = _one_sided_p(z)
    hot = _rejected(p) & (z > 0) if reason is None else np.zeros(len(nonempty), dtype=bool)
    trends = _trends(weekly, cells, weights, len(nonempty), hot, filters.period) if hot.any() else {}
    found = []
    for i, cell in enumerate(nonempty):
        lat, lon = h3.cell_to_latlng(cell)
        found.append(
            HotCell(cell, float(lat), float(lon), int(counts[i]), float(z[i]), float(p[i]), bool(hot[i]), trends.get(i))
        )
    found.sort(key=lambda c: (not c.hot, -c.z, c.id))
    return Hotspots(filters.period, incidents, area_only, reason is None, reason, tuple(found))


def find_hotspots_for(reader: Reader, viewer: Viewer, filters: Filters) -> Hotspots:
    """:func:`find_hotspots` on the filter's area set, for a viewer allowed to see places (not a läsare).

    Raises
    ------
    PermissionDeniedError
        When ``viewer`` may not see hot cells (``VIEW_HOTSPOTS``: a läsare sees areas only).
    EstError
        When the filter names an area set that does not exist.
    """
    require(viewer, Permission.VIEW_HOTSPOTS)
    return find_hotspots(reader, filters, get_area_set(reader, filters.area_set).id)


def _trends(
    weekly: pd.DataFrame, cells: list[str], weights: Any, nonempty: int, hot: np.ndarray, period: Period
) -> dict[int, Trend]:
    """Gi* per week over the same cells, then each hot cell's trend."""
    first_monday = period.start - timedelta(days=period.start.isoweekday() - 1)
    weeks = []
    monday = first_monday
    while monday < period.end:
        weeks.append(monday)
        monday += timedelta(days=7)
    wide = weekly.assign(week=pd.to_datetime(weekly["week"]).dt.date).pivot_table(
        index="cell", columns="week", values="n", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(index=cells, columns=weeks, fill_value=0).fillna(0)
    z_weeks = np.zeros((nonempty, len(weeks)))
    hot_weeks = np.zeros((nonempty, len(weeks)), dtype=bool)
    for k, week in enumerate(weeks):
        y = wide[week].to_numpy(dtype=float)
        if y.sum() == 0:
            continue
        z = gi_star(y, weights)[:nonempty]
        z_weeks[:, k] = z
        hot_weeks[:, k] = _rejected(_one_sided_p(z)) & (z > 0)
    return {int(i): classify_trend(hot_weeks[i], z_weeks[i]) for i in np.flatnonzero(hot)}
