"""The kommun's address register (belägenhetsadresser) and geocoding incidents' addresses against it.

Who calls it: ``est addresses`` (CLI), the Areas page (register upload), and the importer, which
geocodes a new batch's addresses inside its own write transaction (:func:`geocode_incidents`).

A kommun keeps its addresses as a GIS file: one point per address with street, number, letter
(bokstavstillägg) and postcode. :func:`read_address_file` reads one (CSV, GeoPackage or GeoJSON) in any
Swedish coordinate system (declared by the file, given, or detected as area files are: see
:func:`est.areas.files.settle_crs`); :func:`import_address_register` replaces the stored register and
geocodes the stored incidents again, so a corrected or new register takes effect at once.

Matching is exact on a normalised key, never fuzzy (:func:`parse_address`): lower case, å/ä/ö without
their dots, no spaces or punctuation, and Swedish abbreviations written out (``Storg.`` → ``storgatan``,
``Rådhusv.`` → ``rådhusvägen``, ``gr.`` → ``gränd``, ``S:t`` → ``sankt``); the number and letter
(``12 B`` = ``12B``); a postcode in the text (``831 30``) must agree. An address with a letter that the
register has only without one matches the bare number; several register points for one address
(the same street in two postal towns) match only with the postcode. What did not match is reported
with the reason, never guessed.

A geocoded incident gets the address point as an exact position (and its areas in every area set);
``incident_geocodes`` remembers where it was before, so a changed register can take the point back.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.areas.gis_files import local_file, refuse_unreadable
from est.errors import InputFileError
from est.intake.fields import normalise_name

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from est.store import Reader, Store, Writer

__all__ = [
    "ADDRESS_SUFFIXES",
    "COLUMN_NAMES",
    "AddressFile",
    "GeocodeReport",
    "ParsedAddress",
    "RegisterImport",
    "geocode_incidents",
    "import_address_register",
    "parse_address",
    "read_address_file",
    "register_status",
    "street_key",
]

ADDRESS_SUFFIXES = (".csv", ".txt", ".gpkg", ".geojson", ".json")
_SWEDEN = (10.0, 55.0, 24.5, 69.5)  # min_lon, min_lat, max_lon, max_lat
_MAX_EXAMPLES = 10

# Street-name abbreviations at the end of a word, with their dot: "Storg." → "Storgatan".
_ABBREVIATIONS = {"g": "gatan", "v": "vagen", "gr": "grand", "pl": "plan", "vg": "vagen"}
_ABBREVIATION = re.compile(r"(?<=[a-z])(gr|vg|pl|g|v)\.|\b(gr|vg|g|v)\.")
_SANKT = re.compile(r"^(?:s:t|st\.)\s*")
_STREET_NUMBER = re.compile(r"^(?P<street>.*?[a-z])\.?\s*(?P<number>\d{1,5})(?:\s*(?P<letter>[a-z]))?(?![a-z0-9])")
_POSTCODE = re.compile(r"(?<!\d)(\d{3})\s?(\d{2})(?!\d)")
_NUMBER = re.compile(r"^\s*(\d{1,5})\s*([a-zA-ZåäöÅÄÖ])?\s*$")

#: Column names (normalised, see :func:`est.intake.fields.normalise_name`) recognised in a register.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "street": (
        "gatunamn",
        "adressomrade",
        "adressomradesnamn",
        "adressomradenamn",
        "adressomradefaststalltnamn",
        "faststalltnamn",
        "vagnamn",
        "gata",
        "street",
        "streetname",
    ),
    "number": ("adressplatsnummer", "gatunummer", "husnummer", "adressnummer", "nummer", "number", "nr"),
    "letter": ("bokstavstillagg", "bokstav", "letter", "suffix"),
    "postcode": ("postnummer", "postnr", "postcode", "postalcode", "zipcode", "zip"),
    "locality": ("postort", "ort", "locality", "city"),
    "address": ("belagenhetsadress", "adressplatsbeteckning", "adress", "gatuadress", "address", "beladress"),
    "x": ("x", "e", "easting", "ost", "xkoordinat", "koordinatx", "sweref99e", "lon", "lng", "longitud", "longitude"),
    "y": ("y", "n", "northing", "nord", "ykoordinat", "koordinaty", "sweref99n", "lat", "latitud", "latitude"),
}


# -- the key ---------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents (å → a, ö → o, é → e), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _expand(text: str) -> str:
    """Write out Swedish street abbreviations in folded text: ``storg.`` → ``storgatan``, ``s:t`` → ``sankt``."""
    text = _SANKT.sub("sankt ", text)
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1) or m.group(2)], text)


def street_key(street: str) -> str:
    """The comparable form of a street name.

    Examples
    --------
    >>> street_key("Storg.")
    'storgatan'
    >>> street_key("Rådhusv.")
    'radhusvagen'
    >>> street_key("S:t Olofsgatan")
    'sanktolofsgatan'
    """
    return re.sub(r"[^a-z0-9]", "", _expand(_fold(street)))


@dataclass(frozen=True)
class ParsedAddress:
    """An address as written, in comparable form."""

    street_key: str
    number: int
    letter: str = ""
    postcode: str | None = None


def parse_address(text: str) -> ParsedAddress | None:
    """Read street, number, letter and postcode from an address as people write it; None if it has none.

    Examples
    --------
    >>> parse_address("Storg. 12")
    ParsedAddress(street_key='storgatan', number=12, letter='', postcode=None)
    >>> parse_address("STORGATAN 12 B, 831 30 Östersund")
    ParsedAddress(street_key='storgatan', number=12, letter='b', postcode='83130')
    >>> parse_address("vid lekplatsen") is None
    True
    """
    folded = _expand(_fold(text or ""))
    match = _STREET_NUMBER.match(folded)
    if not match:
        return None
    key = re.sub(r"[^a-z0-9]", "", match.group("street"))
    if not key:
        return None
    postcode = _POSTCODE.search(folded, match.end())
    return ParsedAddress(
        key,
        int(match.group("number")),
        match.group("letter") or "",
        postcode.group(1) + postcode.group(2) if postcode else None,
    )


# -- reading a register ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AddressFile:
    """An address register read into memory, in WGS84.

    Attributes
    ----------
    frame
        ``street, street_key, number, letter, postcode, locality, lat, lon`` per usable address.
    columns
        Which column of the file was used for what (``street``, ``number``, …).
    skipped
        Rows left out, as ``(row number, reason)`` (at most 50 kept; ``rows_skipped`` counts them all).
    """

    file_name: str
    frame: pd.DataFrame
    crs: str
    crs_source: str
    columns: dict[str, str]
    rows_read: int
    rows_skipped: int
    skipped: tuple[tuple[int, str], ...]
    notes: tuple[str, ...] = ()


def read_address_file(
    source: str | Path | bytes,
    *,
    file_name: str | None = None,
    crs: str | None = None,
    columns: dict[str, str] | None = None,
) -> AddressFile:
    """Read a kommun's address register: CSV (x/y or lat/lon columns), GeoPackage or GeoJSON points.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload); then ``file_name`` tells the format.
    file_name
        The name the user knows the file by (default: the path's name).
    crs
        The coordinate system (``EPSG:3014``) when the file declares none and it cannot be detected
        (a local SWEREF 99 zone), or declares a wrong one.
    columns
        Column choices overriding the recognised names: ``street``, ``number``, ``letter``, ``postcode``,
        ``locality``, ``address`` (street and number in one), ``x``, ``y``.

    Raises
    ------
    InputFileError
        For an unsupported file, no street/number or coordinate columns (listing the columns), an
        unknown coordinate system, or addresses outside Sweden. Single unusable rows are skipped and
        reported instead.
    """
    what = ("an uploaded address register", "ett uppladdat adressregister")
    with local_file(source, file_name, what=what) as path:
        return _read_path(path, file_name or path.name, crs, columns or {})


def _read_path(path: Path, file_name: str, crs: str | None, chosen: dict[str, str]) -> AddressFile:
    from est.areas.files import settle_crs

    suffix = path.suffix.lower()
    if suffix not in ADDRESS_SUFFIXES:
        raise InputFileError(
            f"{file_name}: unsupported file type '{suffix or '(none)'}'; use CSV (.csv), GeoPackage (.gpkg) or "
            "GeoJSON (.geojson)",
            sv=f"{file_name}: filtypen '{suffix or '(ingen)'}' stöds inte; använd CSV (.csv), GeoPackage (.gpkg) "
            "eller GeoJSON (.geojson)",
        )
    notes: list[str] = []
    gdf = _read_csv(path, file_name, chosen, notes) if suffix in (".csv", ".txt") else _read_gis(path, file_name)
    gdf, crs_name, crs_source, crs_notes = settle_crs(gdf, path, file_name, crs)
    notes.extend(crs_notes)
    points = _to_wgs84(gdf, file_name, crs_name)
    attributes = [c for c in gdf.columns if c != gdf.geometry.name]
    used = _choose_columns(attributes, chosen, file_name, need_xy=False)
    frame, skipped = _address_rows(gdf, used, points)
    if frame.empty:
        first = "; ".join(f"rad {n}: {why}" for n, why in skipped[:3])
        raise InputFileError(
            f"{file_name}: no row has a street, a number and a point ({first})",
            sv=f"{file_name}: ingen rad har gata, nummer och punkt ({first})",
        )
    return AddressFile(
        file_name,
        frame,
        crs_name,
        crs_source,
        used,
        len(gdf),
        len(skipped),
        tuple(skipped[:50]),
        tuple(notes),
    )


def _read_csv(path: Path, file_name: str, chosen: dict[str, str], notes: list[str]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
        notes.append("the file is not UTF-8; Windows-1252 was used")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t", "|"), key=first.count)
    from io import StringIO

    frame = pd.read_csv(StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    used = _choose_columns(list(frame.columns), chosen, file_name, need_xy=True)
    x = _coordinates(frame[used["x"]])
    y = _coordinates(frame[used["y"]])
    if x.notna().any() and y.notna().any() and float(x.median()) > 5_000_000 > float(y.median()):
        # Swedish surveying names the northing x: the larger numbers are the northing.
        x, y = y, x
        notes.append(f"the column '{used['x']}' holds northings and '{used['y']}' eastings; they were swapped")
    keep = x.notna() & y.notna()
    frame = frame.assign(_row=range(2, len(frame) + 2))
    gdf = gpd.GeoDataFrame(
        frame[keep].reset_index(drop=True),
        geometry=gpd.points_from_xy(x[keep], y[keep]),
        crs=None,
    )
    missing = int((~keep).sum())
    if missing:
        notes.append(f"{missing} row(s) without readable coordinates were skipped")
    return gdf


def _coordinates(values: pd.Series) -> pd.Series:
    import pandas as pd

    cleaned = values.astype(str).str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
    return pd.to_numeric(cleaned, errors="coerce")


def _read_gis(path: Path, file_name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pyogrio

    options: dict[str, Any] = {}
    with refuse_unreadable(file_name):
        if path.suffix.lower() == ".gpkg":
            layers = [(str(n), str(k or "")) for n, k in pyogrio.list_layers(path)]
            points = [n for n, k in layers if "POINT" in k.upper()]
            if not points:
                found = ", ".join(f"{n} ({k or '-'})" for n, k in layers)
                raise InputFileError(
                    f"{file_name} has no point layer (layers: {found}); an address register needs points",
                    sv=f"{file_name} har inget punktlager (lager: {found}); ett adressregister behöver punkter",
                )
            options["layer"] = points[0]
        frame = gpd.read_file(path, engine="pyogrio", **options)
    kinds = frame.geometry.geom_type
    keep = kinds.isin(["Point", "MultiPoint"]) & ~frame.geometry.is_empty
    if not keep.any():
        raise InputFileError(
            f"{file_name} has no points; an address register needs one point per address",
            sv=f"{file_name} har inga punkter; ett adressregister behöver en punkt per adress",
        )
    frame = frame.assign(_row=range(1, len(frame) + 1))[keep].reset_index(drop=True)
    frame = frame.set_geometry(frame.geometry.representative_point())
    return frame


def _choose_columns(columns: list[str], chosen: dict[str, str], file_name: str, *, need_xy: bool) -> dict[str, str]:
    """Which column holds what: the user's choice, else the first recognised name."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise_name(str(column)), str(column))
    used: dict[str, str] = {}
    for what, names in COLUMN_NAMES.items():
        if what in chosen:
            wanted = chosen[what]
            real = wanted if wanted in columns else by_norm.get(normalise_name(wanted))
            if real is None:
                raise InputFileError(
                    f"{file_name}: the column '{wanted}' (for {what}) is not in the file; the columns are: "
                    f"{', '.join(map(str, columns))}",
                    sv=f"{file_name}: kolumnen '{wanted}' (för {what}) finns inte i filen; kolumnerna är: "
                    f"{', '.join(map(str, columns))}",
                )
            used[what] = real
            continue
        for name in names:
            found = by_norm.get(name)
            if found is not None and found not in used.values():
                used[what] = found
                break
    has_street = ("street" in used and "number" in used) or "address" in used
    if not has_street or (need_xy and not ("x" in used and "y" in used)):
        listed = ", ".join(map(str, columns))
        raise InputFileError(
            f"{file_name}: cannot tell which columns hold the street and number"
            + (" and the coordinates (x/y, E/N or lat/lon)" if need_xy else "")
            + f"; the columns are: {listed}. Name them, e.g. --column street=GATA --column number=NR",
            sv=f"{file_name}: det går inte att avgöra vilka kolumner som har gata och nummer"
            + (" och koordinater (x/y, E/N eller lat/lon)" if need_xy else "")
            + f"; kolumnerna är: {listed}. Ange dem, t.ex. --column street=GATA --column number=NR",
        )
    return used


def _to_wgs84(gdf: gpd.GeoDataFrame, file_name: str, crs_name: str) -> gpd.GeoSeries:
    try:
        points = gdf.geometry.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj raises several kinds for impossible transformations
        raise InputFileError(
            f"{file_name}: cannot transform from {crs_name} to WGS 84: {exc}",
            sv=f"{file_name}: kan inte räkna om från {crs_name} till WGS 84: {exc}",
        ) from exc
    lon, lat = points.x, points.y
    inside = lon.between(_SWEDEN[0], _SWEDEN[2]) & lat.between(_SWEDEN[1], _SWEDEN[3])
    if len(points) and not inside.any():
        shown = f"longitude {float(lon.min()):.2f}–{float(lon.max()):.2f}, latitude {float(lat.min()):.2f}–"
        shown += f"{float(lat.max()):.2f}"
        raise InputFileError(
            f"{file_name}: read as {crs_name}, the addresses lie at {shown}, outside Sweden; the coordinate "
            "system is wrong: give the right one (--crs; SWEREF 99 TM is EPSG:3006, a local zone e.g. EPSG:3014)",
            sv=f"{file_name}: lästa som {crs_name} ligger adresserna på {shown}, utanför Sverige; "
            "koordinatsystemet är fel: välj rätt (--crs i kommandoraden; SWEREF 99 TM är EPSG:3006, en lokal "
            "zon t.ex. EPSG:3014)",
        )
    return points


def _address_rows(
    gdf: gpd.GeoDataFrame, used: dict[str, str], points: gpd.GeoSeries
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The usable addresses of the file, and the rows left out with the reason."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    skipped: list[tuple[int, str]] = []

    def text(values: dict[str, Any], what: str) -> str:
        if what not in used:
            return ""
        value = values.get(used[what])
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return str(value).strip().removesuffix(".0")

    records = gdf.drop(columns=[gdf.geometry.name]).to_dict("records")
    for values, point in zip(records, points, strict=True):
        number_row = int(values.get("_row") or 0)
        street, number, letter = text(values, "street"), text(values, "number"), text(values, "letter")
        parsed: ParsedAddress | None = None
        if street and number:
            found = _NUMBER.match(number)
            if found:
                parsed = ParsedAddress(street_key(street), int(found.group(1)), _fold(found.group(2) or letter))
        elif whole := text(values, "address"):
            parsed = parse_address(whole)
            before_number = re.match(r"^(.*?\D)\s*\d", whole)
            street = before_number.group(1).strip(" ,") if before_number else whole
        if parsed is None or not parsed.street_key:
            skipped.append((number_row, "no street and number"))
            continue
        lon, lat = float(point.x), float(point.y)
        if not (_SWEDEN[0] <= lon <= _SWEDEN[2] and _SWEDEN[1] <= lat <= _SWEDEN[3]):
            skipped.append((number_row, "the point is outside Sweden"))
            continue
        postcode = re.sub(r"\D", "", text(values, "postcode")) or None
        rows.append(
            {
                "street": street,
                "street_key": parsed.street_key,
                "number": parsed.number,
                "letter": parsed.letter,
                "postcode": postcode if postcode and len(postcode) == 5 else None,
                "locality": text(values, "locality") or None,
                "lat": round(lat, 7),
                "lon": round(lon, 7),
            }
        )
    columns = ["street", "street_key", "number", "letter", "postcode", "locality", "lat", "lon"]
    return pd.DataFrame(rows, columns=columns), skipped


# -- geocoding -------------------------------------------------------------------------------------------


@dataclass
class GeocodeReport:
    """What geocoding did: incidents matched, and those not matched by reason with examples.

    Reasons: ``not_in_register`` (no such street and number), ``ambiguous`` (several addresses; a
    postcode would tell), ``postcode`` (the postcode in the text disagrees), ``no_address`` (no street
    and number in the text). ``examples`` are ``(text, reason, incidents)``, most frequent first.
    ``reverted`` counts incidents whose earlier point the register no longer gives.
    """

    matched: int = 0
    unmatched: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    examples: list[tuple[str, str, int]] = field(default_factory=list)
    reverted: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (for ``--json``)."""
        return {
            "matched": self.matched,
            "unmatched": self.unmatched,
            "reasons": dict(self.reasons),
            "examples": [{"text": t, "reason": r, "incidents": n} for t, r, n in self.examples],
            "reverted": self.reverted,
        }


def _register(writer: Reader) -> dict[tuple[str, int], list[tuple[int, str, str | None, float, float]]]:
    found: dict[tuple[str, int], list[tuple[int, str, str | None, float, float]]] = {}
    for a_id, key, number, letter, postcode, lat, lon in writer.rows(
        "SELECT id, street_key, number, letter, postcode, lat, lon FROM addresses"
    ):
        found.setdefault((str(key), int(number)), []).append(
            (int(a_id), str(letter), None if postcode is None else str(postcode), float(lat), float(lon))
        )
    return found


def _resolve(
    parsed: ParsedAddress | None, register: dict[tuple[str, int], list[tuple[int, str, str | None, float, float]]]
) -> tuple[tuple[int, float, float] | None, str]:
    """The register address for a parsed address, or None with the reason."""
    if parsed is None:
        return None, "no_address"
    entries = register.get((parsed.street_key, parsed.number))
    if not entries:
        return None, "not_in_register"
    if parsed.postcode:
        entries = [e for e in entries if e[2] is None or e[2] == parsed.postcode]
        if not entries:
            return None, "postcode"
    same = [e for e in entries if e[1] == parsed.letter]
    if not same and parsed.letter:
        same = [e for e in entries if e[1] == ""]  # "12 B" where the register has only "12"
    if not same:
        return None, "ambiguous" if len(entries) > 1 else "not_in_register"
    points = {(round(e[3], 5), round(e[4], 5)) for e in same}
    if len(points) > 1:
        return None, "ambiguous"
    return (same[0][0], same[0][3], same[0][4]), "matched"


def geocode_incidents(writer: Writer, *, batch_id: int | None = None, again: bool = False) -> GeocodeReport:
    """Give incidents without coordinates the point of their address in the register, inside ``writer``.

    Parameters
    ----------
    writer
        The caller's write transaction (the importer's, or :func:`import_address_register`'s).
    batch_id
        Only this import batch's incidents (the importer's call); default every stored incident.
    again
        First take back every point the register gave before (the register changed), then geocode.

    Returns
    -------
    GeocodeReport
        Nothing is done (an empty report) when the register is empty and ``again`` is false.
    """
    import numpy as np
    import pyarrow as pa

    from est.intake.placing import AreaLocator

    report = GeocodeReport()
    before: set[int] = set()
    if again:
        before = {int(r[0]) for r in writer.rows("SELECT DISTINCT incident_id FROM incident_geocodes")}
        _take_back_points(writer)
    elif not writer.value("SELECT count(*) FROM (SELECT 1 FROM addresses LIMIT 1)"):
        return report
    batch = "AND batch_id = ?" if batch_id is not None else ""
    params = [batch_id] if batch_id is not None else []
    places = writer.rows(
        "SELECT place, list(id ORDER BY id) FROM incidents "  # noqa: S608 - code constant
        f"WHERE lat IS NULL AND place IS NOT NULL AND trim(place) <> '' {batch} GROUP BY place",
        params,
    )
    register = _register(writer)
    matched_ids: list[int] = []
    matched_address: list[int] = []
    matched_lat: list[float] = []
    matched_lon: list[float] = []
    reasons: Counter[str] = Counter()
    examples: Counter[tuple[str, str]] = Counter()
    for place, ids in places:
        found, reason = _resolve(parse_address(str(place)), register)
        if found is None:
            reasons[reason] += len(ids)
            examples[(str(place), reason)] += len(ids)
            continue
        matched_ids.extend(int(i) for i in ids)
        matched_address.extend([found[0]] * len(ids))
        matched_lat.extend([found[1]] * len(ids))
        matched_lon.extend([found[2]] * len(ids))
    report.matched = len(matched_ids)
    report.unmatched = sum(reasons.values())
    report.reasons = dict(reasons)
    report.examples = [(t, r, n) for (t, r), n in examples.most_common(_MAX_EXAMPLES)]
    if matched_ids:
        writer.register(
            "est_geocoded",
            pa.table(
                {
                    "id": pa.array(matched_ids, pa.int64()),
                    "address_id": pa.array(matched_address, pa.int64()),
                    "lat": pa.array(matched_lat, pa.float64()),
                    "lon": pa.array(matched_lon, pa.float64()),
                }
            ),
        )
        writer.execute(
            "INSERT INTO incident_geocodes (incident_id, address_id, prior_precision, prior_area_set_id, "
            "prior_area_id) SELECT g.id, g.address_id, i.location_precision, ia.area_set_id, ia.area_id "
            "FROM est_geocoded g JOIN incidents i ON i.id = g.id LEFT JOIN (SELECT incident_id, "
            "min(area_set_id) AS area_set_id, arg_min(area_id, area_set_id) AS area_id FROM incident_areas "
            "WHERE incident_id IN (SELECT id FROM est_geocoded) GROUP BY incident_id) ia ON ia.incident_id = g.id"
        )
        writer.execute(
            "UPDATE incidents SET lat = g.lat, lon = g.lon, location_precision = 'exact' FROM est_geocoded g "
            "WHERE incidents.id = g.id"
        )
        writer.execute("DELETE FROM incident_areas WHERE incident_id IN (SELECT id FROM est_geocoded)")
        ids = np.array(matched_ids, dtype=np.int64)
        for (set_id,) in writer.rows("SELECT id FROM area_sets ORDER BY id"):
            locator = AreaLocator(
                [
                    (int(r[0]), bytes(r[1]))
                    for r in writer.rows("SELECT id, geom_wkb FROM areas WHERE area_set_id = ?", [set_id])
                ]
            )
            found_areas = locator.locate(np.array(matched_lon), np.array(matched_lat))
            writer.register(
                "est_geocoded_areas",
                pa.table({"id": ids, "area_id": pa.array(found_areas, mask=found_areas < 0, type=pa.int32())}),
            )
            writer.execute(
                "INSERT INTO incident_areas (incident_id, area_set_id, area_id) "
                "SELECT id, ?, area_id FROM est_geocoded_areas",
                [int(set_id)],
            )
    report.reverted = len(before - set(matched_ids))
    return report


def _take_back_points(writer: Writer) -> None:
    """Undo every point the register gave: each incident returns to its earlier area, or to no place."""
    # Retention may have purged a geocoded incident's point already; only those with a point go back.
    writer.execute(
        "CREATE OR REPLACE TEMP TABLE est_ungeocode AS SELECT g.* FROM incident_geocodes g "
        "JOIN incidents i ON i.id = g.incident_id WHERE i.lat IS NOT NULL"
    )
    writer.execute(
        "UPDATE incidents SET lat = NULL, lon = NULL, location_precision = u.prior_precision "
        "FROM est_ungeocode u WHERE incidents.id = u.incident_id"
    )
    writer.execute("DELETE FROM incident_areas WHERE incident_id IN (SELECT incident_id FROM est_ungeocode)")
    writer.execute(
        "INSERT INTO incident_areas (incident_id, area_set_id, area_id) "
        "SELECT u.incident_id, u.prior_area_set_id, a.id FROM est_ungeocode u "
        "LEFT JOIN areas a ON a.id = u.prior_area_id AND a.area_set_id = u.prior_area_set_id "
        "WHERE u.prior_area_set_id IS NOT NULL AND EXISTS (SELECT 1 FROM area_sets s WHERE s.id = u.prior_area_set_id)"
    )
    writer.execute("DELETE FROM incident_geocodes")
    writer.execute("DROP TABLE est_ungeocode")


# -- importing a register --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterImport:
    """What importing a register did: addresses stored, rows left out, and the stored incidents geocoded."""

    file_name: str
    addresses: int
    rows_skipped: int
    skipped: tuple[tuple[int, str], ...]
    crs: str
    crs_source: str
    columns: dict[str, str]
    notes: tuple[str, ...]
    geocoded: GeocodeReport

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (for ``--json``)."""
        return {
            "file": self.file_name,
            "addresses": self.addresses,
            "rows_skipped": self.rows_skipped,
            "skipped": [{"row": n, "reason": why} for n, why in self.skipped],
            "crs": self.crs,
            "crs_source": self.crs_source,
            "columns": dict(self.columns),
            "notes": list(self.notes),
            "incidents": self.geocoded.to_dict(),
        }


def import_address_register(store: Store, viewer: Viewer, address_file: AddressFile) -> RegisterImport:
    """Replace the address register with ``address_file`` and geocode the stored incidents again.

    Needs :attr:`~est.access.auth.Permission.MANAGE_AREAS`. One transaction: the register, the incidents' points
    and areas, and the audit entry are stored together or not at all.
    """
    import pyarrow as pa

    require(viewer, Permission.MANAGE_AREAS)
    frame = address_file.frame
    with store.writing() as writer:
        writer.execute("DELETE FROM addresses")
        writer.register("est_addresses_arrow", pa.Table.from_pandas(frame, preserve_index=False))
        writer.execute(
            "INSERT INTO addresses (street, street_key, number, letter, postcode, locality, lat, lon) "
            "SELECT street, street_key, number, letter, postcode, locality, lat, lon FROM est_addresses_arrow"
        )
        writer.execute(
            "INSERT INTO address_imports (file_name, source_crs, crs_source, addresses, rows_skipped, imported_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                address_file.file_name,
                address_file.crs,
                address_file.crs_source,
                len(frame),
                address_file.rows_skipped,
                viewer.user,
            ],
        )
        report = geocode_incidents(writer, again=True)
        audit.record(
            writer,
            viewer.user,
            "address_register_import",
            target=address_file.file_name,
            rows=len(frame),
            detail={
                "crs": address_file.crs,
                "rows_skipped": address_file.rows_skipped,
                "incidents_matched": report.matched,
                "incidents_unmatched": report.unmatched,
                "incidents_reverted": report.reverted,
            },
        )
    return RegisterImport(
        address_file.file_name,
        len(frame),
        address_file.rows_skipped,
        address_file.skipped,
        address_file.crs,
        address_file.crs_source,
        dict(address_file.columns),
        address_file.notes,
        report,
    )


def register_status(reader: Reader) -> dict[str, Any]:
    """The stored register: addresses, the last import, and how many incidents have a point from it."""
    last = reader.row(
        "SELECT file_name, source_crs, imported_at, imported_by FROM address_imports ORDER BY id DESC LIMIT 1"
    )
    return {
        "addresses": int(reader.value("SELECT count(*) FROM addresses")),
        "file": None if last is None else str(last[0]),
        "crs": None if last is None else last[1],
        "imported_at": None if last is None else last[2],
        "imported_by": None if last is None else last[3],
        "incidents_geocoded": int(
            reader.value(
                "SELECT count(*) FROM incident_geocodes g JOIN incidents i ON i.id = g.incident_id "
                "WHERE i.lat IS NOT NULL"
            )
        ),
        "incidents_without_point": int(
            reader.value("SELECT count(*) FROM incidents WHERE lat IS NULL AND place IS NOT NULL")
        ),
    }
