"""The meeting map: the areas filled by their status (grön/gul/röd), named on the map, with a key.

Who calls it: the meeting screen (``est.ui.meeting_views``), which shows the drawing as it is.

The map is one SVG drawing, made here from the view's area shapes, so it needs no map library, fetches
nothing, looks the same for a live and a frozen (closed) meeting, and can be read from across a room:

* each status has a colour *and* a fill pattern (green solid, yellow striped, red cross-hatched, no status
  white), so it reads without colour too, and the key repeats the status shape (● ▲ ■) and word;
* every area carries its name as a permanent label (a white halo keeps it legible over any fill); with
  more than ``label_all_up_to`` areas only the areas with a status are named;
* names come from area files and are escaped.

The projection is plain longitude × cos(latitude) against latitude, which is accurate enough for the
few kilometres of one kommun.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from est.i18n import Lang, t
from est.meeting.meetings import STATUS_COLOURS, status_label

if TYPE_CHECKING:
    from est.meeting.meetings import MeetingView

__all__ = ["status_map_svg"]

_MAP_WIDTH = 620.0
_KEY_WIDTH = 230.0
_MAX_HEIGHT = 520.0
_MIN_HEIGHT = 300.0
_PAD = 12.0
_FONT = "DejaVu Sans, Verdana, sans-serif"
#: The pattern of each status (``none``: no status yet): the fill reads without its colour.
_PATTERNS = {
    "gron": f'<rect width="10" height="10" fill="{STATUS_COLOURS["gron"]}"/>',
    "gul": (
        f'<rect width="10" height="10" fill="{STATUS_COLOURS["gul"]}"/>'
        '<line x1="0" y1="0" x2="0" y2="10" stroke="#7a5c00" stroke-width="3"/>'
    ),
    "rod": (
        f'<rect width="10" height="10" fill="{STATUS_COLOURS["rod"]}"/>'
        '<line x1="0" y1="0" x2="0" y2="10" stroke="#5c0a05" stroke-width="2"/>'
        '<line x1="0" y1="0" x2="10" y2="0" stroke="#5c0a05" stroke-width="2"/>'
    ),
    "none": '<rect width="10" height="10" fill="#ffffff"/>',
}
_KEY_ORDER = ("rod", "gul", "gron", None)


def _polygons(geometry: Mapping[str, Any] | None) -> Iterator[list[list[list[float]]]]:
    """Each polygon of a GeoJSON (Multi)Polygon as its rings (outer ring first)."""
    if not geometry:
        return
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def _label_point(geometry: Mapping[str, Any]) -> tuple[float, float] | None:
    """A point inside the area (its largest part's representative point), where its name is written."""
    from shapely.geometry import shape

    try:
        found = shape(geometry)
        parts = list(getattr(found, "geoms", [found]))
        point = max(parts, key=lambda p: p.area).representative_point()
    except (ValueError, TypeError, AttributeError):  # an empty or broken shape: no label rather than no map
        return None
    return float(point.x), float(point.y)


def _number(value: float) -> str:
    return f"{value:.1f}"


def status_map_svg(view: MeetingView, lang: Lang = "sv", *, label_all_up_to: int = 40) -> str:
    """The areas of ``view`` coloured and patterned by status, with their names and a key, as SVG.

    Parameters
    ----------
    view
        A live or frozen meeting view (its ``shapes`` and each area's ``status``).
    lang
        ``sv`` or ``en`` for the key.
    label_all_up_to
        Name every area when the set has at most this many; above it only the areas with a status.

    Returns
    -------
    str
        One ``<svg>`` element with its size in pixels and a ``viewBox`` (shown as an image, it scales).
    """
    status = {a["code"]: a["status"] for a in view.areas}
    features = [f for f in view.shapes.get("features", []) if f.get("geometry")]
    points = [p for f in features for poly in _polygons(f["geometry"]) for ring in poly[:1] for p in ring]
    height = _MAX_HEIGHT
    project = None
    if points:
        min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
        min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
        squash = math.cos(math.radians((min_y + max_y) / 2))
        span_x, span_y = max((max_x - min_x) * squash, 1e-9), max(max_y - min_y, 1e-9)
        scale = min((_MAP_WIDTH - 2 * _PAD) / span_x, (_MAX_HEIGHT - 2 * _PAD) / span_y)
        height = max(_MIN_HEIGHT, span_y * scale + 2 * _PAD)
        off_x = (_MAP_WIDTH - span_x * scale) / 2
        off_y = (height - span_y * scale) / 2

        def project(x: float, y: float) -> tuple[float, float]:
            return off_x + (x - min_x) * squash * scale, off_y + (max_y - y) * scale

    width = _MAP_WIDTH + _KEY_WIDTH
    title = escape(t("meeting.map_title", lang))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_number(width)} {_number(height)}" '
        f'width="{_number(width)}" height="{_number(height)}" '
        f'role="img" aria-label="{title}" font-family="{_FONT}">',
        "<defs>",
        *(
            f'<pattern id="est-status-{key}" patternUnits="userSpaceOnUse" width="10" height="10" '
            f'patternTransform="rotate(45)">{body}</pattern>'
            for key, body in _PATTERNS.items()
        ),
        "</defs>",
    ]
    labels: list[str] = []
    many = len(features) > label_all_up_to
    for feature in features:
        code, name = feature["properties"]["code"], str(feature["properties"]["name"])
        own = status.get(code)
        fill = f"url(#est-status-{own or 'none'})"
        if project is not None:
            d = " ".join(
                "M " + " L ".join(f"{_number(px)} {_number(py)}" for px, py in (project(*p[:2]) for p in ring)) + " Z"
                for poly in _polygons(feature["geometry"])
                for ring in poly
            )
            hover = escape(f"{name}: {status_label(own, lang)}")
            parts.append(
                f'<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#333333" stroke-width="1.2">'
                f"<title>{hover}</title></path>"
            )
        point = _label_point(feature["geometry"]) if project is not None and (own or not many) else None
        if point is not None and project is not None:
            lx, ly = project(*point)
            at = f'x="{_number(lx)}" y="{_number(ly + 5)}" text-anchor="middle" font-size="15" font-weight="bold"'
            labels.append(  # a white halo under the name keeps it legible over stripes and hatching
                f'<text {at} class="est-halo" aria-hidden="true" fill="#ffffff" stroke="#ffffff" '
                f'stroke-width="4" stroke-linejoin="round">{escape(name)}</text>'
                f'<text {at} class="est-label" fill="#111111">{escape(name)}</text>'
            )
    parts.extend(labels)
    parts.extend(_key(status, lang))
    parts.append("</svg>")
    return "".join(parts)


def _key(status: Mapping[str, str | None], lang: Lang) -> list[str]:
    """The key to the right of the map: a swatch with the status's fill, its shape and word, and how many areas."""
    x = _MAP_WIDTH + 16
    out = [
        f'<text x="{_number(x)}" y="34" font-size="17" font-weight="bold" class="est-key-title">'
        f"{escape(t('meeting.status', lang))}</text>"
    ]
    for i, code in enumerate(_KEY_ORDER):
        y = 52 + i * 40
        n = sum(1 for s in status.values() if s == code)
        out.append(
            f'<rect x="{_number(x)}" y="{y}" width="34" height="26" fill="url(#est-status-{code or "none"})" '
            'stroke="#333333" stroke-width="1.2"/>'
            f'<text x="{_number(x + 44)}" y="{y + 19}" font-size="17" class="est-key">'
            f"{escape(status_label(code, lang))} ({n})</text>"
        )
    return out
