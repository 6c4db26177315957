"""The maps for display: the area choropleth, the incident map with its layers and key, and their table alternatives.

Who calls it: the Lägesbild and Händelsekarta pages. Draws with :mod:`est.picture.maps` from
:mod:`est.picture.mapdata`; every user text is escaped there.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import folium
import pandas as pd

from est.i18n import Lang, format_int, format_number, t, tn
from est.periods import Period
from est.picture.display import counted_key, counted_text, verdict_text
from est.picture.figures import Overview
from est.picture.mapdata import MapData
from est.picture.maps import (
    CHANGE_CLASSES,
    CLUSTER_COLOURS,
    COUNT_CLASSES,
    NO_BASEMAP,
    OTHER_AREA_COLOUR,
    POINT_COLOUR,
    RATE_CLASSES,
    ZERO_COLOUR,
    Basemap,
    add_area_counts,
    choropleth_map,
    heat_key,
    incident_map,
    legend_items,
    period_classes,
    period_weeks,
)

if TYPE_CHECKING:
    from collections.abc import Collection


__all__ = [
    "MAP_MODES",
    "ChoroplethView",
    "MapMode",
    "area_count_table",
    "choropleth_for",
    "incident_map_view",
    "incident_table",
    "mode_label",
    "overview_map",
    "shapes_bounds",
]


@dataclass(frozen=True)
class ChoroplethView:
    """A choropleth map with its legend (drawn outside the map)."""

    map: folium.Map
    legend_title: str
    legend: list[tuple[str, str]]


def choropleth_for(shapes: dict[str, Any], table: pd.DataFrame, period: Period, lang: Lang) -> ChoroplethView:
    """Counts per area on a map; colour classes are per week, scaled by the period's length in weeks."""
    classes = period_classes(COUNT_CLASSES, period.days)
    inside = table[table["code"].notna()]
    values = {str(code): float(count) for code, count in zip(inside["code"], inside["count"], strict=True)}
    bounds = shapes_bounds(shapes)
    m = choropleth_map(
        shapes,
        values,
        classes,
        value_label=t("common.incidents", lang),
        format_value=lambda v: format_int(v, lang),
        bounds=bounds,
    )
    return ChoroplethView(m, t("lagesbild.legend", lang), legend_items(classes, lang=lang))


def shapes_bounds(shapes: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of every feature (Östersund when there is none)."""
    xs: list[float] = []
    ys: list[float] = []

    def visit(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(float(coords[0]))
            ys.append(float(coords[1]))
        else:
            for part in coords:
                visit(part)

    for feature in shapes.get("features", []):
        visit(feature["geometry"]["coordinates"])
    if not xs:
        return (14.5, 63.1, 14.8, 63.25)
    return (min(xs), min(ys), max(xs), max(ys))


def _focus(shapes: dict[str, Any], codes: Collection[str]) -> tuple[tuple[float, float, float, float], set[str] | None]:
    """Where a map opens and which areas it shows as chosen, for a filter on the area ``codes``.

    A filter on some areas of the set: the map opens on them and greys the rest (they are not counted, not
    "0"). No filter, or one that selects every area (or none of this set): all areas, no focus.
    """
    wanted = set(codes)
    chosen = [f for f in shapes.get("features", []) if str(f.get("properties", {}).get("code")) in wanted]
    if chosen and len(chosen) < len(shapes.get("features", [])):
        return shapes_bounds({"features": chosen}), wanted
    return shapes_bounds(shapes), None


MapMode = Literal["count", "rate", "change"]


MAP_MODES: tuple[MapMode, ...] = ("count", "rate", "change")


_VERDICT_VALUE = {"lower": -1.0, "as_usual": 0.0, "higher": 1.0}


def mode_label(mode: MapMode, raw: bool, lang: Lang) -> str:
    """A map mode's label: ``Antal problem`` (``Antal rapporter`` when every report counts), ``Per 1 000 invånare``."""
    return (
        counted_text(f"analysis.map_mode.{mode}", raw, lang)
        if mode == "count"
        else t(f"analysis.map_mode.{mode}", lang)
    )


def overview_map(
    shapes: dict[str, Any], ov: Overview, mode: MapMode, lang: Lang, *, basemap: Basemap = NO_BASEMAP
) -> ChoroplethView:
    """The area choropleth for ``mode``: counts or rates in fixed classes (per week, scaled), or the verdict."""
    weeks = period_weeks(ov.period.days)
    inside = ov.table[ov.table["area_id"] > 0]
    codes = [str(c) for c in inside["code"]]
    bounds, focus = _focus(shapes, codes)
    texts: dict[str, str] = {}
    if mode == "rate":
        classes = period_classes(RATE_CLASSES, ov.period.days, decimals=2)
        values = {c: (float(v) if pd.notna(v) else None) for c, v in zip(codes, inside["rate_per_1000"], strict=True)}
        legend = legend_items(classes, decimals=2, lang=lang)
        title = counted_text("analysis.legend.rate", ov.raw, lang)
        fmt: Any = lambda v: format_number(v, 2, lang)  # noqa: E731 - a one-line formatter
    elif mode == "change":
        classes = CHANGE_CLASSES
        values = {c: _VERDICT_VALUE.get(str(v)) for c, v in zip(codes, inside["verdict"], strict=True)}
        texts = {
            c: f"{verdict_text(str(v), lang)} ({format_int(int(n), lang)}; "
            f"{t('analysis.expected', lang).lower()} {format_number(float(e), 1, lang)})"
            for c, v, n, e in zip(codes, inside["verdict"], inside["count"], inside["expected"], strict=True)
        }
        legend = [(cls.colour, verdict_text(v, lang)) for cls, v in zip(CHANGE_CLASSES, _VERDICTS, strict=True)]
        title = t("analysis.legend.change", lang)
        fmt = lambda v: str(v)  # noqa: E731 - texts above replace it
    else:
        classes = period_classes(COUNT_CLASSES, ov.period.days)
        values = {c: float(v) for c, v in zip(codes, inside["count"], strict=True)}
        legend = legend_items(classes, lang=lang)
        title = counted_text("lagesbild.legend", ov.raw, lang)
        fmt = lambda v: format_int(v, lang)  # noqa: E731 - a one-line formatter
    m = choropleth_map(
        shapes,
        values,
        classes,
        value_label=mode_label(mode, ov.raw, lang),
        format_value=fmt,
        bounds=bounds,
        basemap=basemap,
        value_texts=texts,
        focus=focus,
        other_text=t("analysis.legend.not_selected", lang),
    )
    if focus:
        legend = [*legend, (OTHER_AREA_COLOUR, t("analysis.legend.not_selected", lang))]
    if weeks > 1 and mode != "change":
        shown = format_number(weeks, 0 if weeks.is_integer() else 1, lang)  # "4 veckor", "17,6 veckor"
        title += " " + t("analysis.legend.scaled", lang, weeks=shown)
    return ChoroplethView(m, title, legend)


_VERDICTS = ("lower", "as_usual", "higher")


def incident_map_view(
    shapes: dict[str, Any],
    data: MapData,
    period: Period,
    lang: Lang,
    *,
    category_labels: dict[str, str],
    source_labels: dict[str, str],
    heat: bool = False,
    basemap: Basemap = NO_BASEMAP,
    areas: Collection[str] = (),
    raw: bool = False,
) -> ChoroplethView:
    """The incident map for ``data`` (points with escaped popups, or hexagons) and its legend.

    ``areas`` (the filter's area codes) opens the map on those areas and greys the others, as on the
    Lägesbild map. With ``raw`` (every report counts) the legend says *rapporter*, not *problem*.
    """
    bounds, focus = _focus(shapes, areas)
    other = t("analysis.legend.not_selected", lang)
    key = [(OTHER_AREA_COLOUR, other)] if focus else []
    if data.mode == "points":
        codes = sorted(set(data.points["category_code"]))
        kinds = sorted(set(data.points["source_kind"]))
        cat_index = {c: i for i, c in enumerate(codes)}
        src_index = {k: i for i, k in enumerate(kinds)}
        rows = [
            [
                round(float(lat), 5),
                round(float(lon), 5),
                cat_index[c],
                when.strftime("%Y-%m-%d %H:%M"),
                src_index[k],
                html.escape(str(d)) if isinstance(d, str) and d else "",
            ]
            for lat, lon, c, when, k, d in zip(
                data.points["lat"],
                data.points["lon"],
                data.points["category_code"],
                data.points["occurred_at"],
                data.points["source_kind"],
                data.points["description"],
                strict=True,
            )
        ]
        m = incident_map(
            shapes,
            bounds if focus else _points_bounds(data.points, bounds),
            points=rows,
            categories=[html.escape(category_labels.get(c, c)) for c in codes],
            sources=[html.escape(source_labels.get(k, k)) for k in kinds],
            heat=[[r[0], r[1], 1.0] for r in rows] if heat else None,
            area_label=t("common.area", lang),
            basemap=basemap,
            focus=focus,
            other_text=other,
        )
        return _with_area_counts(
            ChoroplethView(
                m,
                counted_text("analysis.map.points_legend", raw, lang),
                _points_key(lang, raw) + _heat_key(heat, lang, raw),
            ),
            data,
            lang,
            key,
            raw,
        )
    classes = period_classes(COUNT_CLASSES, period.days)
    hexes: list[tuple[list[list[float]], float, str]] = []
    heat_rows: list[list[float]] = []
    if data.mode == "hexagons":
        for ring, count in zip(data.hexes["ring"], data.hexes["count"], strict=True):
            hexes.append(
                (
                    ring,
                    float(count),
                    f"{format_int(int(count), lang)} {counted_text('analysis.incident_many', raw, lang)}",
                )
            )
        heat_rows = [
            [round(float(a), 5), round(float(b), 5), float(c)]
            for a, b, c in zip(data.hexes["lat"], data.hexes["lon"], data.hexes["count"], strict=True)
        ]
    m = incident_map(
        shapes,
        bounds,
        hexes=hexes,
        hex_classes=classes,
        heat=heat_rows if heat else None,
        area_label=t("common.area", lang),
        basemap=basemap,
        focus=focus,
        other_text=other,
    )
    title = t(counted_key("analysis.map.hex_legend", raw), lang, metres=format_int(data.radius_m * 2, lang))
    return _with_area_counts(
        ChoroplethView(m, title, legend_items(classes, lang=lang) + _heat_key(heat and bool(heat_rows), lang, raw)),
        data,
        lang,
        key,
        raw,
    )


def _with_area_counts(
    view: ChoroplethView, data: MapData, lang: Lang, key: list[tuple[str, str]], raw: bool = False
) -> ChoroplethView:
    """Label each area with its count of incidents without coordinates; the legend says what the labels are.

    ``key`` (the grey of areas outside the filter, or nothing) ends the legend in every mode.
    """
    if not len(data.areas):
        return ChoroplethView(view.map, view.legend_title, [*view.legend, *key])
    add_area_counts(
        view.map,
        [
            (
                float(lat),
                float(lon),
                format_int(int(n), lang),
                f"{name}: {tn(counted_key('analysis.map.area_count_tip', raw), int(n), lang)}",
            )
            for name, n, lat, lon in zip(
                data.areas["name"], data.areas["count"], data.areas["lat"], data.areas["lon"], strict=True
            )
        ],
    )
    item = (ZERO_COLOUR, counted_text("analysis.map.area_count_item", raw, lang))
    if data.mode == "areas":
        return ChoroplethView(view.map, counted_text("analysis.map.area_count_legend", raw, lang), [item, *key])
    return ChoroplethView(view.map, view.legend_title, [*view.legend, item, *key])


def area_count_table(data: MapData, lang: Lang, *, raw: bool = False) -> pd.DataFrame:
    """The table alternative of the area labels: each area with its count of incidents without coordinates."""
    return pd.DataFrame(
        {
            t("common.area", lang): [str(n) for n in data.areas.get("name", [])],
            counted_text("analysis.map.area_count_column", raw, lang): [int(n) for n in data.areas.get("count", [])],
        }
    )


def _points_key(lang: Lang, raw: bool = False) -> list[tuple[str, str]]:
    """What the points map's colours mean: one report, and a group by how many reports it holds."""
    key = [(POINT_COLOUR, counted_text("analysis.map.one_report", raw, lang))]
    for fewest, most, colour in CLUSTER_COLOURS:
        if most is None:
            key.append((colour, t("analysis.map.cluster_from", lang, n=format_int(fewest, lang))))
        else:
            key.append((colour, t("analysis.map.cluster", lang, low=fewest, high=most)))
    return key


def _heat_key(heat: bool, lang: Lang, raw: bool = False) -> list[tuple[str, str]]:
    """The heat layer's ramp and what it means, when the layer is on."""
    return [(heat_key(), counted_text("analysis.map.heat_key", raw, lang))] if heat else []


def _points_bounds(
    points: pd.DataFrame, fallback: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """Where the incident map opens: around the points, robust to a few far-off ones.

    A few far-off reports (outside every area, a typo in a coordinate) do not shrink the town to a dot;
    they stay on the map, one zoom-out away.
    """
    if points.empty:
        return fallback
    lat, lon = points["lat"].astype(float), points["lon"].astype(float)
    low, high = (0.05, 0.95) if len(points) >= _ROBUST_BOUNDS_FROM else (0.0, 1.0)
    pad = 0.002
    return (
        float(lon.quantile(low)) - pad,
        float(lat.quantile(low)) - pad,
        float(lon.quantile(high)) + pad,
        float(lat.quantile(high)) + pad,
    )


_ROBUST_BOUNDS_FROM = 40  # points; below this every point is inside the opening view


def incident_table(
    data: MapData, lang: Lang, *, category_labels: dict[str, str], source_labels: dict[str, str]
) -> pd.DataFrame:
    """The map's table alternative: each point, or each hexagon with its centre and count.

    Points show time, category, source, area, description and whether the position is exact.
    """
    if data.mode == "points":
        p = data.points
        return pd.DataFrame(
            {
                t("analysis.time", lang): [w.strftime("%Y-%m-%d %H:%M") for w in p["occurred_at"]],
                t("common.category", lang): [category_labels.get(c, c) for c in p["category_code"]],
                t("common.source", lang): [source_labels.get(k, k) for k in p["source_kind"]],
                t("common.area", lang): [
                    str(a) if isinstance(a, str) else t("common.outside_areas", lang) for a in p["area"]
                ],
                t("analysis.description", lang): [d if isinstance(d, str) else "" for d in p["description"]],
                t("analysis.position", lang): [
                    f"{float(a):.5f}, {float(b):.5f}" for a, b in zip(p["lat"], p["lon"], strict=True)
                ],
                t("analysis.exact", lang): [
                    t("analysis.yes" if bool(x) else "analysis.no", lang) for x in p["precise"]
                ],
            }
        )
    if data.mode == "hexagons":
        h = data.hexes
        return pd.DataFrame(
            {
                t("analysis.hex_centre", lang): [
                    f"{float(a):.4f}, {float(b):.4f}" for a, b in zip(h["lat"], h["lon"], strict=True)
                ],
                t("common.incidents", lang): h["count"].astype("int64"),
            }
        )
    return pd.DataFrame()
