"""Folium maps that work offline: the area choropleth and its colour classes, with local JS/CSS.

Who calls it: the analysis pages through ``est.ui.show_map`` (which renders with streamlit-folium) and
the report builder. Nothing here imports Streamlit.

Rules kept here, each of which otherwise blanks the map or leaks requests:
* every element's JS/CSS points at the app's own ``/app/static/vendor`` copies (:func:`localize_assets`);
  elements the maps do not need (Bootstrap, awesome-markers, Font Awesome) are dropped;
* no tile layer unless one is configured (:class:`Basemap`: XYZ tiles or a WMS service);
  ``maxZoom``/``minZoom`` are always set on the map itself;
* no branca colour map inside the map (streamlit-folium would add d3 from a CDN): the legend is drawn
  outside, from :func:`legend_items`;
* user text (area names, descriptions) is HTML-escaped before it goes into tooltips or popups.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import MacroElement
from folium.map import FitBounds
from jinja2 import Template

from est.i18n import Lang, format_int, format_number
from est.picture.map_assets import vendor_url

__all__ = [
    "CHANGE_CLASSES",
    "CLUSTER_COLOURS",
    "COUNT_CLASSES",
    "HEAT_GRADIENT",
    "NO_BASEMAP",
    "OTHER_AREA_COLOUR",
    "POINT_COLOUR",
    "RATE_CLASSES",
    "ZERO_COLOUR",
    "Basemap",
    "ColourClass",
    "add_area_counts",
    "choropleth_map",
    "class_for",
    "fill_colour",
    "heat_key",
    "incident_map",
    "legend_items",
    "localize_assets",
    "new_map",
    "period_classes",
    "period_weeks",
    "scaled_classes",
]

# Sequential, colour-blind safe and monotone in lightness (prints readably in greyscale): ColorBrewer YlOrRd
# (its 9-class scale without the two lightest), so that "0" (white) and every class differ by at least 15
# grey levels of 255 when printed in black and white (tests/test_map_colours.py).
_PALETTE = ("#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
ZERO_COLOUR = "#ffffff"
# Areas outside the filter's area selection: a mid grey, unlike white (none), any class and the change map's
# light "as usual" grey, so a one-area filter never looks like "nothing happened next door".
OTHER_AREA_COLOUR = "#969696"


@dataclass(frozen=True)
class ColourClass:
    """A class of values ``[lower, upper)`` (upper None: no upper bound) and its fill colour."""

    lower: float
    upper: float | None
    colour: str

    def label(self, decimals: int = 0, lang: Lang = "sv") -> str:
        """``3–5`` style label (inclusive upper bound for whole numbers), numbers written for ``lang``.

        A first class that starts just above zero (rates: any positive value) reads ``<0,25``.
        """
        if decimals == 0:
            lower = int(self.lower)
            if self.upper is None:
                return f"{format_int(lower, lang)}+"
            upper = int(self.upper) - 1
            if upper == lower:
                return format_int(lower, lang)
            return f"{format_int(lower, lang)}–{format_int(upper, lang)}"
        if self.upper is None:
            return f"{format_number(self.lower, decimals, lang)}+"
        upper_text = format_number(self.upper, decimals, lang)
        if self.lower < 0.5 * 10**-decimals:
            return f"<{upper_text}"
        return f"{format_number(self.lower, decimals, lang)}–{upper_text}"


def _classes(breaks: tuple[float, ...]) -> tuple[ColourClass, ...]:
    bounds: list[float | None] = [*breaks[1:], None]
    return tuple(ColourClass(lo, hi, _PALETTE[i]) for i, (lo, hi) in enumerate(zip(breaks, bounds, strict=True)))


# Fixed classes for counts per week, so colours mean the same thing every week; longer periods scale them.
COUNT_CLASSES = _classes((1, 3, 6, 11, 21, 51, 101))
# Incidents per 1,000 inhabitants and week (scaled by the period's weeks like the counts); the first class
# starts just above zero, so any area with an incident is coloured whatever its population.
RATE_CLASSES = _classes((1e-9, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
# The change verdict of an area (-1 fewer than usual, 0 as usual, 1 more than usual): a diverging,
# colour-blind safe pair (ColorBrewer PuOr ends) around neutral grey; the legend and table name them in words.
CHANGE_CLASSES = (
    ColourClass(-1.5, -0.5, "#5e3c99"),
    ColourClass(-0.5, 0.5, "#d9d9d9"),
    ColourClass(0.5, None, "#e66101"),
)


def class_for(value: float | None, classes: tuple[ColourClass, ...]) -> ColourClass | None:
    """The class ``value`` falls in (None for no value, zero or below the first class)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for found in classes:
        if value >= found.lower and (found.upper is None or value < found.upper):
            return found
    return None


def fill_colour(value: float | None, classes: tuple[ColourClass, ...]) -> str:
    """The fill for ``value``: its class's colour, or :data:`ZERO_COLOUR` for no value, zero or below the classes.

    Examples
    --------
    >>> fill_colour(2, COUNT_CLASSES), fill_colour(0, COUNT_CLASSES)
    ('#fed976', '#ffffff')
    """
    found = class_for(value, classes)
    return found.colour if found else ZERO_COLOUR


def scaled_classes(classes: tuple[ColourClass, ...], factor: float, *, decimals: int = 0) -> tuple[ColourClass, ...]:
    """The same classes with bounds multiplied by ``factor`` (e.g. weeks in the period), rounded up.

    The first class keeps its lower bound: it is the smallest value with data (1 incident; any positive
    rate), so an area with data is never drawn like an area without, however long the period. Bounds are
    rounded up to ``decimals`` decimals and stay strictly increasing.
    """
    if factor <= 1:
        return classes
    step = 10.0**-decimals
    lowers = [classes[0].lower]
    for found in classes[1:]:
        lowers.append(max(_round_up(found.lower * factor, decimals), lowers[-1] + step))
    last = classes[-1].upper
    uppers = [*lowers[1:], None if last is None else max(_round_up(last * factor, decimals), lowers[-1] + step)]
    return tuple(ColourClass(lower, upper, c.colour) for lower, upper, c in zip(lowers, uppers, classes, strict=True))


def _round_up(value: float, decimals: int) -> float:
    """``value`` rounded up to ``decimals`` decimals, ignoring float noise (21 × 123 / 7 is 369, not 370)."""
    scale = 10**decimals
    rounded = math.ceil(round(value * scale, 6)) / scale
    return int(rounded) if decimals == 0 else rounded


def period_weeks(days: int) -> float:
    """How many weeks a period of ``days`` days is for the colour classes (at least 1)."""
    return max(1.0, days / 7)


def period_classes(classes: tuple[ColourClass, ...], days: int, *, decimals: int = 0) -> tuple[ColourClass, ...]:
    """The colour classes for a period of ``days`` days: ``classes`` are per week, scaled by the weeks.

    The one place the maps' class breaks are made: the area map, the incident map's hexagons, the meeting
    map image and the PDF reports all call it. The class after 0 always starts at the smallest value with
    data (see :func:`scaled_classes`).

    Examples
    --------
    >>> [c.label() for c in period_classes(COUNT_CLASSES, 28)][:3]
    ['1–11', '12–23', '24–43']
    """
    return scaled_classes(classes, period_weeks(days), decimals=decimals)


def legend_items(classes: tuple[ColourClass, ...], decimals: int = 0, *, lang: Lang = "sv") -> list[tuple[str, str]]:
    """``(colour, label)`` pairs for a legend drawn outside the map; the first is "0 / no value"."""
    return [(ZERO_COLOUR, "0"), *[(c.colour, c.label(decimals, lang)) for c in classes]]


@dataclass(frozen=True)
class Basemap:
    """A background map under the areas: XYZ tiles or a WMS service, as configured in the settings.

    ``kind`` ``none`` or an empty ``url`` means no basemap: the area polygons are the base and no request
    leaves the machine. ``wms_layers`` and ``wms_format`` are the WMS ``LAYERS`` and ``FORMAT``.
    """

    kind: str = "none"
    url: str = ""
    attribution: str = ""
    wms_layers: str = ""
    wms_format: str = "image/png"

    @property
    def shown(self) -> bool:
        """Whether the maps draw this basemap at all."""
        return self.kind in ("xyz", "wms") and bool(self.url)


NO_BASEMAP = Basemap()


def _add_basemap(m: folium.Map, basemap: Basemap) -> None:
    """The basemap's tile layer under everything else; its attribution is text, escaped."""
    if not basemap.shown:
        return
    attribution = html.escape(basemap.attribution or "basemap")
    if basemap.kind == "wms":
        # Leaflet's own L.tileLayer.wms (core Leaflet, nothing to load): GetMap for each 256 px tile in the
        # map's Web Mercator (CRS=EPSG:3857 with WMS 1.3.0), which kommuners and Lantmäteriet's services offer.
        folium.WmsTileLayer(
            basemap.url,
            layers=basemap.wms_layers,
            fmt=basemap.wms_format,
            transparent=False,
            version="1.3.0",
            attr=attribution,
            name="basemap",
            overlay=False,
            control=False,
            max_zoom=19,
        ).add_to(m)
    else:
        folium.TileLayer(basemap.url, attr=attribution, max_zoom=19).add_to(m)


def new_map(bounds: tuple[float, float, float, float], *, basemap: Basemap = NO_BASEMAP) -> folium.Map:
    """An empty map fitted to ``bounds`` = (min_lon, min_lat, max_lon, max_lat), without tiles by default."""
    min_lon, min_lat, max_lon, max_lat = bounds
    m = folium.Map(
        location=[(min_lat + max_lat) / 2, (min_lon + max_lon) / 2],
        tiles=None,
        max_zoom=19,
        min_zoom=4,
        zoom_start=12,
        control_scale=False,  # folium's scale adds miles; _Readable adds a metric one
    )
    # folium hands max_zoom/min_zoom only to a tile layer it creates; with no tiles the map itself must carry
    # them, or Leaflet.markercluster stops with "Map has no maxZoom specified" and the map never draws.
    m.options["max_zoom"] = 19
    m.options["min_zoom"] = 4
    # Fitted without animation, before any tile layer: a basemap then asks only for the tiles of the view
    # shown, not also for those of zoom_start while an animated zoom runs.
    fit = FitBounds([[min_lat, min_lon], [max_lat, max_lon]])
    fit.options["animate"] = False
    m.add_child(fit)
    _add_basemap(m, basemap)
    _Readable().add_to(m)
    root: Any = m.get_root()
    root.header.add_child(folium.Element(_MAP_CSS), name="est_map_css")
    return m


# How the maps read without a basemap: area names as labels with a white halo (no box, no arrow), hover
# tooltips that wrap long text instead of running off the map.
_MAP_CSS = """<style>
.leaflet-tooltip.est-area-label {
  background: transparent; border: 0; box-shadow: none; padding: 0; color: #1a1a1a;
  font: 600 12px/1.2 "Source Sans Pro", system-ui, sans-serif; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff, 0 0 5px #fff;
}
.leaflet-tooltip.est-area-label::before { display: none; }
.leaflet-tooltip { white-space: normal; max-width: 18rem; }
</style>"""


class _Readable(MacroElement):
    """A metric-only scale, and hover tooltips kept inside the map.

    folium's ``control_scale`` shows miles and feet too; Leaflet's own control is asked for metres only.
    A tooltip that would cross the map's edge (the map clips it) is moved back inside; labels
    (permanent tooltips) stay where their area is.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true, maxWidth: 150}).addTo({{ this._parent.get_name() }});
        (function () {
            if (L.Tooltip.prototype._estInside) { return; }
            var place = L.Tooltip.prototype._setPosition;
            L.Tooltip.prototype._setPosition = function (pos) {
                place.call(this, pos);
                var map = this._map, el = this._container;
                if (!map || !el || this.options.permanent) { return; }
                var size = map.getSize();
                var at = map.layerPointToContainerPoint(L.DomUtil.getPosition(el));
                var x = Math.max(0, Math.min(at.x, size.x - el.offsetWidth));
                var y = Math.max(0, Math.min(at.y, size.y - el.offsetHeight));
                if (x !== at.x || y !== at.y) {
                    L.DomUtil.setPosition(el, map.containerPointToLayerPoint([x, y]));
                }
            };
            L.Tooltip.prototype._estInside = true;
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "EstReadable"


class _AreaLabels(MacroElement):
    """Area names as permanent labels (visible without hover, so on touch screens too).

    ``rows`` are ``[lat, lon, escaped name]`` at each area's label point, largest area first. Where labels
    would overlap, the smaller area's label is hidden until zooming in makes room (checked after every zoom),
    so 290 kommuner stay readable and 15 bostadsområden all show.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            // Their own pane: above the areas (400), below points and clusters (600) and hover tooltips (650).
            var pane = map.createPane('estAreaLabels');
            pane.style.zIndex = 450;
            pane.style.pointerEvents = 'none';
            var labels = {{ this.rows|tojson }}.map(function (r) {
                return L.tooltip({
                    permanent: true, direction: 'center', className: 'est-area-label', opacity: 1,
                    pane: 'estAreaLabels', offset: [0, -{{ this.lift }}]
                }).setLatLng([r[0], r[1]]).setContent(r[2]);
            });
            L.layerGroup(labels).addTo(map);
            function declutter() {
                var kept = [];
                labels.forEach(function (label) {
                    var el = label.getElement();
                    if (!el) { return; }
                    var p = map.latLngToContainerPoint(label.getLatLng()).subtract([0, {{ this.lift }}]);
                    var w = el.offsetWidth / 2 + 3, h = el.offsetHeight / 2 + 1;
                    var box = [p.x - w, p.y - h, p.x + w, p.y + h];
                    var clash = kept.some(function (b) {
                        return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
                    });
                    el.style.visibility = clash ? 'hidden' : '';
                    if (!clash) { kept.push(box); }
                });
            }
            // A label is centred on its width when placed; streamlit-folium loads leaflet.css without
            // waiting, so the first widths can be wrong. Whenever a label's or the map's size changes,
            // place the labels again and thin them out (once per frame).
            function relayout() {
                labels.forEach(function (label) { if (label.getElement()) { label.update(); } });
                declutter();
            }
            var pending = false;
            function schedule() {
                if (pending) { return; }
                pending = true;
                window.requestAnimationFrame(function () { pending = false; relayout(); });
            }
            map.on('zoomend', declutter);
            map.on('resize', schedule);
            if (window.ResizeObserver) {
                var sizes = new ResizeObserver(schedule);
                sizes.observe(map.getContainer());
                labels.forEach(function (label) { if (label.getElement()) { sizes.observe(label.getElement()); } });
            }
            map.whenReady(schedule);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list[Any]], lift: int = 0) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "EstAreaLabels"
        self.rows = rows
        self.lift = int(lift)


def _label_rows(features: list[Mapping[str, Any]]) -> list[list[Any]]:
    """``[lat, lon, escaped name]`` per named area at a point well inside it, largest area first.

    The point is the pole of inaccessibility of the area's largest part (``shapely.ops.polylabel``), where a
    label sits furthest from the edges; an invalid or degenerate ring falls back to a point on its surface.
    """
    from shapely.geometry import shape
    from shapely.ops import polylabel

    found: list[tuple[float, list[Any]]] = []
    for feature in features:
        name = str(feature.get("properties", {}).get("name") or "")
        if not name or not feature.get("geometry"):
            continue
        geometry = shape(feature["geometry"])
        part = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        min_x, min_y, max_x, max_y = part.bounds
        tolerance = max(max_x - min_x, max_y - min_y) / 40  # 2.5 % of the area: close enough, 2× faster
        point = polylabel(part, tolerance=tolerance) if part.is_valid and tolerance > 0 else part.representative_point()
        found.append((geometry.area, [round(point.y, 6), round(point.x, 6), html.escape(name)]))
    found.sort(key=lambda item: -item[0])
    return [row for _area, row in found]


def _add_area_labels(m: folium.Map, features: list[Mapping[str, Any]], *, lift: int = 0) -> None:
    """Label every named area of ``features`` (GeoJSON features with a ``name``) on ``m``, ``lift`` px higher."""
    rows = _label_rows(features)
    if rows:
        _AreaLabels(rows, lift).add_to(m)


def choropleth_map(
    geojson: Mapping[str, Any],
    values: Mapping[str, float | None],
    classes: tuple[ColourClass, ...],
    *,
    value_label: str,
    format_value: Any = str,
    bounds: tuple[float, float, float, float],
    basemap: Basemap = NO_BASEMAP,
    value_texts: Mapping[str, str] | None = None,
    focus: Collection[str] | None = None,
    other_text: str = "",
) -> folium.Map:
    """A map of the areas coloured by ``values`` (area code → value) in fixed ``classes``.

    Area names and values are escaped and put in each feature's properties for the tooltip; the style is
    precomputed per feature so the payload holds one colour per area, not a Python style function per call.
    ``value_texts`` (area code → text) replaces the formatted value in the tooltip where given. With
    ``focus`` (the codes a filter selected), every other area is grey (:data:`OTHER_AREA_COLOUR`) with
    ``other_text`` as its tooltip value, never white like an area without incidents.
    """
    m = new_map(bounds, basemap=basemap)
    features = []
    for feature in geojson.get("features", []):
        props = feature.get("properties", {})
        code = str(props.get("code"))
        value = values.get(code)
        other = focus is not None and code not in focus
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": html.escape(code),
                    "name": html.escape(str(props.get("name", ""))),
                    "value": html.escape(
                        other_text
                        if other
                        else (value_texts or {}).get(code) or (format_value(value) if value is not None else "0")
                    ),
                    "fill": OTHER_AREA_COLOUR if other else fill_colour(value, classes),
                    "opacity": 0.5 if other else 0.75,
                },
            }
        )
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=value_label,
        style_function=_style,
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value"], aliases=["", html.escape(value_label)], labels=True, sticky=True
        ),
    )
    layer.add_to(m)
    _add_area_labels(m, list(geojson.get("features", [])))
    return localize_assets(m)


def _style(feature: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "fillColor": feature["properties"]["fill"],
        "color": "#333333",
        "weight": 1,
        "fillOpacity": feature["properties"]["opacity"],
    }


_LOCAL_JS = {
    "leaflet": vendor_url("leaflet", "dist/leaflet.js"),
    "jquery": vendor_url("jquery", "dist/jquery.min.js"),
    "markerclusterjs": vendor_url("leaflet.markercluster", "dist/leaflet.markercluster.js"),
    "leaflet-heat.js": vendor_url("leaflet.heat", "dist/leaflet-heat.js"),
}
_LOCAL_CSS = {
    "leaflet_css": vendor_url("leaflet", "dist/leaflet.css"),
    "markerclustercss": vendor_url("leaflet.markercluster", "dist/MarkerCluster.css"),
    "markerclusterdefaultcss": vendor_url("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
}
_IMAGE_PATH = vendor_url("leaflet", "dist/leaflet.js").rsplit("/", 1)[0] + "/images/"


def localize_assets(m: folium.Map) -> folium.Map:
    """Point every element of ``m`` at the app's local JS/CSS, dropping what the maps do not use.

    Raises
    ------
    KeyError
        When an element asks for an asset that is not served locally (so it cannot silently go to a CDN).
    """
    for element in _walk(m):
        for attribute, local in (("default_js", _LOCAL_JS), ("default_css", _LOCAL_CSS)):
            wanted = getattr(element, attribute, None)
            if not wanted:
                continue
            kept = []
            for name, _url in wanted:
                if name in local:
                    kept.append((name, local[name]))
                elif name in _DROPPED:
                    continue
                else:
                    raise KeyError(f"{type(element).__name__} needs '{name}', which is not served locally")
            setattr(element, attribute, kept)
    root: Any = m.get_root()
    root.header.add_child(
        folium.Element(f"<script>if (window.L) {{ L.Icon.Default.imagePath = '{_IMAGE_PATH}'; }}</script>"),
        name="est_icon_path",
    )
    return m


_DROPPED = frozenset(
    {
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)


def _walk(element: Any) -> list[Any]:
    found = [element]
    for child in getattr(element, "_children", {}).values():
        found.extend(_walk(child))
    return found


POINT_COLOUR = "#d95f02"
_HEX_OPACITY = 0.7
#: How leaflet.markercluster colours a cluster by the reports in it (MarkerCluster.Default.css, the inner
#: disc): (fewest, most or None, colour). The incident map's key shows the same values.
CLUSTER_COLOURS: tuple[tuple[int, int | None, str], ...] = (
    (2, 9, "rgba(110, 204, 57, 0.6)"),
    (10, 99, "rgba(240, 194, 12, 0.6)"),
    (100, None, "rgba(241, 128, 23, 0.6)"),
)
#: The heat layer's colour ramp (leaflet.heat's own, set explicitly so the key cannot drift from it):
#: relative density → colour; below 0.4 the layer fades out.
HEAT_GRADIENT: dict[float, str] = {0.4: "blue", 0.6: "cyan", 0.7: "lime", 0.8: "yellow", 1.0: "red"}


def heat_key() -> str:
    """The heat layer's ramp as a CSS background for a legend swatch (transparent to red, left to right)."""
    stops = ", ".join(f"{colour} {round(at * 100)}%" for at, colour in HEAT_GRADIENT.items())
    return f"linear-gradient(to right, rgba(0, 0, 255, 0.15) 0%, {stops})"


def _point_callback(categories: list[str], sources: list[str]) -> str:
    """The FastMarkerCluster callback: a circle marker with a popup built from pre-escaped texts.

    Rows are ``[lat, lon, category index, time, source index, description]``; every text was HTML-escaped
    in Python, and the label lists are JSON with ``<`` escaped, so nothing can close the script.
    """
    cats = json.dumps(categories, ensure_ascii=False).replace("<", "\\u003c")
    srcs = json.dumps(sources, ensure_ascii=False).replace("<", "\\u003c")
    return (
        "(function () { var cats = " + cats + "; var srcs = " + srcs + "; "
        "return function (row) { "
        "var m = L.circleMarker(new L.LatLng(row[0], row[1]), "
        f"{{radius: 6, color: '#333333', weight: 1, fillColor: '{POINT_COLOUR}', fillOpacity: 0.85}}); "
        "m.bindPopup('<strong>' + cats[row[2]] + '</strong><br>' + row[3] + '<br>' + srcs[row[4]] + "
        "(row[5] ? '<br>' + row[5] : '')); return m; }; })()"
    )


def incident_map(
    shapes: Mapping[str, Any],
    bounds: tuple[float, float, float, float],
    *,
    points: list[list[Any]] | None = None,
    categories: list[str] | None = None,
    sources: list[str] | None = None,
    hexes: list[tuple[list[list[float]], float, str]] | None = None,
    hex_classes: tuple[ColourClass, ...] = COUNT_CLASSES,
    heat: list[list[float]] | None = None,
    area_label: str = "",
    basemap: Basemap = NO_BASEMAP,
    focus: Collection[str] | None = None,
    other_text: str = "",
) -> folium.Map:
    """The incident map: area outlines as the base, then clustered points, hexagons and/or a heat layer.

    Parameters
    ----------
    shapes
        The area set's GeoJSON (properties ``code``, ``name``); drawn as outlines with a name tooltip.
    points
        Rows ``[lat, lon, category index, time text, source index, description]`` with every text already
        HTML-escaped; clustered client-side (FastMarkerCluster with circle markers).
    categories, sources
        Escaped labels the point rows index into.
    hexes
        ``(ring, count, tooltip text)`` per hexagon; ``ring`` is a closed list of ``[lon, lat]``.
    hex_classes
        Fixed colour classes for the hexagon counts.
    heat
        ``[lat, lon, weight]`` rows for an optional heat layer.
    focus, other_text
        As in :func:`choropleth_map`: the codes a filter selected; every other area is grey
        (:data:`OTHER_AREA_COLOUR`) with ``other_text`` under its name in the tooltip.
    """
    from folium.plugins import FastMarkerCluster, HeatMap

    m = new_map(bounds, basemap=basemap)
    outlines: dict[bool, list[dict[str, Any]]] = {False: [], True: []}  # other (not selected) → features
    for f in shapes.get("features", []):
        props = f.get("properties", {})
        other = focus is not None and str(props.get("code")) not in focus
        outlines[other].append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"name": html.escape(str(props.get("name", "")))}
                | ({"note": html.escape(other_text)} if other else {}),
            }
        )
    for other, features in outlines.items():
        if not features:
            continue
        fill, opacity = (OTHER_AREA_COLOUR, 0.5) if other else (ZERO_COLOUR, 0.15)
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=html.escape(area_label or "areas"),
            style_function=lambda _f, fill=fill, opacity=opacity: {
                "color": "#555555",
                "weight": 1,
                "fillColor": fill,
                "fillOpacity": opacity,
            },
            tooltip=folium.GeoJsonTooltip(fields=["name", "note"] if other else ["name"], labels=False, sticky=True),
        ).add_to(m)
    if shapes.get("features"):
        # Names sit a little above the area's middle: room there for a count badge (add_area_counts).
        _add_area_labels(m, list(shapes.get("features", [])), lift=22)
    if hexes:
        features = []
        for ring, count, tip in hexes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {"fill": fill_colour(count, hex_classes), "tip": html.escape(tip)},
                }
            )
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name="hexagons",
            style_function=lambda f: {
                "fillColor": f["properties"]["fill"],
                "color": "#333333",
                "weight": 0.5,
                "fillOpacity": _HEX_OPACITY,
            },
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        ).add_to(m)
    if points:
        # Clustered in one go, never with ``chunkedLoading``: leaflet.markercluster 1.1.0 computes the clusters'
        # bounds only after its last chunk, so a ``moveend`` between chunks (the map's width changing while the
        # page lays out or is left, on a busy machine) threw "Cannot read properties of undefined (reading 'lat')"
        # in LatLngBounds.intersects. At most POINT_LIMIT points come here; one pass over them is short.
        FastMarkerCluster(  # type: ignore[no-untyped-call]
            points,
            callback=_point_callback(categories or [], sources or []),
            name="points",
            options={"maxClusterRadius": 50},
        ).add_to(m)
    if heat:
        layer = HeatMap(  # type: ignore[no-untyped-call]
            heat, name="heat", radius=18, blur=15, min_opacity=0.3, gradient=HEAT_GRADIENT
        )
        layer.add_to(m)
    return localize_assets(m)


def add_area_counts(m: folium.Map, counts: list[tuple[float, float, str, str]]) -> folium.Map:
    """Label areas with a count: incidents that have an area but no coordinates, drawn at a point inside it.

    Parameters
    ----------
    m
        A map from :func:`incident_map` (or :func:`new_map`).
    counts
        ``(lat, lon, count text, tooltip text)`` per area; the texts are escaped here.
    """
    for lat, lon, label, tip in counts:
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=(
                    '<div class="est-area-count" style="display:inline-block;min-width:28px;padding:2px 7px;'
                    "background:#ffffff;color:#111111;border:2px solid #333333;border-radius:14px;"
                    'font:600 14px/18px sans-serif;text-align:center;white-space:nowrap">'
                    f"{html.escape(label)}</div>"
                ),
                icon_size=(44, 26),
                icon_anchor=(22, 13),
                class_name="est-area-count-icon",
            ),
            tooltip=html.escape(tip),
        ).add_to(m)
    return localize_assets(m)
