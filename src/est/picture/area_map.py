"""The area-admin preview map: a set's areas with their names as labels and counts in the tooltip.

Who calls it: the Områden page (through ``est.ui``). It draws with :mod:`est.picture.maps` (local Leaflet
assets, no CDN) and escapes every name.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import folium
import shapely.geometry

from est.i18n import format_int, t
from est.picture.maps import localize_assets, new_map

if TYPE_CHECKING:
    import pandas as pd

    from est.i18n import Lang

__all__ = ["area_preview_map"]


def area_preview_map(shapes: dict[str, Any], overview: pd.DataFrame, lang: Lang) -> Any:
    """A folium map of the set's areas with their names as labels and counts in the tooltip.

    Every name is HTML-escaped; the map uses the app's local Leaflet assets (no CDN).
    """
    counts = {str(c): int(n) for c, n in zip(overview["code"], overview["incidents"], strict=True) if c is not None}
    features = []
    xs: list[float] = []
    ys: list[float] = []
    for feature in shapes.get("features", []):
        props = feature.get("properties", {})
        code = str(props.get("code"))
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "name": html.escape(str(props.get("name", ""))),
                    "code": html.escape(code),
                    "incidents": format_int(counts.get(code, 0), lang),
                },
            }
        )
        bounds = shapely.geometry.shape(feature["geometry"]).bounds
        xs.extend((bounds[0], bounds[2]))
        ys.extend((bounds[1], bounds[3]))
    box = (min(xs), min(ys), max(xs), max(ys)) if xs else (14.5, 63.1, 14.8, 63.25)
    m = new_map(box)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _f: {"color": "#1f4e79", "weight": 1.5, "fillColor": "#9ecae1", "fillOpacity": 0.35},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "code", "incidents"],
            aliases=[t("common.area", lang), t("common.code", lang), t("common.incidents", lang)],
        ),
    ).add_to(m)
    if len(features) <= 400:  # labels stay readable; thousands (DeSO) would only clutter the map
        labels: list[Any] = list(
            overview[overview["code"].notna()][["name", "centroid_lat", "centroid_lon"]].itertuples(
                index=False, name=None
            )
        )
        for name, lat, lon in labels:
            folium.Marker(
                [float(lat), float(lon)],
                icon=folium.DivIcon(
                    html=f'<div class="est-area-label">{html.escape(str(name))}</div>',
                    icon_size=(120, 18),
                    icon_anchor=(60, 9),
                    class_name="est-area-label-icon",
                ),
            ).add_to(m)
        root: Any = m.get_root()
        root.header.add_child(
            folium.Element(
                "<style>.est-area-label{font:600 11px sans-serif;color:#12355b;text-align:center;"
                "text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap;pointer-events:none}</style>"
            )
        )
    return localize_assets(m)
