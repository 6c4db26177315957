"""What the open API publishes: weekly problem counts per area and category, safe to publish by construction.

Only aggregated problem counts (after duplicate linking: a problem several sources reported counts once),
never a point, free text or organisation. Counts from 1 to ``small_count_threshold`` − 1 are published as
null with ``suppressed: true``; a week × area × category without problems is left out (absent means 0).
No totals or sums across rows are published, so a suppressed count cannot be recovered by subtraction.
Only weeks older than ``open_api_delay_weeks`` complete weeks are published, only for the chosen area set
and categories (settings ``open_api_area_set``, ``open_api_categories``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from est.access.settings import get_setting
from est.areas.sets import area_geojson, get_area_set
from est.errors import EstError
from est.periods import Period, last_complete_week, parse_iso_week
from est.picture.filters import Filters, incident_query
from est.picture.timesql import by_local_hour

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "MAX_ROWS",
    "Publication",
    "publication",
    "published_areas",
    "published_categories",
    "published_counts",
    "week_label",
]

MAX_ROWS = 10_000


@dataclass(frozen=True)
class Publication:
    """The settings of the open API as they stand: on or off, what is published, the licence."""

    on: bool
    delay_weeks: int
    area_set: str | None
    categories: tuple[str, ...]
    licence: str
    threshold: int

    def last_week(self, today: date) -> Period:
        """The newest week published: the last complete week, ``delay_weeks`` weeks back."""
        last = last_complete_week(today)
        return Period(last.start - timedelta(weeks=self.delay_weeks), last.end - timedelta(weeks=self.delay_weeks))


def publication(reader: Reader) -> Publication:
    """The open API's settings (``open_api`` …, ``small_count_threshold``)."""
    categories = tuple(c.strip() for c in (get_setting(reader, "open_api_categories") or "").split(",") if c.strip())
    return Publication(
        on=get_setting(reader, "open_api") == "on",
        delay_weeks=int(get_setting(reader, "open_api_delay_weeks") or 1),
        area_set=get_setting(reader, "open_api_area_set") or None,
        categories=categories,
        licence=get_setting(reader, "open_api_licence") or "CC-BY-4.0",
        threshold=int(get_setting(reader, "small_count_threshold") or 5),
    )


def week_label(monday: date) -> str:
    """``2026-W48``."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _in_published(code: str, published: tuple[str, ...]) -> bool:
    return not published or any(code == p or code.startswith(p + ".") for p in published)


def published_categories(reader: Reader, pub: Publication) -> list[dict[str, str]]:
    """The published categories: code, Swedish and English names, parent."""
    rows = reader.rows("SELECT code, label_sv, label_en, parent_code FROM categories ORDER BY sort, code")
    return [
        {"code": str(c), "name_sv": str(sv), "name_en": str(en), "parent": p}
        for c, sv, en, p in rows
        if _in_published(str(c), pub.categories)
    ]


def _area_set(reader: Reader, pub: Publication, requested: str | None) -> Any:
    if requested and pub.area_set and requested != pub.area_set:
        raise EstError(
            f"area set '{requested}' is not published; the published area set is '{pub.area_set}'",
            sv=f"områdesindelningen '{requested}' publiceras inte; den publicerade är '{pub.area_set}'",
        )
    return get_area_set(reader, requested or pub.area_set)


def published_areas(reader: Reader, pub: Publication, requested: str | None) -> dict[str, Any]:
    """The published area set as a GeoJSON FeatureCollection: code, name and population of each area."""
    area_set = _area_set(reader, pub, requested)
    shapes = area_geojson(reader, area_set.id)
    population = dict(reader.rows("SELECT code, population FROM areas WHERE area_set_id = ?", [area_set.id]))
    features = [
        {
            "type": "Feature",
            "id": str(f["properties"]["code"]),
            "geometry": f["geometry"],
            "properties": {
                "code": str(f["properties"]["code"]),
                "name": str(f["properties"]["name"]),
                "population": population.get(f["properties"]["code"]),
            },
        }
        for f in shapes.get("features", [])
    ]
    return {"type": "FeatureCollection", "name": area_set.name, "features": features}


def _week(text: str, name: str) -> Period:
    try:
        return parse_iso_week(text)
    except EstError:
        raise EstError(
            f"{name}={text!r} is not an ISO week; give it as YYYY-Www, e.g. 2026-W01",
            sv=f"{name}={text!r} är ingen ISO-vecka; ange den som ÅÅÅÅ-Vvv, t.ex. 2026-W01",
        ) from None


def published_counts(
    reader: Reader,
    pub: Publication,
    today: date,
    *,
    area_set: str | None = None,
    areas: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    first: str | None = None,
    last: str | None = None,
) -> list[dict[str, Any]]:
    """Weekly problem counts per area and category, suppressed below the threshold, within the published weeks.

    Raises
    ------
    EstError
        For an unknown area set, area or category, a malformed or reversed week range, or more than
        :data:`MAX_ROWS` rows (the message says what is allowed).
    """
    chosen = _area_set(reader, pub, area_set)
    newest = pub.last_week(today)
    end = _week(last, "to") if last else newest
    start = (
        _week(first, "from") if first else Period(newest.start - timedelta(weeks=51), newest.end - timedelta(weeks=51))
    )
    if end.start < start.start:
        raise EstError(
            f"to={week_label(end.start)} is before from={week_label(start.start)}; give the earlier week as from",
            sv=f"to={week_label(end.start)} ligger före from={week_label(start.start)}; "
            "ange den tidigare veckan som from",
        )
    if end.start > newest.start:
        end = newest  # the newest weeks are not published yet (open_api_delay_weeks)
    known_areas = {str(c) for (c,) in reader.rows("SELECT code FROM areas WHERE area_set_id = ?", [chosen.id])}
    unknown = [a for a in areas if a not in known_areas]
    if unknown:
        raise EstError(
            f"unknown area {', '.join(unknown)} in area set '{chosen.name}'; see /api/v1/areas for the codes",
            sv=f"okänt område {', '.join(unknown)} i '{chosen.name}'; se /api/v1/areas för koderna",
        )
    allowed = {c["code"] for c in published_categories(reader, pub)}
    refused = [c for c in categories if c not in allowed]
    if refused:
        raise EstError(
            f"category {', '.join(refused)} is not published; see /api/v1/categories for the codes",
            sv=f"kategorin {', '.join(refused)} publiceras inte; se /api/v1/categories för koderna",
        )
    if end.start < start.start:
        return []
    filters = Filters(Period(start.start, end.end), areas=areas, categories=categories or pub.categories)
    q = incident_query(filters, chosen.id, join="inner")
    rows = reader.rows(
        "SELECT * FROM ("  # noqa: S608 - the query is built from constants; values are bound
        + by_local_hour(
            "a.code AS area, i.category_code AS cat", q.sql, "CAST(date_trunc('week', t) AS DATE) AS week", "area, cat"
        )
        + ") ORDER BY week, area, cat",
        q.params,
    )
    if len(rows) > MAX_ROWS:
        raise EstError(
            f"the query gives {len(rows)} rows, more than {MAX_ROWS}; ask for fewer weeks, areas or categories",
            sv=f"frågan ger {len(rows)} rader, fler än {MAX_ROWS}; be om färre veckor, områden eller kategorier",
        )
    out = []
    for week, area, category, count in rows:
        n = int(count)
        hidden = 0 < n < pub.threshold
        out.append(
            {
                "area": str(area),
                "iso_week": week_label(week),
                "week_start": week.isoformat(),
                "category": str(category),
                "count": None if hidden else n,
                "suppressed": hidden,
            }
        )
    return out
