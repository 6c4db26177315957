"""Quick field reports from a phone (nattvandrare, väktare, trygghetsvandringar) and walk sessions.

Who calls it: the Quick report page (``pages/faltrapport.py``) and, for reporting effort, the analysis
pages (:func:`walk_effort`).

A field report is an ordinary incident: it is inserted into ``incidents`` (with its own one-row import
batch, so it can be traced and undone like any import), assigned to every area set by the same spatial
join as imports, and audited. ``field_reports`` adds how it was made (walk, position source) and a
client token: the page makes one token per filled-in form, so pressing "save" twice, or retrying after a
failed save, never creates two reports. Free text is masked for personal data before it is stored.

Walk sessions (start/stop) record reporting effort per area: the route areas chosen at the start plus the
areas of the reports made during the walk. Trygghetsvandringar (kommun staff walking an area with
residents) report only ``otrygg_plats.*`` findings, which the action register can take up.
"""

from __future__ import annotations

import contextlib
import html
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import folium
from branca.element import MacroElement
from jinja2 import Template

from est.access.audit import record
from est.access.auth import Permission, Viewer, require
from est.access.privacy import mask_text
from est.areas.sets import assign_incidents, default_area_set
from est.errors import DatabaseBusyError, EstError, PermissionDeniedError
from est.intake.dedup import link_incident
from est.picture.maps import localize_assets, new_map

if TYPE_CHECKING:
    import pandas as pd

    from est.periods import Period
    from est.store import Reader, Store, Writer

__all__ = [
    "KINDS",
    "QUICK_CATEGORIES",
    "FieldReport",
    "FormContext",
    "OpenWalk",
    "SavedReport",
    "field_map",
    "form_context",
    "new_token",
    "open_walk",
    "parse_position",
    "quick_categories",
    "save_field_report",
    "start_walk",
    "stop_walk",
    "walk_effort",
]

_TZ = ZoneInfo("Europe/Stockholm")

#: Report kinds and the source kind their reports carry.
KINDS: dict[str, str] = {"nattvandring": "nattvandrare", "vaktrunda": "vaktare", "trygghetsvandring": "kommun"}

#: A short list per kind (large buttons on a phone); codes must exist in ``categories``.
QUICK_CATEGORIES: dict[str, tuple[str, ...]] = {
    "nattvandring": (
        "samling.utomhus",
        "samling.trapphus",
        "ordning.brak",
        "skadegorelse.klotter",
        "skadegorelse.glaskross",
        "skadegorelse.brand",
        "ordning.narkotika",
        "ordning.trafik",
        "otrygg_plats.belysning",
        "otrygg_plats.nedskrapning",
    ),
    "trygghetsvandring": (
        "otrygg_plats.belysning",
        "otrygg_plats.vegetation",
        "otrygg_plats.nedskrapning",
        "otrygg_plats",
    ),
}
QUICK_CATEGORIES["vaktrunda"] = QUICK_CATEGORIES["nattvandring"]

# Sweden's extent (with a margin): a point outside is a typing or map mistake.
_SWEDEN = (10.0, 55.0, 24.5, 69.5)  # min_lon, min_lat, max_lon, max_lat
_MAX_TEXT = 1000
_POSITION = re.compile(r"^\s*(-?\d{1,2}(?:[.,]\d+)?)\s*[,;/ ]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$")


def new_token() -> str:
    """A fresh client token for one filled-in form."""
    return uuid.uuid4().hex


def parse_position(text: str) -> tuple[float, float]:
    """Parse a typed or pasted position ``"63.1775, 14.6370"`` (latitude, longitude; WGS84).

    Raises
    ------
    EstError
        When the text is not two numbers, or the point is outside Sweden (latitude and longitude swapped?).

    Examples
    --------
    >>> parse_position("63.1775, 14.637")
    (63.1775, 14.637)
    >>> parse_position("63,1775 14,637")
    (63.1775, 14.637)
    """
    match = _POSITION.match(text or "")
    if not match:
        raise EstError(
            f"'{text}' is not a position; write latitude, longitude like 63.1775, 14.6370",
            sv=f"'{text}' är ingen position; skriv latitud, longitud som 63.1775, 14.6370",
        )
    lat, lon = (float(match.group(i).replace(",", ".")) for i in (1, 2))
    _check_in_sweden(lat, lon)
    return lat, lon


def _check_in_sweden(lat: float, lon: float) -> None:
    min_lon, min_lat, max_lon, max_lat = _SWEDEN
    if min_lat <= lon <= max_lat and min_lon <= lat <= max_lon:
        raise EstError(
            f"the position {lat}, {lon} looks swapped; write latitude first: {lon}, {lat}",
            sv=f"positionen {lat}, {lon} ser omkastad ut; skriv latituden först: {lon}, {lat}",
        )
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
        raise EstError(
            f"the position {lat}, {lon} is outside Sweden; tap the map or check the numbers",
            sv=f"positionen {lat}, {lon} ligger utanför Sverige; tryck på kartan eller kontrollera siffrorna",
        )


def _organisation_for(viewer: Viewer, requested: int | None) -> int:
    """The organisation a viewer reports for: their own, or (with ``IMPORT_ANY_ORG``) the one chosen."""
    if requested is not None and requested != viewer.organisation_id:
        if not viewer.can(Permission.IMPORT_ANY_ORG):
            raise PermissionDeniedError(
                f"user '{viewer.user}' may report only for their own organisation ({viewer.organisation_id})",
                sv=f"användaren '{viewer.user}' får bara rapportera för sin egen organisation "
                f"({viewer.organisation_id})",
            )
        return requested
    if viewer.organisation_id is None:
        raise EstError(
            "choose the organisation you report for (or create it) before saving",
            sv="välj organisationen du rapporterar för (eller skapa den) innan du sparar",
        )
    return viewer.organisation_id


def _unknown_kind(kind: str) -> EstError:
    """The error for a report kind that is not one of :data:`KINDS`."""
    return EstError(
        f"unknown report kind '{kind}'; use one of: {', '.join(KINDS)}",
        sv=f"okänd rapporttyp '{kind}'; använd en av: {', '.join(KINDS)}",
    )


# -- categories -------------------------------------------------------------------------------------------


def quick_categories(reader: Reader, kind: str) -> list[tuple[str, str, str]]:
    """The short category list for ``kind``: ``(code, label_sv, label_en)`` in list order."""
    if kind not in KINDS:
        raise _unknown_kind(kind)
    codes = QUICK_CATEGORIES[kind]
    rows = {
        r[0]: (str(r[1]), str(r[2]))
        for r in reader.rows(
            "SELECT code, label_sv, label_en FROM categories WHERE list_contains(?, code)", [list(codes)]
        )
    }
    return [(code, *rows[code]) for code in codes if code in rows]


# -- walks ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenWalk:
    """A walk that has started and not stopped."""

    id: int
    kind: str
    started_at: datetime
    reports: int


def open_walk(reader: Reader, organisation_id: int, kind: str) -> OpenWalk | None:
    """The organisation's open walk of ``kind`` started in the last 24 hours, or None."""
    row = reader.row(
        "SELECT w.id, w.kind, w.started_at, (SELECT count(*) FROM field_reports f WHERE f.walk_id = w.id) "
        "FROM walks w WHERE w.organisation_id = ? AND w.kind = ? AND w.ended_at IS NULL "
        "AND w.started_at > current_timestamp - INTERVAL 24 HOUR ORDER BY w.started_at DESC LIMIT 1",
        [organisation_id, kind],
    )
    return None if row is None else OpenWalk(int(row[0]), str(row[1]), row[2], int(row[3]))


def start_walk(
    store: Store,
    viewer: Viewer,
    kind: str,
    *,
    organisation_id: int | None = None,
    area_codes: tuple[str, ...] = (),
    participants: int | None = None,
) -> int:
    """Start a walk (its route areas are codes of the default area set); returns the walk id."""
    require(viewer, Permission.IMPORT)
    if kind not in KINDS:
        raise _unknown_kind(kind)
    org = _organisation_for(viewer, organisation_id)
    with store.writing() as writer:
        area_set = default_area_set(writer)
        walk_id = writer.insert(
            "walks",
            {
                "organisation_id": org,
                "kind": kind,
                "started_by": viewer.user,
                "area_set_id": area_set.id if area_set else None,
                "participants": participants,
            },
        )
        if area_set and area_codes:
            writer.execute(
                "INSERT INTO walk_areas SELECT ?, id FROM areas WHERE area_set_id = ? AND list_contains(?, code)",
                [walk_id, area_set.id, list(area_codes)],
            )
        record(writer, viewer.user, "walk_start", target=f"walk {walk_id}", detail={"kind": kind, "organisation": org})
    return walk_id


def stop_walk(store: Store, viewer: Viewer, walk_id: int) -> None:
    """Stop a walk; its route gains the areas of the reports made during it."""
    require(viewer, Permission.IMPORT)
    with store.writing() as writer:
        row = writer.row("SELECT organisation_id, ended_at FROM walks WHERE id = ?", [walk_id])
        if row is None:
            raise EstError(f"walk {walk_id} not found", sv=f"vandringen {walk_id} finns inte")
        _organisation_for(viewer, int(row[0]))
        if row[1] is None:
            writer.execute("UPDATE walks SET ended_at = current_timestamp WHERE id = ?", [walk_id])
            record(writer, viewer.user, "walk_stop", target=f"walk {walk_id}")


def _add_report_areas(writer: Writer, walk_id: int) -> None:
    writer.execute(
        "INSERT INTO walk_areas SELECT DISTINCT f.walk_id, ia.area_id FROM field_reports f "
        "JOIN walks w ON w.id = f.walk_id "
        "JOIN incident_areas ia ON ia.incident_id = f.incident_id AND ia.area_set_id = w.area_set_id "
        "WHERE f.walk_id = ? AND ia.area_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM walk_areas x WHERE x.walk_id = f.walk_id AND x.area_id = ia.area_id)",
        [walk_id],
    )


def walk_effort(reader: Reader, area_set_id: int, period: Period) -> pd.DataFrame:
    """Reporting effort per area for the period: walks that covered it and reports made on them.

    Returns
    -------
    pandas.DataFrame
        ``code, name, walks, reports`` for every area of the set, most walked first.
    """
    return reader.df(
        "WITH w AS (SELECT id FROM walks WHERE started_at < CAST(? AS DATE)::TIMESTAMPTZ "
        "           AND coalesce(ended_at, started_at) >= CAST(? AS DATE)::TIMESTAMPTZ), "
        "route AS (SELECT DISTINCT wa.walk_id, wa.area_id FROM walk_areas wa JOIN w ON w.id = wa.walk_id), "
        "rep AS (SELECT ia.area_id, count(*) AS n FROM field_reports f JOIN w ON w.id = f.walk_id "
        "        JOIN incident_areas ia ON ia.incident_id = f.incident_id AND ia.area_set_id = ? GROUP BY 1) "
        "SELECT a.code, a.name, count(DISTINCT route.walk_id) AS walks, coalesce(max(rep.n), 0) AS reports "
        "FROM areas a LEFT JOIN route ON route.area_id = a.id LEFT JOIN rep ON rep.area_id = a.id "
        "WHERE a.area_set_id = ? GROUP BY a.code, a.name ORDER BY walks DESC, a.name",
        [period.end.isoformat(), period.start.isoformat(), area_set_id, area_set_id],
    )


# -- saving a report --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldReport:
    """What the form holds when "save" is pressed."""

    kind: str
    category_code: str
    lat: float
    lon: float
    occurred_at: datetime  # local time (naive = Europe/Stockholm)
    client_token: str
    text: str = ""
    position_source: str = "map"
    accuracy_m: float | None = None  # how precise the phone's own position was ("my position")
    walk_id: int | None = None
    organisation_id: int | None = None

    @classmethod
    def from_form(
        cls,
        *,
        now: bool,
        day: date | None = None,
        clock: time | None = None,
        **values: Any,
    ) -> FieldReport:
        """Build a report from the form: the time is now, or the chosen day and clock time (local)."""
        if now or day is None:
            occurred = datetime.now(_TZ).replace(second=0, microsecond=0, tzinfo=None)
        else:
            occurred = datetime.combine(day, clock or time(0, 0))
        return cls(occurred_at=occurred, **values)


@dataclass(frozen=True)
class SavedReport:
    """The stored report: its incident id, what was masked in the text, and the area it fell in."""

    incident_id: int
    masked: tuple[str, ...]
    area_name: str | None
    already_saved: bool = False


def save_field_report(store: Store, viewer: Viewer, report: FieldReport) -> SavedReport:
    """Validate, mask and store one field report as an incident, assigned to areas and audited.

    Needs :attr:`~est.access.auth.Permission.IMPORT`. Saving the same ``client_token`` again returns the first
    report instead of adding another.

    Raises
    ------
    EstError
        When the kind, category, position or time is not usable (the message says what to change), or
        :class:`~est.errors.DatabaseBusyError` when the database cannot be written now (nothing is stored).
    """
    require(viewer, Permission.IMPORT)
    if report.kind not in KINDS:
        raise _unknown_kind(report.kind)
    if report.category_code not in QUICK_CATEGORIES[report.kind]:
        raise EstError(
            "choose what you saw from the list (a category) before saving",
            sv="välj vad du såg i listan (en kategori) innan du sparar",
        )
    _check_in_sweden(report.lat, report.lon)
    when = report.occurred_at if report.occurred_at.tzinfo else report.occurred_at.replace(tzinfo=_TZ)
    now = datetime.now(_TZ)
    if when > now + timedelta(minutes=10):
        raise EstError(
            "the time is in the future; set when it happened (it defaults to now)",
            sv="tiden ligger i framtiden; ange när det hände (förvalt är nu)",
        )
    if when < now - timedelta(days=31):
        raise EstError(
            "the time is more than a month ago; report older events through a file import",
            sv="tiden är mer än en månad sedan; rapportera äldre händelser genom en filimport",
        )
    if len(report.text) > _MAX_TEXT:
        raise EstError(
            f"the text is {len(report.text)} characters; keep it under {_MAX_TEXT}",
            sv=f"texten är {len(report.text)} tecken; håll den under {_MAX_TEXT}",
        )
    if report.position_source not in ("map", "typed", "phone"):
        raise EstError(
            "position_source must be map, typed or phone", sv="position_source måste vara map, typed eller phone"
        )
    if report.accuracy_m is not None and not 0 <= report.accuracy_m < 100_000:
        raise EstError(
            f"the position's accuracy {report.accuracy_m} m is not usable; tap the map instead",
            sv=f"positionens noggrannhet {report.accuracy_m} m går inte att använda; tryck på kartan i stället",
        )
    org = _organisation_for(viewer, report.organisation_id)
    masked = mask_text(report.text.strip()) if report.text.strip() else None
    description = masked.text if masked else None

    with store.writing(extensions=("spatial",)) as writer:
        existing = writer.value("SELECT incident_id FROM field_reports WHERE client_token = ?", [report.client_token])
        if existing is not None:
            return SavedReport(int(existing), (), _area_name(writer, int(existing)), already_saved=True)
        if writer.value("SELECT count(*) FROM categories WHERE code = ?", [report.category_code]) == 0:
            raise EstError(
                f"category '{report.category_code}' is not in the category list; ask the coordinator",
                sv=f"kategorin '{report.category_code}' finns inte i kategorilistan; fråga samordnaren",
            )
        if report.walk_id is not None:
            walk = writer.row("SELECT organisation_id FROM walks WHERE id = ?", [report.walk_id])
            if walk is None or int(walk[0]) != org:
                raise EstError(
                    f"walk {report.walk_id} is not a walk of this organisation; start a new walk",
                    sv=f"vandringen {report.walk_id} hör inte till den här organisationen; starta en ny vandring",
                )
        source_kind = KINDS[report.kind]
        batch_id = writer.insert(
            "import_batches",
            {
                "organisation_id": org,
                "source_kind": source_kind,
                "file_name": f"faltrapport:{report.kind}",
                "created_by": viewer.user,
                "rows_read": 1,
                "rows_imported": 1,
            },
        )
        incident_id = writer.insert(
            "incidents",
            {
                "occurred_at": when,
                "category_code": report.category_code,
                "source_kind": source_kind,
                "organisation_id": org,
                "description": description,
                "lat": round(report.lat, 6),
                "lon": round(report.lon, 6),
                "location_precision": "exact",
                "external_id": f"faltrapport:{report.client_token}",
                "batch_id": batch_id,
            },
        )
        writer.execute(
            "INSERT INTO field_reports (incident_id, walk_id, kind, client_token, position_source, reported_by, "
            "text_masked, position_accuracy_m) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                incident_id,
                report.walk_id,
                report.kind,
                report.client_token,
                report.position_source,
                viewer.user,
                bool(masked and masked.masked),
                None if report.accuracy_m is None else round(report.accuracy_m, 1),
            ],
        )
        assign_incidents(writer, batch_id=batch_id)
        if report.walk_id is not None:
            _add_report_areas(writer, report.walk_id)
        record(
            writer,
            viewer.user,
            "field_report",
            target=f"batch {batch_id}",
            rows=1,
            detail={"kind": report.kind, "category": report.category_code, "walk": report.walk_id},
        )
        area = _area_name(writer, incident_id)
    # The same graffiti already reported by another source becomes one problem at once (0.1-0.3 s at 1M). When the
    # database is busy just now, the report is still saved; a full linking run (est dedup run) links it.
    with contextlib.suppress(DatabaseBusyError):
        link_incident(store, viewer.user, incident_id)
    return SavedReport(incident_id, masked.kinds if masked else (), area)


def _area_name(reader: Reader, incident_id: int) -> str | None:
    value = reader.value(
        "SELECT a.name FROM incident_areas ia JOIN areas a ON a.id = ia.area_id "
        "JOIN area_sets s ON s.id = ia.area_set_id WHERE ia.incident_id = ? ORDER BY s.is_default DESC, s.id LIMIT 1",
        [incident_id],
    )
    return None if value is None else str(value)


@dataclass(frozen=True)
class FormContext:
    """What the form's map and route picker need from the default area set."""

    area_set_id: int | None
    shapes: dict[str, Any]
    bounds: tuple[float, float, float, float] | None
    areas: tuple[tuple[str, str], ...]  # (code, name)


def form_context(reader: Reader) -> FormContext:
    """The default area set's outlines, extent and areas (empty when there is no area set yet)."""
    from est.areas.sets import area_geojson

    area_set = default_area_set(reader)
    if area_set is None:
        return FormContext(None, {"type": "FeatureCollection", "features": []}, None, ())
    row = reader.row(
        "SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM areas WHERE area_set_id = ?",
        [area_set.id],
    )
    bounds = None if row is None or row[0] is None else (float(row[0]), float(row[1]), float(row[2]), float(row[3]))
    areas = tuple(
        (str(c), str(n))
        for c, n in reader.rows("SELECT code, name FROM areas WHERE area_set_id = ? ORDER BY name", [area_set.id])
    )
    return FormContext(area_set.id, area_geojson(reader, area_set.id), bounds, areas)


# -- the map ----------------------------------------------------------------------------------------------


class _LocateButton(MacroElement):
    """A map button that fills the form with the phone's own position (browser geolocation, no CDN).

    The position reaches Python as a map tap: the button fires the map's ``click`` event, which
    streamlit-folium returns as ``last_clicked``, with the accuracy in metres riding along on the tapped
    point (``{"lat", "lng", "accuracy"}``). When the browser cannot tell the position, a popup says why.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: 'topleft'});
            control.onAdd = function() {
                var a = L.DomUtil.create('a', 'leaflet-bar est-locate');
                a.href = '#'; a.role = 'button'; a.title = {{ this.label|tojson }};
                a.setAttribute('aria-label', {{ this.label|tojson }});
                a.innerHTML = '&#9678;';
                a.style.cssText = 'display:block;width:44px;height:44px;line-height:44px;text-align:center;'
                    + 'font-size:26px;background:#fff;color:#111;text-decoration:none;';
                L.DomEvent.disableClickPropagation(a);
                L.DomEvent.on(a, 'click', function(e) {
                    L.DomEvent.stop(e); map.locate({setView: true, maxZoom: 17, enableHighAccuracy: true});
                });
                return a;
            };
            control.addTo(map);
            map.on('locationfound', function(e) {
                L.circle(e.latlng, {radius: e.accuracy, weight: 1, color: '#1565c0'}).addTo(map);
                L.circleMarker(e.latlng, {radius: 8, color: '#1565c0', fillOpacity: 0.9}).addTo(map);
                var found = L.latLng(e.latlng.lat, e.latlng.lng);
                found.accuracy = Math.round(e.accuracy);
                map.fire('click', {latlng: found});
            });
            map.on('locationerror', function(e) {
                L.popup().setLatLng(map.getCenter())
                    .setContent({{ this.failed|tojson }} + ' (' + String(e.message).replace(/[<>&"']/g, '') + ')')
                    .openOn(map);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, label: str, failed: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "EstLocate"
        self.label = label
        self.failed = failed


def field_map(
    shapes: dict[str, Any],
    bounds: tuple[float, float, float, float] | None,
    chosen: tuple[float, float] | None,
    locate_label: str,
    *,
    accuracy_m: float | None = None,
    locate_failed: str = "",
) -> folium.Map:
    """A light map for tapping a position: area outlines, the chosen point, a "my position" button.

    ``accuracy_m`` (the chosen point is the phone's own position) draws the circle it lies within.
    """
    m = new_map(bounds or (14.55, 63.14, 14.72, 63.22))
    if shapes.get("features"):
        features = [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"name": html.escape(str(f.get("properties", {}).get("name", "")))},
            }
            for f in shapes["features"]
        ]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda _f: {"color": "#555555", "weight": 1, "fillOpacity": 0.05},
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(m)
    if chosen is not None and accuracy_m:
        folium.Circle(location=list(chosen), radius=accuracy_m, color="#1565c0", weight=1, fill=False).add_to(m)
    if chosen is not None:
        folium.CircleMarker(
            location=list(chosen), radius=10, color="#d32f2f", weight=3, fill=True, fill_opacity=0.8
        ).add_to(m)
        m.location = list(chosen)
    m.add_child(_LocateButton(locate_label, locate_failed or locate_label))
    return localize_assets(m)
