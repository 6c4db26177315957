"""Static images for documents: the area map, the weekly trend and the weekday × hour chart as PNG.

Who calls it: the PDF reports (:mod:`est.meeting.reports`) and the meeting's frozen map image
(:mod:`est.meeting.meetings`). The charts are Altair specifications rendered by vl-convert with the DejaVu
fonts the app ships, so å, ä and ö render on any machine and nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from est.i18n import Lang, t
from est.picture.maps import COUNT_CLASSES, ZERO_COLOUR, fill_colour, legend_items, period_classes

__all__ = ["choropleth_png", "count_colours", "fonts_dir", "hours_png", "trend_png"]

_WEEKDAYS_SV = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def fonts_dir() -> Path:
    """The folder of the DejaVu fonts the app ships (the PDFs and the chart images use them)."""
    return Path(str(resources.files("est.resources"))) / "fonts"


@cache
def _vl() -> Any:
    import vl_convert as vlc

    vlc.register_font_directory(str(fonts_dir()))
    return vlc


def _png(spec: dict[str, Any]) -> bytes:
    spec.setdefault("config", {})
    spec["config"].update({"font": "DejaVu Sans", "background": "white"})
    return bytes(_vl().vegalite_to_png(spec, scale=2))


def _data(values: list[dict[str, Any]]) -> Any:
    import altair as alt

    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def choropleth_png(
    shapes: Mapping[str, Any],
    counts: Mapping[str, int | None],
    width: int = 520,
    height: int = 380,
    *,
    days: int = 7,
    lang: Lang = "sv",
    suppressed_below: int | None = None,
) -> bytes:
    """A PNG map of the areas coloured by count (the meeting's map image, also frozen with a closed meeting).

    The colours and legend are the screen's and the PDF's: the count classes for a period of ``days`` days
    (:func:`est.picture.maps.period_classes`), so an area with 1 incident is never white like one with none.

    Parameters
    ----------
    shapes
        GeoJSON FeatureCollection with ``code`` and ``name`` properties (WGS84).
    counts
        Count per area code; None is a count blanked for outside the group (below ``suppressed_below``).
    """
    import altair as alt

    colours, legend = count_colours(counts, days, lang, suppressed_below=suppressed_below)
    label_of = {colour: label for colour, label in legend}
    features = [
        {
            "type": "Feature",
            "geometry": _clockwise(f["geometry"]),
            "properties": {**f["properties"], "class": label_of[colours.get(f["properties"]["code"], ZERO_COLOUR)]},
        }
        for f in shapes.get("features", [])
    ]
    if not features:
        features = [{"type": "Feature", "properties": {"code": "", "name": "", "class": "0"}, "geometry": None}]
    scale = alt.Scale(domain=[label for _c, label in legend], range=[colour for colour, _l in legend])
    chart = (
        alt.Chart(_data(features))
        .mark_geoshape(stroke="#555555", strokeWidth=0.5, opacity=1)
        .encode(color=alt.Color("properties.class:N", title=t("report.legend", lang), scale=scale, sort=None))
        .project("mercator")
        .properties(width=width, height=height)
    )
    return _png(chart.to_dict())


def _clockwise(geometry: Mapping[str, Any] | None) -> Any:
    """``geometry`` with clockwise outer rings, the order Vega's (d3's) spherical geometry reads as "inside".

    GeoJSON (RFC 7946) and shapely write outer rings counter-clockwise; d3 reads such a ring as the whole
    globe minus the area, which paints the entire map in one colour.
    """
    if not geometry:
        return geometry
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    found = shape(geometry)
    if found.geom_type == "Polygon":
        return mapping(orient(found, sign=-1.0))
    if found.geom_type == "MultiPolygon":
        from shapely.geometry import MultiPolygon

        return mapping(MultiPolygon([orient(part, sign=-1.0) for part in found.geoms]))
    return geometry


def trend_png(trend: list[dict[str, Any]], lang: Lang = "sv", incomplete: Collection[str] = ()) -> bytes:
    """A bar chart of incidents per ISO week (PNG); the weeks in ``incomplete`` are pale, with a legend."""
    import altair as alt

    whole, partial = t("analysis.complete.week", lang), t("analysis.incomplete.week", lang)
    values = [
        {"week": r["week_start"], "count": r["count"], "state": partial if r["week_start"] in incomplete else whole}
        for r in trend
    ]
    states = [whole, partial] if incomplete else [whole]
    chart = (
        alt.Chart(_data(values))
        .mark_bar()
        .encode(
            x=alt.X("week:O", title=t("report.week_start", lang), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("count:Q", title=t("common.incidents", lang)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(domain=states, range=["#d95f0e", "#fdbe85"][: len(states)]),
                legend=alt.Legend(orient="top") if incomplete else None,
            ),
        )
        .properties(width=460, height=170, title=t("report.trend_title", lang))
    )
    return _png(chart.to_dict())


def hours_png(hours: list[dict[str, Any]], lang: Lang = "sv") -> bytes:
    """A weekday × hour heat map of the period's incidents (PNG)."""
    import altair as alt

    names = _WEEKDAYS_SV if lang == "sv" else _WEEKDAYS_EN
    found = {(r["weekday"], r["hour"]): r["count"] for r in hours}
    values = [
        {"day": names[d - 1], "order": d, "hour": h, "count": found.get((d, h), 0)}
        for d in range(1, 8)
        for h in range(24)
    ]
    chart = (
        alt.Chart(_data(values))
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title=t("report.hour", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("day:O", title="", sort=list(names)),
            color=alt.Color("count:Q", title="", scale=alt.Scale(scheme="orangered")),
        )
        .properties(width=460, height=150, title=t("report.hours_title", lang))
    )
    return _png(chart.to_dict())


#: The fill of an area whose count is blanked for outside the group (hatch-free grey, unlike any class).
_BLANKED_COLOUR = "#cfcfcf"


def count_colours(
    counts: Mapping[str, int | None], days: int, lang: Lang, *, suppressed_below: int | None = None
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Fill per area code and the legend for counts over ``days`` days, in the screen's classes.

    A count blanked for outside the group (None: 1 … n − 1) gets its own grey and a ``<n`` legend entry:
    no class may tell which.
    """
    classes = period_classes(COUNT_CLASSES, days)
    colours = {code: _BLANKED_COLOUR if n is None else fill_colour(float(n), classes) for code, n in counts.items()}
    legend = legend_items(classes, lang=lang)
    if suppressed_below:
        legend.insert(1, (_BLANKED_COLOUR, f"<{suppressed_below}"))
    return colours, legend
