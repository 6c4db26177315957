"""The steering figures for display: the hot-cell map and its table, the alerts in words, the plan as a table.

Who calls it: the Hotspots page, and the Lägesbild and Mötesläge pages for the alerts
(:mod:`est.ui.steering_views`). Every user text (area names, cell labels) is escaped on the map.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from est.i18n import Lang, format_int, format_number, t
from est.periods import Period
from est.picture.alerts import Alerts, alert_text
from est.picture.hotspots import Hotspots, cell_boundary
from est.picture.map_display import shapes_bounds
from est.picture.maps import NO_BASEMAP, Basemap, ColourClass, fill_colour, localize_assets, new_map
from est.picture.patrol import PatrolPlan
from est.picture.time_display import weekday_name

__all__ = [
    "HOT_CLASSES",
    "HotspotView",
    "alert_lines",
    "follow_up_table",
    "hotspot_map",
    "hotspot_table",
    "plan_table",
    "trend_label",
]

#: Hot cells by their Gi* z (ColorBrewer YlOrRd, safe for colour-blind readers and in grey print); a cell
#: that is not hot is not filled at all, whatever its z.
HOT_CLASSES = (
    ColourClass(0.0, 3.29, "#feb24c"),
    ColourClass(3.29, 5.0, "#fc4e2a"),
    ColourClass(5.0, None, "#800026"),
)


@dataclass(frozen=True)
class HotspotView:
    """The hot-cell map and its legend (drawn outside the map)."""

    map: folium.Map
    legend_title: str
    legend: list[tuple[str, str]]


def trend_label(trend: str | None, lang: Lang) -> str:
    """The trend of a hot cell in words (``–`` for a cell that is not hot)."""
    return t(f"hotspots.trend.{trend}", lang) if trend else "–"


def hotspot_map(shapes: dict[str, Any], found: Hotspots, lang: Lang, *, basemap: Basemap = NO_BASEMAP) -> HotspotView:
    """The area outlines as the base and every hot cell as a hexagon coloured by its z."""
    features = shapes.get("features", [])
    min_lon, min_lat, max_lon, max_lat = shapes_bounds(shapes)
    lats, lons = [c.lat for c in found.hot], [c.lon for c in found.hot]
    if not features and lats:
        min_lon, min_lat, max_lon, max_lat = min(lons), min(lats), max(lons), max(lats)
    else:
        min_lon, min_lat = min([min_lon, *lons]), min([min_lat, *lats])
        max_lon, max_lat = max([max_lon, *lons]), max([max_lat, *lats])
    m = new_map((min_lon, min_lat, max_lon, max_lat), basemap=basemap)
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": f["geometry"],
                    "properties": {"name": html.escape(str(f.get("properties", {}).get("name", "")))},
                }
                for f in features
            ],
        },
        style_function=lambda _f: {"fillColor": "#f0f0f0", "color": "#666666", "weight": 1, "fillOpacity": 0.3},
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[""], labels=False, sticky=True),
    ).add_to(m)
    cells = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in [*ring, ring[0]]]]},
            "properties": {
                "fill": fill_colour(cell.z, HOT_CLASSES),
                "text": html.escape(
                    t(
                        "hotspots.cell_tooltip",
                        lang,
                        n=format_int(cell.count, lang),
                        z=format_number(cell.z, 1, lang),
                        trend=trend_label(cell.trend, lang).lower(),
                    )
                ),
            },
        }
        for cell in found.hot
        for ring in [cell_boundary(cell.id)]
    ]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": cells},
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#000000",
            "weight": 1,
            "fillOpacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields=["text"], aliases=[""], labels=False, sticky=True),
    ).add_to(m)
    legend = [(c.colour, _class_label(c, lang)) for c in HOT_CLASSES]
    return HotspotView(localize_assets(m), t("hotspots.legend", lang), legend)


def _class_label(c: ColourClass, lang: Lang) -> str:
    if c.upper is None:
        return f"z ≥ {format_number(c.lower, 1, lang)}"
    if c.lower == 0:
        return t("hotspots.legend.hot", lang, upper=format_number(c.upper, 2, lang))
    return f"z {format_number(c.lower, 2, lang)}–{format_number(c.upper, 1, lang)}"


def hotspot_table(found: Hotspots, lang: Lang, *, only_hot: bool = True) -> pd.DataFrame:
    """The map's text alternative: each (hot) cell with its centre, count, z, p and trend."""
    rows = [c for c in found.cells if c.hot or not only_hot]
    return pd.DataFrame(
        {
            t("hotspots.cell", lang): [c.id for c in rows],
            t("hotspots.centre", lang): [f"{c.lat:.5f}, {c.lon:.5f}" for c in rows],
            t("hotspots.count", lang): [c.count for c in rows],
            "z": [round(c.z, 2) for c in rows],
            "p": [float(f"{c.p:.2g}") for c in rows],
            t("hotspots.trend", lang): [trend_label(c.trend, lang) for c in rows],
        }
    )


def alert_lines(found: Alerts, lang: Lang, *, area: str | None = None) -> list[str]:
    """The alerts in words, highest excess first (only ``area``'s when given)."""
    week: Period = found.week
    return [alert_text(a, week, lang) for a in found.alerts if area is None or a.area == area]


def follow_up_table(follow: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Planned against done (:func:`est.meeting.patrols.plan_follow_up`) for display, in window order."""
    return pd.DataFrame(
        {
            t("patrol.place", lang): follow["label"],
            t("patrol.weekday", lang): [weekday_name(int(d), lang) for d in follow["weekday"]],
            t("patrol.hours", lang): [
                f"{int(a):02d}–{int(b):02d}" for a, b in zip(follow["hour_from"], follow["hour_to"], strict=True)
            ],
            t("patrol.done", lang): follow["done"],
            t("patrol.minutes_done", lang): follow["minutes"],
            t("patrol.other", lang): follow["other"],
        }
    )


def plan_table(plan: PatrolPlan, lang: Lang) -> pd.DataFrame:
    """The plan's visit windows, best first: place, weekday, hours and expected incidents per week."""
    return pd.DataFrame(
        {
            t("patrol.place", lang): [s.place.label for s in plan.slots],
            t("patrol.weekday", lang): [weekday_name(s.weekday, lang) for s in plan.slots],
            t("patrol.hours", lang): [f"{s.hour_from:02d}–{s.hour_to:02d}" for s in plan.slots],
            t("patrol.expected", lang): [format_number(s.expected, 1, lang) for s in plan.slots],
        }
    )
