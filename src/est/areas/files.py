"""Reading a kommun's own area file (GeoJSON, GeoPackage, zipped Shapefile) in whatever CRS it comes in.

Who calls it: ``est areas import`` and the Areas page (upload, preview, column choice, import), and the
demo generator for the shipped kommun boundaries, so every area set enters through the same path:
:func:`read_area_file` → (the user picks columns from :func:`preview`) → :func:`write_area_set` inside a
write transaction, or :func:`import_area_file`, which does that with the permission check and the audit
entry.

What it settles so the rest of the code never has to:

* **Coordinate system.** The declared CRS (GeoPackage, ``.prj``, a GeoJSON ``crs`` member, including
  the legacy and malformed ``{"name": "EPSG:3006"}``), else one given by the user (``--crs``), else the
  coordinate ranges: WGS84 longitude/latitude, SWEREF 99 TM (EPSG:3006) or RT 90 2.5 gon V (EPSG:3021)
  are recognised and reported as detected; a local SWEREF 99 zone (EPSG:3007–3018) cannot be told apart
  from its numbers and must be given. Whatever the source, the result must land in Sweden, otherwise the
  import stops and says the CRS is wrong (a wrong CRS would otherwise put Östersund in the sea).
* **Text encoding of Shapefiles.** ``.cpg`` when present; otherwise UTF-8 if the dbf's bytes are valid
  UTF-8, else the dbf's language driver id, else Windows-1252: ``Hässelby Gård``, never ``HÃ¤sselby``.
* **Geometry.** Only polygons and multipolygons are kept (others are counted and reported); Z is dropped
  and invalid rings are repaired (``make_valid``) when the set is saved (:func:`est.areas.sets.save_area_set`).
* **Codes stay text.** Attribute columns are read as the file declares them, so ``0114`` stays ``0114``.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.areas.gis_files import local_file, refuse_unreadable
from est.areas.sets import AreaColumns, MergedArea, replace_area_set
from est.errors import InputFileError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from est.store import Store, Writer

__all__ = [
    "SUPPORTED_SUFFIXES",
    "AreaFile",
    "AreaImport",
    "import_area_file",
    "preview",
    "read_area_file",
    "settle_crs",
    "suggest_columns",
    "write_area_set",
]

SUPPORTED_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
# Generous box around Sweden (lon/lat): areas whose bounds miss it entirely have the wrong CRS.
_SWEDEN = (4.0, 53.0, 32.0, 72.0)
_MAX_UNZIPPED_BYTES = 2_000_000_000
# dBase language driver ids (byte 29 of the header) → Python codecs, for the ones seen in Swedish data.
_LDID = {0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x57: "cp1252", 0x58: "cp1252", 0x59: "cp1252", 0x64: "cp852"}
_CPG = {"utf-8": "utf-8", "utf8": "utf-8", "65001": "utf-8", "1252": "cp1252", "ansi 1252": "cp1252"}


@dataclass(frozen=True, eq=False)
class AreaFile:
    """An area file read into memory, in its source CRS (``frame.crs`` is always set).

    Attributes
    ----------
    file_name
        The name the user gave the file (for messages and the audit log).
    frame
        Polygon and multipolygon features only, with every attribute column.
    crs
        The source CRS as ``EPSG:N`` (or the CRS name when it has no EPSG code).
    crs_source
        How the CRS was found: ``declared``, ``legacy crs member``, ``prj``, ``given`` or ``detected``.
    encoding
        The text encoding used for a Shapefile's dbf (None for other formats, which are UTF-8).
    skipped
        Features dropped because they are not polygons (points, lines, empty geometries).
    notes
        Things the user should know (a detected CRS, an encoding guess, skipped features).
    """

    file_name: str
    frame: gpd.GeoDataFrame
    crs: str
    crs_source: str
    encoding: str | None = None
    skipped: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        """The attribute columns (everything but the geometry), in file order."""
        return [str(c) for c in self.frame.columns if c != self.frame.geometry.name]

    @property
    def bounds_wgs84(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` of the features in WGS84."""
        b = self.frame.to_crs("EPSG:4326").total_bounds
        return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


@dataclass(frozen=True)
class AreaImport:
    """What :func:`import_area_file` did; the CLI prints it and the page shows it.

    ``merged`` lists the areas the file draws as several features with one name, saved as one area each.
    """

    set: str
    set_id: int
    areas: int
    replaced: bool
    moved: int
    assigned: int
    removed_areas: int
    crs_detected: str
    crs_source: str
    encoding: str | None
    bounds_wgs84: tuple[float, float, float, float]
    skipped: int
    notes: tuple[str, ...]
    merged: tuple[MergedArea, ...] = ()


# -- reading -------------------------------------------------------------------------------------------


def read_area_file(
    source: str | Path | bytes,
    *,
    file_name: str | None = None,
    crs: str | None = None,
    encoding: str | None = None,
) -> AreaFile:
    """Read an area file: GeoJSON, GeoPackage, or a Shapefile zipped with its sidecar files.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload); then ``file_name`` tells the format by its suffix.
    file_name
        The file's name as the user knows it (default: the path's name).
    crs
        The source CRS (``EPSG:3006``, ``3006`` or any pyproj input); overrides what the file says.
    encoding
        The Shapefile dbf's text encoding; overrides the detection.

    Returns
    -------
    AreaFile
        The polygons in their source CRS and what was found out about the file.

    Raises
    ------
    InputFileError
        For an unsupported format, a zip without a ``.shp``, a file without polygons, an unknown CRS
        without ``.prj`` or declaration, or areas that would end up outside Sweden.

    Examples
    --------
    >>> area_file = read_area_file("stadsdelar.zip")  # doctest: +SKIP
    >>> area_file.crs, area_file.encoding  # doctest: +SKIP
    ('EPSG:3006', 'cp1252')
    """
    with local_file(source, file_name, what=("an uploaded area file", "en uppladdad områdesfil")) as path:
        return _read_path(path, file_name or path.name, crs, encoding)


def _read_path(path: Path, file_name: str, crs: str | None, encoding: str | None) -> AreaFile:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="est-areas-zip-") as tmp:
            inner = _unpack_zip(path, Path(tmp))
            return _read_gis(inner, file_name, crs, encoding)
    if suffix == ".shp":
        raise InputFileError(
            f"{file_name}: a Shapefile is several files; zip the .shp together with its .shx, .dbf and .prj "
            "(and .cpg if there is one) and import the .zip",
            sv=f"{file_name}: en Shapefile består av flera filer; packa .shp tillsammans med dess .shx, .dbf och "
            ".prj (och .cpg om den finns) i en .zip och importera den",
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputFileError(
            f"{file_name}: unsupported file type '{suffix or '(none)'}'; use GeoJSON (.geojson), GeoPackage "
            "(.gpkg) or a zipped Shapefile (.zip)",
            sv=f"{file_name}: filtypen '{suffix or '(ingen)'}' stöds inte; använd GeoJSON (.geojson), GeoPackage "
            "(.gpkg) eller en zippad Shapefile (.zip)",
        )
    return _read_gis(path, file_name, crs, encoding)


def _unpack_zip(path: Path, target: Path) -> Path:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputFileError(
            f"{path.name} is not a readable zip file: {exc}", sv=f"{path.name} är ingen läsbar zip-fil: {exc}"
        ) from exc
    with archive:
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir() and "__MACOSX" not in m.filename and not Path(m.filename).name.startswith(".")
        ]
        if sum(m.file_size for m in members) > _MAX_UNZIPPED_BYTES:
            raise InputFileError(
                f"{path.name} unpacks to more than 2 GB; import a smaller area file",
                sv=f"{path.name} blir större än 2 GB uppackad; importera en mindre områdesfil",
            )
        names = [Path(m.filename).name for m in members]
        shapes = [n for n in names if n.lower().endswith(".shp")]
        others = [n for n in names if n.lower().endswith((".gpkg", ".geojson", ".json"))]
        if len(shapes) > 1:
            raise InputFileError(
                f"{path.name} holds several shapefiles ({', '.join(shapes)}); zip one area set at a time",
                sv=f"{path.name} innehåller flera shapefiler ({', '.join(shapes)}); packa en områdesindelning i taget",
            )
        if not shapes and len(others) != 1:
            found = ", ".join(names) or "nothing"
            found_sv = ", ".join(names) or "ingenting"
            raise InputFileError(
                f"{path.name} holds no .shp file (found: {found}); zip the shapefile's .shp, .shx, .dbf and "
                ".prj together",
                sv=f"{path.name} innehåller ingen .shp-fil (hittade: {found_sv}); packa shapefilens .shp, .shx, "
                ".dbf och .prj tillsammans",
            )
        wanted = Path(shapes[0]).stem.lower() if shapes else None
        for member in members:
            name = Path(member.filename).name  # flattened: no path from the archive is ever used
            if wanted is not None and Path(name).stem.lower() != wanted:
                continue
            (target / name).write_bytes(archive.read(member))
    return target / (shapes[0] if shapes else others[0])


def _read_gis(path: Path, file_name: str, crs: str | None, encoding: str | None) -> AreaFile:
    import geopandas as gpd

    notes: list[str] = []
    suffix = path.suffix.lower()
    read_options: dict[str, Any] = {}
    used_encoding: str | None = None
    legacy: str | None = None
    if suffix == ".shp":
        if not path.with_suffix(".dbf").exists() and not _sibling(path, ".dbf"):
            raise InputFileError(
                f"{file_name}: the shapefile's .dbf is missing; zip it together with the .shp",
                sv=f"{file_name}: shapefilens .dbf saknas; packa den tillsammans med .shp",
            )
        used_encoding, how = _shapefile_encoding(path, encoding)
        read_options["encoding"] = used_encoding
        if how:
            notes.append(how)
    elif suffix == ".gpkg":
        read_options["layer"] = _polygon_layer(path, file_name)
    else:
        legacy = _geojson_crs_member(path, file_name)
    with refuse_unreadable(file_name):
        frame = gpd.read_file(path, engine="pyogrio", **read_options)
    if suffix == ".shp" and not _sibling(path, ".prj"):
        frame = frame.set_crs(None, allow_override=True)
    total = len(frame)
    kinds = frame.geometry.geom_type
    polygons = kinds.isin(["Polygon", "MultiPolygon"]) & ~frame.geometry.is_empty
    if not polygons.any():
        listed = ", ".join(f"{n} {k}" for k, n in kinds.fillna("empty").value_counts().items())
        found, found_sv = listed or "no features", listed or "inga objekt"
        raise InputFileError(
            f"{file_name} has no polygons (found: {found}); an area set needs Polygon or MultiPolygon features",
            sv=f"{file_name} har inga polygoner (hittade: {found_sv}); en områdesindelning behöver Polygon- eller "
            "MultiPolygon-objekt",
        )
    frame = frame[polygons].reset_index(drop=True)
    skipped = total - len(frame)
    if skipped:
        notes.append(f"{skipped} feature(s) that are not polygons were skipped")
    frame, crs_name, crs_source = _resolve_crs(frame, file_name, suffix, crs, legacy, notes)
    _check_in_sweden(frame, file_name, crs_name)
    return AreaFile(file_name, frame, crs_name, crs_source, used_encoding, skipped, tuple(notes))


def _sibling(path: Path, suffix: str) -> Path | None:
    for candidate in path.parent.iterdir():
        if candidate.stem == path.stem and candidate.suffix.lower() == suffix:
            return candidate
    return None


def _polygon_layer(path: Path, file_name: str) -> str:
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except pyogrio.errors.DataSourceError as exc:
        raise InputFileError(
            f"{file_name} could not be read as a GeoPackage: {exc}",
            sv=f"{file_name} kunde inte läsas som GeoPackage: {exc}",
        ) from exc
    for name, kind in layers:
        if kind and "POLYGON" in str(kind).upper():
            return str(name)
    found = ", ".join(f"{n} ({k or 'no geometry'})" for n, k in layers) or "no layers"
    found_sv = ", ".join(f"{n} ({k or 'ingen geometri'})" for n, k in layers) or "inga lager"
    raise InputFileError(
        f"{file_name} has no polygons (layers: {found}); an area set needs Polygon or MultiPolygon features",
        sv=f"{file_name} har inga polygoner (lager: {found_sv}); en områdesindelning behöver Polygon- eller "
        "MultiPolygon-objekt",
    )


# -- encodings -----------------------------------------------------------------------------------------


def _shapefile_encoding(path: Path, given: str | None) -> tuple[str, str | None]:
    """The dbf's encoding and, when it was guessed, a note saying how."""
    if given:
        try:
            "å".encode(given)
        except LookupError as exc:
            raise InputFileError(
                f"unknown text encoding '{given}'; use e.g. utf-8, cp1252 or latin-1",
                sv=f"okänd teckenkodning '{given}'; använd t.ex. utf-8, cp1252 eller latin-1",
            ) from exc
        return given, None
    cpg = _sibling(path, ".cpg")
    if cpg is not None:
        declared = cpg.read_text(encoding="ascii", errors="replace").strip()
        codec = _CPG.get(declared.lower(), declared)
        try:
            "å".encode(codec)
        except LookupError:
            codec = "cp1252"
        return codec, None
    dbf = _sibling(path, ".dbf")
    raw = dbf.read_bytes() if dbf else b""
    records = raw[int.from_bytes(raw[8:10], "little") :] if len(raw) > 32 else b""
    if records and any(b > 0x7F for b in records):
        try:
            records.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8", "the Shapefile has no .cpg; its text is valid UTF-8, so UTF-8 was used"
    ldid = raw[29] if len(raw) > 29 else 0
    if ldid in _LDID:
        return _LDID[ldid], f"the Shapefile has no .cpg; the dbf's language id says {_LDID[ldid]}"
    return "cp1252", "the Shapefile has no .cpg; Windows-1252 was used (give --encoding if the text looks wrong)"


# -- coordinate systems --------------------------------------------------------------------------------


_EPSG_IN_TEXT = re.compile(r"EPSG(?::{1,2}|/0/|::\d*:?)(\d{4,5})\s*$", re.IGNORECASE)


def _geojson_crs_member(path: Path, file_name: str) -> str | None:
    """The CRS named by a GeoJSON's legacy ``crs`` member, as ``EPSG:N`` (None when absent or WGS84)."""
    try:
        document = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"{file_name} is not valid GeoJSON: {exc}", sv=f"{file_name} är inte giltig GeoJSON: {exc}"
        ) from exc
    member = document.get("crs") if isinstance(document, dict) else None
    if not isinstance(member, dict):
        return None
    found = member.get("properties")
    props: dict[str, Any] = found if isinstance(found, dict) else {}
    text = member.get("name") or props.get("name") or props.get("code") or props.get("href")
    if text is None:
        return None
    text = str(text).strip()
    if text.isdigit():
        return f"EPSG:{text}"
    if "CRS84" in text.upper():
        return None
    match = _EPSG_IN_TEXT.search(text)
    if match:
        code = match.group(1)
        return None if code == "4326" else f"EPSG:{code}"
    raise InputFileError(
        f"{file_name} declares the coordinate system '{text}', which is not understood; give it with --crs EPSG:N",
        sv=f"{file_name} anger koordinatsystemet '{text}', som inte går att tolka; välj koordinatsystem "
        "(--crs EPSG:N i kommandoraden)",
    )


def _crs_label(value: Any) -> str:
    from pyproj import CRS

    found = CRS.from_user_input(value)
    epsg = found.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg else str(found.name)


def _resolve_crs(
    frame: gpd.GeoDataFrame, file_name: str, suffix: str, given: str | None, legacy: str | None, notes: list[str]
) -> tuple[gpd.GeoDataFrame, str, str]:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    if given:
        text = given.strip()
        try:
            chosen = CRS.from_user_input(f"EPSG:{text}" if text.isdigit() else text)
        except CRSError as exc:
            raise InputFileError(
                f"unknown coordinate system '{given}'; give it as EPSG:N, e.g. EPSG:3006",
                sv=f"okänt koordinatsystem '{given}'; ange det som EPSG:N, t.ex. EPSG:3006",
            ) from exc
        return frame.set_crs(chosen, allow_override=True), _crs_label(chosen), "given"
    if legacy:
        try:
            chosen = CRS.from_user_input(legacy)
        except CRSError as exc:
            raise InputFileError(
                f"{file_name} declares '{legacy}', which is not a known CRS; give --crs",
                sv=f"{file_name} anger '{legacy}', som inte är ett känt koordinatsystem; välj koordinatsystem "
                "(--crs i kommandoraden)",
            ) from exc
        notes.append(f"the coordinate system {legacy} was read from the GeoJSON's legacy 'crs' member")
        return frame.set_crs(chosen, allow_override=True), _crs_label(chosen), "legacy crs member"
    declared = frame.crs
    bounds = tuple(float(v) for v in frame.total_bounds)
    lonlat = bounds[0] >= -180 and bounds[2] <= 180 and bounds[1] >= -90 and bounds[3] <= 90
    if declared is not None and not (declared.is_geographic and not lonlat):
        return frame, _crs_label(declared), "prj" if suffix == ".shp" else "declared"
    # No declaration, or GeoJSON's implicit WGS84 with coordinates that cannot be degrees.
    epsg, label = _detect_crs(bounds, file_name)
    what = "has no .prj" if suffix == ".shp" else "does not declare its coordinate system"
    notes.append(f"the file {what}; from the coordinate ranges it is {label} (EPSG:{epsg}); give --crs if not")
    return frame.set_crs(f"EPSG:{epsg}", allow_override=True), f"EPSG:{epsg}", "detected"


def settle_crs(
    frame: gpd.GeoDataFrame, path: Path, file_name: str, crs: str | None = None
) -> tuple[gpd.GeoDataFrame, str, str, tuple[str, ...]]:
    """Settle the coordinate system of any GIS frame (points too) by the rules area files follow.

    Given (``crs``), else declared (GeoPackage, ``.prj``, a GeoJSON ``crs`` member), else detected from
    the coordinate ranges (WGS 84, SWEREF 99 TM, RT 90; a local SWEREF 99 zone must be given). Used by
    :mod:`est.intake.addresses` for address registers.

    Returns
    -------
    tuple
        ``(frame with its CRS set, "EPSG:N", how it was found, notes)``.

    Raises
    ------
    InputFileError
        For an unknown CRS, or coordinates that match no Swedish system (the message says how to give it).
    """
    suffix = path.suffix.lower()
    legacy = _geojson_crs_member(path, file_name) if suffix in (".geojson", ".json") and not crs else None
    notes: list[str] = []
    settled, name, source = _resolve_crs(frame, file_name, suffix, crs, legacy, notes)
    return settled, name, source, tuple(notes)


def _detect_crs(bounds: tuple[float, ...], file_name: str) -> tuple[int, str]:
    """Tell WGS84, SWEREF 99 TM and RT 90 apart from the coordinate ranges (x = east, y = north)."""
    min_x, min_y, max_x, max_y = bounds
    shown = f"x {min_x:.0f}–{max_x:.0f}, y {min_y:.0f}–{max_y:.0f}"
    if min_x >= -180 and max_x <= 180 and min_y >= -90 and max_y <= 90:
        if min_x >= 53 and max_x <= 72 and min_y >= 4 and max_y <= 32:
            raise InputFileError(
                f"{file_name}: the coordinates look like latitude, longitude in the wrong order "
                f"({shown}); write them as longitude, latitude",
                sv=f"{file_name}: koordinaterna ser ut att stå som latitud, longitud, i fel ordning ({shown}); "
                "skriv dem som longitud, latitud",
            )
        return 4326, "WGS 84 longitude/latitude"
    northing = min_y >= 6_000_000 and max_y <= 7_800_000
    if northing and min_x >= 240_000 and max_x <= 1_000_000:
        return 3006, "SWEREF 99 TM"
    if northing and min_x >= 1_150_000 and max_x <= 1_950_000:
        return 3021, "RT 90 2.5 gon V"
    if northing and min_x >= 0 and max_x < 240_000:
        raise InputFileError(
            f"{file_name}: the coordinates ({shown}) look like a local SWEREF 99 zone (EPSG:3007–3018), and "
            "the zones cannot be told apart by their numbers; give the zone with --crs, e.g. EPSG:3012 "
            "(SWEREF 99 14 15) for Jämtland",
            sv=f"{file_name}: koordinaterna ({shown}) ser ut att höra till en lokal SWEREF 99-zon "
            "(EPSG:3007–3018), och zonerna går inte att skilja åt på siffrorna; välj zonen som koordinatsystem "
            "(--crs i kommandoraden), t.ex. EPSG:3012 (SWEREF 99 14 15) för Jämtland",
        )
    if min_x >= 6_000_000 and max_x <= 7_800_000:
        raise InputFileError(
            f"{file_name}: the coordinates ({shown}) look like northing, easting in the wrong order; "
            "write them as easting, northing, or give the CRS with --crs",
            sv=f"{file_name}: koordinaterna ({shown}) ser ut att stå som nordkoordinat, östkoordinat, i fel "
            "ordning; skriv dem som östkoordinat, nordkoordinat, eller välj koordinatsystem "
            "(--crs i kommandoraden)",
        )
    raise InputFileError(
        f"{file_name}: unknown coordinate system: the file declares none (no .prj) and the coordinates "
        f"({shown}) match neither WGS 84, SWEREF 99 TM nor RT 90; give it with --crs EPSG:N",
        sv=f"{file_name}: okänt koordinatsystem: filen anger inget (ingen .prj) och koordinaterna ({shown}) "
        "stämmer varken med WGS 84, SWEREF 99 TM eller RT 90; välj koordinatsystem (--crs EPSG:N i kommandoraden)",
    )


def _check_in_sweden(frame: gpd.GeoDataFrame, file_name: str, crs_name: str) -> None:
    try:
        b = frame.to_crs("EPSG:4326").total_bounds
    except Exception as exc:  # pyproj raises several kinds for impossible transformations
        raise InputFileError(
            f"{file_name}: cannot transform from {crs_name} to WGS 84: {exc}",
            sv=f"{file_name}: kan inte räkna om från {crs_name} till WGS 84: {exc}",
        ) from exc
    if not all(math.isfinite(float(v)) for v in b):
        raise InputFileError(
            f"{file_name}: the coordinates cannot be transformed from {crs_name}; check --crs",
            sv=f"{file_name}: koordinaterna kan inte räknas om från {crs_name}; kontrollera koordinatsystemet "
            "(--crs i kommandoraden)",
        )
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in b)
    if max_lon < _SWEDEN[0] or min_lon > _SWEDEN[2] or max_lat < _SWEDEN[1] or min_lat > _SWEDEN[3]:
        raise InputFileError(
            f"{file_name}: read as {crs_name}, the areas lie at longitude {min_lon:.2f}–{max_lon:.2f}, "
            f"latitude {min_lat:.2f}–{max_lat:.2f}, outside Sweden; the coordinate system is wrong: give the "
            "right one with --crs (SWEREF 99 TM is EPSG:3006)",
            sv=f"{file_name}: lästa som {crs_name} ligger områdena på longitud {min_lon:.2f}–{max_lon:.2f}, "
            f"latitud {min_lat:.2f}–{max_lat:.2f}, utanför Sverige; koordinatsystemet är fel: välj rätt "
            "koordinatsystem (--crs i kommandoraden; SWEREF 99 TM är EPSG:3006)",
        )


# -- preview and column choice -------------------------------------------------------------------------

_NAME_HINTS = ("namn", "name", "omrade", "område", "benamning", "benämning", "regsonamn", "knnamn")
_CODE_HINTS = ("kod", "code", "id", "nr", "deso", "regso", "knkod", "objectid")
_POPULATION_HINTS = ("befolkning", "population", "invanare", "invånare", "folkmangd", "folkmängd", "bef", "pop")
_DWELLING_HINTS = ("bostader", "bostäder", "lagenheter", "lägenheter", "dwellings", "lgh")


def preview(area_file: AreaFile, rows: int = 8) -> pd.DataFrame:
    """The first ``rows`` features' attributes, as text, for the user to pick columns from."""
    shown: pd.DataFrame = area_file.frame[area_file.columns].head(rows).astype("string").fillna("")
    return shown


def suggest_columns(area_file: AreaFile) -> dict[str, str | None]:
    """Best guesses for the ``name``, ``code``, ``population`` and ``dwellings`` columns (None: none fits).

    A name column is never blank; a unique one is preferred, but a name may repeat (an area drawn in
    several parts, merged on import). A code column is never blank and goes one to one with the names.
    Numbers are only suggested for population and dwellings.
    """
    frame = area_file.frame
    filled = [c for c in area_file.columns if _filled_text(frame[c])]

    def pick(candidates: list[str], hints: tuple[str, ...]) -> str | None:
        for hint in hints:
            for column in candidates:
                if column.lower() == hint or column.lower().startswith(hint) or column.lower().endswith(hint):
                    return column
        return None

    numeric = [c for c in area_file.columns if str(frame[c].dtype).startswith(("int", "float", "Int", "Float"))]
    unique = [c for c in filled if not _text(frame[c]).duplicated().any()]
    texts = [c for c in filled if c not in numeric]
    unique_texts = [c for c in texts if c in unique]
    name = (
        pick(unique_texts, _NAME_HINTS) or pick(texts, _NAME_HINTS) or next(iter(unique_texts + texts + unique), None)
    )
    codes = [c for c in filled if c != name and name is not None and _one_to_one(frame[c], frame[name])]
    return {
        "name": name,
        "code": pick(codes, _CODE_HINTS),
        "population": pick(numeric, _POPULATION_HINTS),
        "dwellings": pick(numeric, _DWELLING_HINTS),
    }


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip()


def _filled_text(values: pd.Series) -> bool:
    text = _text(values)
    return bool(text.notna().all() and (text != "").all())


def _one_to_one(codes: pd.Series, names: pd.Series) -> bool:
    """Whether each code has one name and each name one code (parts of one area repeat both)."""
    pairs = {(a, b) for a, b in zip(_text(codes), _text(names), strict=True)}
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


# -- writing -------------------------------------------------------------------------------------------


def write_area_set(
    writer: Writer,
    area_file: AreaFile,
    set_name: str,
    *,
    columns: AreaColumns,
    default: bool = False,
    reassign: bool = True,
) -> AreaImport:
    """Save ``area_file`` as the set ``set_name`` (replacing it if it exists) inside ``writer``'s transaction.

    This is the one path by which area files become area sets (CLI, page and demo). With ``reassign``
    every located incident is assigned to the new areas and the result says how many moved.

    Returns
    -------
    AreaImport
    """
    set_name = set_name.strip()
    if not set_name:
        raise InputFileError(
            "the area set needs a name, e.g. --set Bostadsområden",
            sv="områdesindelningen behöver ett namn, t.ex. Bostadsområden (--set i kommandoraden)",
        )
    replacement = replace_area_set(
        writer,
        set_name,
        area_file.frame,
        columns=columns,
        default=default,
        source_file=area_file.file_name,
        source_crs=area_file.crs,
        reassign=reassign,
    )
    return AreaImport(
        set=set_name,
        set_id=replacement.set_id,
        areas=replacement.areas,
        replaced=replacement.replaced,
        moved=replacement.moved,
        assigned=replacement.assigned,
        removed_areas=replacement.removed_areas,
        crs_detected=area_file.crs,
        crs_source=area_file.crs_source,
        encoding=area_file.encoding,
        bounds_wgs84=tuple(round(v, 6) for v in area_file.bounds_wgs84),  # type: ignore[arg-type]
        skipped=area_file.skipped,
        notes=area_file.notes,
        merged=replacement.merged,
    )


def import_area_file(
    store: Store,
    viewer: Viewer,
    area_file: AreaFile,
    set_name: str,
    *,
    columns: AreaColumns,
    default: bool = False,
) -> AreaImport:
    """Import ``area_file`` as the set ``set_name`` in one transaction, re-assigning every incident.

    Parameters
    ----------
    store
        The database.
    viewer
        Who imports; needs :attr:`~est.access.auth.Permission.MANAGE_AREAS`.
    area_file
        From :func:`read_area_file`.
    set_name
        The set to create or replace.
    columns
        Columns of the file (see :func:`preview` / :func:`suggest_columns`).
    default
        Make this set the default one.

    Returns
    -------
    AreaImport

    Raises
    ------
    PermissionDeniedError
        Without the permission.
    EstError
        For a missing column, blank names or codes, a name with two codes or a code with two names;
        nothing is written then. Features sharing a name (and code) are merged into one area instead.
    """
    require(viewer, Permission.MANAGE_AREAS)
    with store.writing(extensions=("spatial",)) as writer:
        result = write_area_set(
            writer,
            area_file,
            set_name,
            columns=columns,
            default=default,
        )
        audit.record(
            writer,
            viewer.user,
            "areas",
            target=f"area set {result.set}",
            rows=result.areas,
            detail={
                "action": "replace" if result.replaced else "import",
                "file": area_file.file_name,
                "crs": result.crs_detected,
                "crs_source": result.crs_source,
                "encoding": result.encoding,
                "moved": result.moved,
                "removed_areas": result.removed_areas,
                "merged": [{"name": m.name, "parts": m.parts} for m in result.merged],
            },
        )
    return result
