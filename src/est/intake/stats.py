"""Incident counts for scripting (``est stats``): the sum of ``count`` by area, category, source, month or week.

Who calls it: ``est stats`` (so an import can be checked from the shell) and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from est.access.auth import Permission, Viewer, require
from est.errors import EstError

if TYPE_CHECKING:
    from est.store import Reader

__all__ = ["GROUPINGS", "StatsQuery", "incident_counts"]

GROUPINGS = ("area", "category", "source", "month", "week")
OUTSIDE_LABEL = "Utanför områden"


@dataclass(frozen=True)
class StatsQuery:
    """What to count: a grouping, an optional area set (for ``area``), an optional date range, and ``raw``.

    By default problems are counted, as on every page: a report that joined another report's problem
    (``incidents.duplicate_of``, kept by :mod:`est.intake.dedup`) is left out, so the problem counts once, at its
    anchor. ``raw`` counts every report from every source (see :attr:`est.picture.filters.Filters.raw`).
    """

    by: str = "area"
    area_set: str | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    raw: bool = False


def incident_counts(reader: Reader, viewer: Viewer, query: StatsQuery) -> dict[str, Any]:
    """Count incidents (sum of ``count``) by the chosen grouping.

    Returns
    -------
    dict
        ``{"by": "area", "raw": false, "area_set": …, "rows": [{"key": "2380", "label": "Östersund",
        "count": 84}, …]}``; for areas, incidents outside every area (or not placed in the set) have the key
        ``None``. ``raw`` says whether every report was counted or each problem once.

    Raises
    ------
    EstError
        For an unknown grouping or area set.
    """
    require(viewer, Permission.VIEW_PICTURE)
    if query.by not in GROUPINGS:
        raise EstError(
            f"unknown grouping {query.by!r} (--by); choose one of: {', '.join(GROUPINGS)}",
            sv=f"okänd gruppering {query.by!r} (--by); välj en av: {', '.join(GROUPINGS)}",
        )
    where = ["true"]
    params: dict[str, Any] = {}
    if query.date_from is not None:
        where.append("i.occurred_at >= $from")
        params["from"] = query.date_from
    if query.date_to is not None:
        where.append("i.occurred_at < $to")
        params["to"] = query.date_to + timedelta(days=1)
    if not query.raw:  # kept by est.intake.dedup: the problem id on every member but the anchor
        where.append("i.duplicate_of IS NULL")
    condition = " AND ".join(where)
    result: dict[str, Any] = {"by": query.by, "raw": query.raw}
    if query.by == "area":
        from est.areas.sets import get_area_set  # geopandas: not loaded by `est stats --help`, which needs GROUPINGS

        area_set = get_area_set(reader, query.area_set)
        params["set"] = area_set.id
        sql = (
            "SELECT a.code, a.name, sum(i.count) FROM incidents i "  # noqa: S608 - condition is code constants
            "LEFT JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = $set "
            f"LEFT JOIN areas a ON a.id = ia.area_id WHERE {condition} GROUP BY ALL ORDER BY 3 DESC, 1"
        )
        result["area_set"] = area_set.name
    elif query.by == "category":
        sql = (
            "SELECT i.category_code, c.label_sv, sum(i.count) FROM incidents i "  # noqa: S608 - code constants
            f"LEFT JOIN categories c ON c.code = i.category_code WHERE {condition} GROUP BY ALL ORDER BY 3 DESC, 1"
        )
    elif query.by == "source":
        sql = (
            "SELECT i.source_kind, k.label_sv, sum(i.count) FROM incidents i "  # noqa: S608 - code constants
            f"LEFT JOIN source_kinds k ON k.code = i.source_kind WHERE {condition} GROUP BY ALL ORDER BY 3 DESC, 1"
        )
    elif query.by == "month":
        sql = (
            "SELECT strftime(i.occurred_at, '%Y-%m') AS k, k, sum(i.count) FROM incidents i "  # noqa: S608 - constants
            f"WHERE {condition} GROUP BY ALL ORDER BY 1"
        )
    else:
        sql = (
            "SELECT strftime(i.occurred_at, '%G-W%V') AS k, k, sum(i.count) FROM incidents i "  # noqa: S608 - constants
            f"WHERE {condition} GROUP BY ALL ORDER BY 1"
        )
    rows = reader.rows(sql, params)
    result["rows"] = [
        {
            "key": None if key is None else str(key),
            "label": OUTSIDE_LABEL if key is None and query.by == "area" else (None if label is None else str(label)),
            "count": int(count),
        }
        for key, label, count in rows
    ]
    return result
