"""The filter every analysis view shares, its URL form, and its SQL form.

The filter state lives in the URL query parameters ``area_set``, ``from``, ``to`` (ISO dates, inclusive),
``area`` (area codes), ``category`` (category codes; a parent includes its subtree), ``source`` (source
kinds), ``org`` (organisation ids) and ``raw`` (``1``: count every report; by default a problem that several
sources reported counts once, see :mod:`est.intake.dedup`), so a view can be shared as a link and reopened exactly.
:func:`filters_from_query` and :func:`filters_to_query` convert both ways; :func:`where_clause` gives the
SQL condition and its bound parameters for the ``incidents`` table aliased ``i``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from est.errors import EstError
from est.periods import Period, last_complete_week

__all__ = [
    "AreaJoin",
    "Filters",
    "IncidentQuery",
    "filters_from_query",
    "filters_to_query",
    "incident_query",
    "where_clause",
]


@dataclass(frozen=True)
class Filters:
    """What to look at: a period, an area set (None: the default set) and optional selections."""

    period: Period
    area_set: str | None = None
    areas: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    organisations: tuple[int, ...] = ()
    raw: bool = False  # count every report; by default only a problem's anchor counts (duplicates merged)

    def with_period(self, period: Period) -> Filters:
        """The same filter for another period."""
        return replace(self, period=period)


def _many(params: Mapping[str, Any], key: str) -> tuple[str, ...]:
    raw = params.get(key)
    if raw is None:
        return ()
    values = [raw] if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return tuple(dict.fromkeys(out))


def _one(params: Mapping[str, Any], key: str) -> str | None:
    values = _many(params, key)
    return values[0] if values else None


def _parse_date(text: str, key: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise EstError(
            f"'{key}={text}' is not an ISO date; write it like 2026-11-16",
            sv=f"'{key}={text}' i adressen är inget datum; skriv det som 2026-11-16",
        ) from exc


def filters_from_query(params: Mapping[str, Any], today: date) -> Filters:
    """Read a :class:`Filters` from URL query parameters (missing ones take their defaults).

    Parameters
    ----------
    params
        ``st.query_params`` or any mapping of key → value or list of values.
    today
        The date that defines the default period (the last complete ISO week).

    Raises
    ------
    EstError
        When a date is malformed or ``to`` is before ``from``.
    """
    default = last_complete_week(today)
    first_text, last_text = _one(params, "from"), _one(params, "to")
    first = _parse_date(first_text, "from") if first_text else default.start
    last = _parse_date(last_text, "to") if last_text else (default.last_day if not first_text else first)
    if last < first:
        raise EstError(
            f"'to' ({last}) is before 'from' ({first}); swap them",
            sv=f"Till ({last}) ligger före Från ({first}); byt plats på dem",
        )
    organisations: list[int] = []
    for value in _many(params, "org"):
        try:
            organisations.append(int(value))
        except ValueError as exc:
            raise EstError(
                f"'org={value}' is not an organisation id (a number)",
                sv=f"'org={value}' i adressen är inget organisations-id (ett tal)",
            ) from exc
    raw_text = (_one(params, "raw") or "0").lower()
    if raw_text not in _FLAGS:
        raise EstError(
            f"'raw={raw_text}' is not 1 or 0; write raw=1 to count every report (duplicates too)",
            sv=f"'raw={raw_text}' i adressen är varken 1 eller 0; skriv raw=1 för att räkna varje rapport "
            "(även dubbletter)",
        )
    return Filters(
        period=Period.inclusive(first, last),
        area_set=_one(params, "area_set"),
        areas=_many(params, "area"),
        categories=_many(params, "category"),
        sources=_many(params, "source"),
        organisations=tuple(organisations),
        raw=_FLAGS[raw_text],
    )


_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def filters_to_query(filters: Filters) -> dict[str, str | list[str]]:
    """The URL query parameters that reproduce ``filters``."""
    query: dict[str, str | list[str]] = {
        "from": filters.period.start.isoformat(),
        "to": filters.period.last_day.isoformat(),
    }
    if filters.area_set:
        query["area_set"] = filters.area_set
    if filters.areas:
        query["area"] = list(filters.areas)
    if filters.categories:
        query["category"] = list(filters.categories)
    if filters.sources:
        query["source"] = list(filters.sources)
    if filters.organisations:
        query["org"] = [str(o) for o in filters.organisations]
    if filters.raw:
        query["raw"] = "1"
    return query


def where_clause(
    filters: Filters, *, period: Period | None = None, include_areas: bool = True
) -> tuple[str, list[Any]]:
    """SQL condition on ``incidents i`` (and ``ia.area_id``/``a.code`` when areas are selected).

    The caller joins ``incident_areas ia`` (on the set's id) and ``areas a`` when ``filters.areas`` is set.
    Times compare in Europe/Stockholm local dates (the store sets the session time zone).

    Unless ``filters.raw``, reports that joined another report's problem are left out
    (``i.duplicate_of IS NULL``, kept by :mod:`est.intake.dedup`): each problem counts once, at its anchor — the
    earliest report — with the anchor's time, place, category, source and organisation. So counts over
    periods, areas or sources still add up to the total, and a problem is never counted twice.

    Returns
    -------
    tuple
        ``(sql, params)`` with ``?`` placeholders, to be combined with ``AND``.
    """
    p = period or filters.period
    parts = ["i.occurred_at >= CAST(? AS DATE)::TIMESTAMPTZ", "i.occurred_at < CAST(? AS DATE)::TIMESTAMPTZ"]
    params: list[Any] = [p.start.isoformat(), p.end.isoformat()]
    if filters.categories:
        ors = []
        for code in filters.categories:
            ors.append("(i.category_code = ? OR starts_with(i.category_code, ?))")
            params.extend([code, code + "."])
        parts.append("(" + " OR ".join(ors) + ")")
    _in(parts, params, "i.source_kind", filters.sources)
    _in(parts, params, "i.organisation_id", filters.organisations)
    if include_areas and filters.areas:
        _in(parts, params, "a.code", filters.areas)
    if not filters.raw:  # kept by est.intake.dedup: the problem id on every member but the anchor
        parts.append("i.duplicate_of IS NULL")
    return " AND ".join(parts), params


#: How :func:`incident_query` joins the area set: ``left`` keeps every incident (``a.code`` NULL outside
#: every area or without a position), ``placed`` those with a position (outside every area: ``a.code``
#: NULL), ``inner`` only those inside an area, ``if_filtered`` joins only when the filter names areas.
AreaJoin = Literal["if_filtered", "left", "placed", "inner"]

_LEFT_JOIN = (
    "incidents i LEFT JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? "
    "LEFT JOIN areas a ON a.id = ia.area_id"
)
_PLACED_JOIN = (
    "incidents i JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? "
    "LEFT JOIN areas a ON a.id = ia.area_id"
)
_INNER_JOIN = (
    "incidents i JOIN incident_areas ia ON ia.incident_id = i.id AND ia.area_set_id = ? "
    "JOIN areas a ON a.id = ia.area_id"
)


@dataclass(frozen=True)
class IncidentQuery:
    """The incidents a filter selects on one area set: ``FROM {source} WHERE {where}``, and its parameters.

    ``source`` is ``incidents i`` joined to the set's ``incident_areas ia`` and ``areas a`` (or ``incidents i``
    alone when no join is needed); ``params`` are the join's and then the condition's, in placeholder order.
    """

    source: str
    where: str
    params: tuple[Any, ...]

    @property
    def sql(self) -> str:
        """``FROM … WHERE …``, to follow a ``SELECT`` list (more conditions may follow with ``AND``)."""
        return f"FROM {self.source} WHERE {self.where}"


def incident_query(
    filters: Filters, area_set_id: int | None, *, period: Period | None = None, join: AreaJoin = "if_filtered"
) -> IncidentQuery:
    """The one place that joins incidents to an area set and applies a filter (:func:`where_clause`).

    Parameters
    ----------
    filters
        The filter (period, categories, sources, organisations, areas, raw).
    area_set_id
        The area set whose ``incident_areas`` and ``areas`` are joined (None before any set exists: a
        ``left`` join then finds no area for any incident).
    period
        Overrides the filter's period (a comparison period, a longer history).
    join
        ``if_filtered`` (default): join only when the filter names areas, so a query over the whole
        kommun stays a scan of ``incidents``; ``left``: always, incidents outside every area kept with
        ``a.code`` NULL (counts per area with "outside"); ``placed``: always, incidents with a position in the
        set (inside an area, or outside every area with ``a.code`` NULL); ``inner``: always, only incidents
        inside an area.

    Examples
    --------
    >>> from est.periods import Period
    >>> from datetime import date
    >>> q = incident_query(Filters(Period(date(2026, 3, 2), date(2026, 3, 9)), areas=("A",)), 7)
    >>> q.source.startswith("incidents i LEFT JOIN incident_areas ia"), q.params[0], q.params[-1]
    (True, 7, 'A')
    """
    where, params = where_clause(filters, period=period)
    if join in ("inner", "placed"):
        return IncidentQuery(_INNER_JOIN if join == "inner" else _PLACED_JOIN, where, (area_set_id, *params))
    if join == "left" or filters.areas:
        return IncidentQuery(_LEFT_JOIN, where, (area_set_id, *params))
    return IncidentQuery("incidents i", where, tuple(params))


def _in(parts: list[str], params: list[Any], column: str, values: Sequence[Any]) -> None:
    if values:
        parts.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
