"""Area sets and areas: storing a set's polygons, listing them, and assigning incidents to areas.

Who calls it: the demo generator and the area-file import (``est areas import``, the Areas page) save
sets through :func:`save_area_set`; the incident import and set replacement call :func:`assign_incidents`
inside their own write transaction; analysis and maps read :func:`list_areas` / :func:`area_geojson`.

Geometry is stored in WGS84 (longitude/latitude) as WKB, repaired and 2-D, with a simplified GeoJSON copy
for maps. Assignment is a DuckDB spatial join (``ST_Intersects`` with an R-tree built on the fly); a point
on a border shared by two areas goes to the one with the lowest area id, so the result is deterministic.
Points outside every area get ``area_id`` NULL ("utanför områden"): counted, never dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

import pandas as pd
import shapely
import shapely.geometry
from shapely.geometry import mapping

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.errors import EstError, InputFileError

if TYPE_CHECKING:
    import geopandas as gpd

    from est.i18n import Lang
    from est.store import Reader, Store, Writer

__all__ = [
    "AreaColumns",
    "AreaSet",
    "AreaSetOptions",
    "IndicatorReport",
    "MergedArea",
    "Replacement",
    "area_geojson",
    "area_indicators",
    "area_listing",
    "area_overview",
    "assign_incidents",
    "default_area_set",
    "get_area_set",
    "import_area_indicators",
    "list_area_sets",
    "list_areas",
    "overview_for_display",
    "overview_totals",
    "replace_area_set",
    "save_area_set",
    "set_default_area_set",
    "text_values",
    "update_areas",
]

DISPLAY_TOLERANCE_DEG = 0.0001  # about 10 m: invisible at city zoom, keeps map payloads small


@dataclass(frozen=True)
class AreaColumns:
    """Which columns of an area file hold what: the one description every area-set save takes.

    Attributes
    ----------
    name
        The areas' names (required).
    code
        The areas' codes; None: the name is the code.
    population, dwellings
        Counts per area; None: the values already stored for a code are kept.

    Examples
    --------
    >>> AreaColumns(name="namn", code="kod").given()
    ('namn', 'kod')
    """

    name: str
    code: str | None = None
    population: str | None = None
    dwellings: str | None = None

    def given(self) -> tuple[str, ...]:
        """The columns that are named, in the order name, code, population, dwellings."""
        return tuple(c for c in (self.name, self.code, self.population, self.dwellings) if c is not None)


@dataclass(frozen=True)
class AreaSet:
    """An area set as stored."""

    id: int
    name: str
    is_default: bool
    areas: int


def _prepare_geometry(geom: Any) -> Any:
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(polys) if polys else shapely.Polygon()
    return geom


@dataclass(frozen=True)
class MergedArea:
    """An area the file draws as several features with one name (and one code), saved as one area."""

    name: str
    parts: int


def _check_one_area_per_name(names: pd.Series, codes: pd.Series, name_column: str, code_column: str) -> None:
    """Refuse a name that two different codes share, and a code that two different names share."""
    pairs = pd.DataFrame({"name": names, "code": codes}).drop_duplicates()
    for key, other, column in (("name", "code", name_column), ("code", "name", code_column)):
        shared = pairs[pairs[key].duplicated(keep=False)]
        if shared.empty:
            continue
        value = str(shared[key].iloc[0])
        found = ", ".join(str(v) for v in shared.loc[shared[key] == shared[key].iloc[0], other].head(10))
        if key == "name":
            raise EstError(
                f"the name '{value}' is used by features with different codes ({found}) in column "
                f"'{code_column}'; one name must be one area: rename one of them in the file, give them the "
                "same code if they are parts of one area, or choose another name column",
                sv=f"namnet '{value}' används av objekt med olika koder ({found}) i kolumnen '{code_column}'; "
                "ett namn måste vara ett område: byt namn på ett av dem i filen, ge dem samma kod om de är "
                "delar av ett område, eller välj en annan namnkolumn",
            )
        raise EstError(
            f"the code '{value}' in column '{column}' is used by features with different names ({found}); "
            "one code must be one area: correct the codes in the file, or choose another code column",
            sv=f"koden '{value}' i kolumnen '{column}' används av objekt med olika namn ({found}); en kod måste "
            "vara ett område: rätta koderna i filen, eller välj en annan kodkolumn",
        )


def _merged_count(values: list[int | None]) -> int | None:
    """One figure for an area drawn in parts; None when no part has one.

    The sum of the parts' figures, or the figure once when every part that has one carries the same (an
    area's attributes copied onto each part of an exploded multipolygon).
    """
    known = [v for v in values if v is not None]
    if not known:
        return None
    return known[0] if len(set(known)) == 1 else sum(known)


class AreaSetOptions(TypedDict, total=False):
    """How an area file is read and kept: the keyword arguments of :func:`save_area_set` and its kin."""

    columns: Required[AreaColumns]  #: columns of the frame; without a code column the name is the code
    default: bool  #: make this the default set (default: no)
    source_file: str | None  #: where the set came from, kept with the set
    source_crs: str | None


def save_area_set(writer: Writer, name: str, gdf: gpd.GeoDataFrame, **options: Unpack[AreaSetOptions]) -> int:
    """Store ``gdf`` (any CRS; it is reprojected to WGS84) as the area set ``name``, replacing its areas.

    Features with the same name (and, with a code column, the same code) are parts of one area and are
    saved as one (multi)polygon area; two different codes sharing a name, or two names sharing a code,
    are an error.

    Areas are matched by code when a set is replaced: an area whose code is still there keeps its id
    (so its incidents, indicators and hand-entered population stay with it), new codes are added and
    codes that are gone are removed. Without a population (dwellings) column, the values already stored
    for a code are kept.

    Parameters
    ----------
    writer
        The open write transaction.
    name
        The set's name, e.g. ``"Bostadsområden"``.
    gdf
        Polygons with the columns ``options["columns"]`` names.
    **options
        :class:`AreaSetOptions`: the columns, whether it becomes the default set, and where it came from.

    Returns
    -------
    int
        The area set id.

    Raises
    ------
    EstError
        When a column is missing, names or codes are blank, a name has two codes (or a code two names), or
        there are no polygons.
    """
    return replace_area_set(writer, name, gdf, reassign=False, **options).set_id


def _save(
    writer: Writer, name: str, gdf: gpd.GeoDataFrame, options: AreaSetOptions
) -> tuple[int, bool, list[int], tuple[MergedArea, ...]]:
    """Save the set; return (set id, whether it replaced an existing set, ids of removed areas, merges).

    The steps: check the file, read its names and codes, build one row per area (parts merged), then
    write: the set's own row, areas whose code is gone, areas whose code stays, new areas, the default.
    """
    columns = options["columns"]
    _check_area_frame(gdf, columns)
    wgs = gdf.to_crs("EPSG:4326") if gdf.crs.to_epsg() != 4326 else gdf
    names, codes = _read_names_and_codes(wgs, columns)
    staged, merged = _stage_areas(wgs, names, codes, columns)
    set_id, replaced = _upsert_set_row(writer, name, options.get("source_file"), options.get("source_crs"))
    writer.register("_est_staged_areas", staged)
    removed: list[int] = []
    if replaced:
        removed = _remove_gone_areas(writer, set_id)
        _update_kept_areas(writer, set_id, columns)
    _insert_new_areas(writer, set_id)
    _settle_default_set(writer, set_id, options.get("default", False))
    return set_id, replaced, removed, merged


def _check_area_frame(gdf: gpd.GeoDataFrame, columns: AreaColumns) -> None:
    """Refuse a frame that lacks a named column (the message lists the file's columns) or has no CRS."""
    for given in columns.given():
        if given not in gdf.columns:
            found = ", ".join(str(c) for c in gdf.columns if c != gdf.geometry.name)
            raise EstError(
                f"column '{given}' not found; found: {found}", sv=f"kolumnen '{given}' finns inte; filen har: {found}"
            )
    if gdf.crs is None:
        raise EstError(
            "the area file has no coordinate system; give one, e.g. --crs EPSG:3006",
            sv="områdesfilen saknar koordinatsystem; välj ett, t.ex. EPSG:3006 (--crs EPSG:3006 i kommandoraden)",
        )


def _read_names_and_codes(wgs: gpd.GeoDataFrame, columns: AreaColumns) -> tuple[pd.Series, pd.Series]:
    """Each feature's name and code as text (no code column: the name is the code), checked.

    Raises
    ------
    EstError
        When a name or code is blank, or a name has two codes (a code two names).
    """
    name_column, code_column = columns.name, columns.code
    names = text_values(wgs[name_column])
    codes = text_values(wgs[code_column]) if code_column else names
    for column, values in ((name_column, names), (code_column, codes)):
        if column is None:
            continue
        blank = values.isna() | (values == "")
        if blank.any():
            features = [int(i) + 1 for i in values.index[blank]]
            raise EstError(
                f"column '{column}' is blank in feature(s) {features[:10]}; every area needs a "
                f"{'name' if column == name_column else 'code'}: fill them in or choose another column",
                sv=f"kolumnen '{column}' är tom i objekt {features[:10]}; varje område behöver "
                f"{'ett namn' if column == name_column else 'en kod'}: fyll i dem eller välj en annan kolumn",
            )
    if code_column:
        _check_one_area_per_name(names, codes, name_column, code_column)
    return names, codes


def _stage_areas(
    wgs: gpd.GeoDataFrame, names: pd.Series, codes: pd.Series, columns: AreaColumns
) -> tuple[pd.DataFrame, tuple[MergedArea, ...]]:
    """One row per code, ready to write: the features' polygons merged, repaired, simplified for maps.

    Features without a polygon are left out; an area drawn in parts is reported in the merges.

    Raises
    ------
    EstError
        When no feature has a polygon.
    """
    features_of: dict[str, list[int]] = {}  # code → positions of its features, in file order
    for position, code in enumerate(codes):
        features_of.setdefault(str(code), []).append(position)
    merged: list[MergedArea] = []
    rows: list[dict[str, Any]] = []
    for code, positions in features_of.items():
        parts = [_prepare_geometry(g) for g in wgs.geometry.iloc[positions] if g is not None]
        parts = [g for g in parts if not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            continue
        prepared = parts[0] if len(parts) == 1 else _prepare_geometry(shapely.union_all(parts))
        if len(parts) > 1:
            merged.append(MergedArea(str(names.iloc[positions[0]]), len(parts)))
        display = shapely.simplify(prepared, DISPLAY_TOLERANCE_DEG, preserve_topology=True)
        inside = prepared.representative_point()
        min_lon, min_lat, max_lon, max_lat = prepared.bounds
        rows.append(
            {
                "code": code,
                "name": names.iloc[positions[0]],
                "population": _column_count(wgs, columns.population, positions),
                "dwellings": _column_count(wgs, columns.dwellings, positions),
                "geom_wkb": shapely.to_wkb(prepared),
                "display_geojson": json.dumps(mapping(display), separators=(",", ":")),
                "centroid_lat": inside.y,
                "centroid_lon": inside.x,
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
            }
        )
    if not rows:
        raise EstError(
            "the file has no polygons: an area set needs Polygon or MultiPolygon features",
            sv="filen har inga polygoner: en områdesindelning behöver Polygon- eller MultiPolygon-objekt",
        )
    return pd.DataFrame(rows).astype({"population": "Int64", "dwellings": "Int64"}), tuple(merged)


def _upsert_set_row(writer: Writer, name: str, source_file: str | None, source_crs: str | None) -> tuple[int, bool]:
    """Create the set's row, or bump an existing one's version and source; return (set id, whether it existed)."""
    set_id = writer.value("SELECT id FROM area_sets WHERE name = ?", [name])
    if set_id is None:
        created = writer.insert("area_sets", {"name": name, "source_file": source_file, "source_crs": source_crs})
        return int(created), False
    writer.execute(
        "UPDATE area_sets SET version = version + 1, source_file = ?, source_crs = ?, "
        "updated_at = current_timestamp WHERE id = ?",
        [source_file, source_crs, set_id],
    )
    return int(set_id), True


def _remove_gone_areas(writer: Writer, set_id: int) -> list[int]:
    """Delete the set's areas whose code is not staged; their incidents become outside. Return their ids."""
    removed = [
        int(r[0])
        for r in writer.rows(
            "SELECT id FROM areas WHERE area_set_id = ? AND code NOT IN (SELECT code FROM _est_staged_areas) "
            "ORDER BY id",
            [set_id],
        )
    ]
    if removed:
        writer.execute(
            "UPDATE incident_areas SET area_id = NULL WHERE area_set_id = ? AND area_id IN "
            "(SELECT unnest(?::INTEGER[]))",
            [set_id, removed],
        )
        writer.execute("DELETE FROM areas WHERE id IN (SELECT unnest(?::INTEGER[]))", [removed])
    return removed


def _update_kept_areas(writer: Writer, set_id: int, columns: AreaColumns) -> None:
    """Give the areas whose code stays their new name and geometry (same id, so incidents stay with them).

    Population and dwellings come from the file when it has that column, else the stored values are kept.
    """
    keep_population = "s.population" if columns.population else "coalesce(s.population, areas.population)"
    keep_dwellings = "s.dwellings" if columns.dwellings else "coalesce(s.dwellings, areas.dwellings)"
    writer.execute(
        f"UPDATE areas SET name = s.name, population = {keep_population}, "  # noqa: S608 - code constants
        f"dwellings = {keep_dwellings}, geom_wkb = s.geom_wkb, display_geojson = s.display_geojson, "
        "centroid_lat = s.centroid_lat, centroid_lon = s.centroid_lon, min_lon = s.min_lon, "
        "min_lat = s.min_lat, max_lon = s.max_lon, max_lat = s.max_lat "
        "FROM _est_staged_areas s WHERE areas.area_set_id = ? AND areas.code = s.code",
        [set_id],
    )


def _insert_new_areas(writer: Writer, set_id: int) -> None:
    """Add the staged areas whose code the set does not have yet, in code order."""
    writer.execute(
        "INSERT INTO areas (area_set_id, code, name, population, dwellings, geom_wkb, display_geojson, "
        "centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat) "
        "SELECT ?, code, name, population, dwellings, geom_wkb, display_geojson, centroid_lat, centroid_lon, "
        "min_lon, min_lat, max_lon, max_lat FROM _est_staged_areas s "
        "WHERE s.code NOT IN (SELECT code FROM areas WHERE area_set_id = ?) ORDER BY s.code",
        [set_id, set_id],
    )


def _settle_default_set(writer: Writer, set_id: int, default: bool) -> None:
    """Make the set the default when asked, or when no set is the default yet."""
    has_default = writer.value("SELECT count(*) FROM area_sets WHERE is_default")
    if default or not has_default:
        writer.execute("UPDATE area_sets SET is_default = (id = ?)", [set_id])


@dataclass(frozen=True)
class Replacement:
    """What saving (or replacing) a set did: areas, the incidents' areas, and areas merged from parts."""

    set_id: int
    areas: int
    replaced: bool
    assigned: int
    moved: int
    removed_areas: int
    merged: tuple[MergedArea, ...] = ()


def replace_area_set(
    writer: Writer, name: str, gdf: gpd.GeoDataFrame, *, reassign: bool = True, **options: Unpack[AreaSetOptions]
) -> Replacement:
    """Save the set like :func:`save_area_set`, then re-assign every incident and count how many moved.

    An incident "moved" when its area in this set (outside counting as an area) differs from before.
    Incidents located by area keep their area unless that area's code is gone (then they are outside).
    Needs the ``spatial`` extension loaded in ``writer``. With ``reassign=False`` it only saves the set (no
    incident is assigned, none counted as moved; the spatial extension is not needed).

    Returns
    -------
    Replacement
    """
    existed = writer.value("SELECT id FROM area_sets WHERE name = ?", [name])
    compare = reassign and existed is not None  # keep the incidents' areas before, to count those that moved
    if compare:
        writer.execute(
            "CREATE OR REPLACE TEMP TABLE _est_before AS SELECT incident_id, area_id FROM incident_areas "
            "WHERE area_set_id = ?",
            [existed],
        )
    set_id, replaced, removed, merged = _save(writer, name, gdf, options)
    assigned = assign_incidents(writer, area_set_id=set_id) if reassign else 0
    moved = 0
    if compare:
        moved = int(
            writer.value(
                "SELECT count(*) FROM _est_before b FULL JOIN (SELECT incident_id, area_id FROM incident_areas "
                "WHERE area_set_id = ?) a ON a.incident_id = b.incident_id "
                "WHERE a.area_id IS DISTINCT FROM b.area_id OR a.incident_id IS NULL OR b.incident_id IS NULL",
                [set_id],
            )
        )
        writer.execute("DROP TABLE _est_before")
    areas = int(writer.value("SELECT count(*) FROM areas WHERE area_set_id = ?", [set_id]))
    return Replacement(set_id, areas, replaced, assigned, moved, len(removed), merged)


def text_values(values: pd.Series) -> pd.Series:
    """Column values as trimmed text; whole floats lose their ``.0`` (``114.0`` → ``114``), text is kept as is.

    Codes read from text columns keep their leading zeros (``0114``).
    """
    if str(values.dtype).startswith(("float", "Float")):
        numbers = pd.to_numeric(values, errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round())
        text = values.astype("string")
        text[whole] = numbers[whole].astype("int64").astype("string")
        return text.str.strip()
    return values.astype("string").str.strip()


def _column_count(frame: pd.DataFrame, column: str | None, positions: list[int]) -> int | None:
    """A count column (population, dwellings) for the features at ``positions``, which form one area."""
    if column is None:
        return None
    return _merged_count([_optional_int(v) for v in frame[column].iloc[positions]])


def _optional_int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    try:
        return int(float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")))
    except ValueError:
        return None


def assign_incidents(writer: Writer, *, area_set_id: int | None = None, batch_id: int | None = None) -> int:
    """(Re)assign located incidents to the areas of one set (or every set), optionally one batch only.

    Incidents located by area (``location_precision = 'area'``) keep the area they were given.
    Must run inside the caller's write transaction (it needs the ``spatial`` extension loaded).

    Returns
    -------
    int
        The number of (incident, set) assignments written, outside included.
    """
    set_ids = (
        [area_set_id]
        if area_set_id is not None
        else [int(r[0]) for r in writer.rows("SELECT id FROM area_sets ORDER BY id")]
    )
    written = 0
    for set_id in set_ids:
        batch_filter = "AND i.batch_id = $batch" if batch_id is not None else ""
        params: dict[str, Any] = {"set": set_id}
        if batch_id is not None:
            params["batch"] = batch_id
        writer.execute(
            "DELETE FROM incident_areas ia USING incidents i WHERE ia.incident_id = i.id "  # noqa: S608 - fragments are code constants; values are bound
            f"AND ia.area_set_id = $set AND i.location_precision = 'exact' {batch_filter}",
            params,
        )
        written += writer.changed(
            # The R-tree spatial join: every exact point against the set's polygons; the lowest area id
            # wins on shared borders; points that hit nothing are kept with a NULL area.
            "INSERT INTO incident_areas (incident_id, area_set_id, area_id) "  # noqa: S608 - fragments are code constants; values are bound
            "WITH a AS (SELECT id, ST_GeomFromWKB(geom_wkb) AS geom FROM areas WHERE area_set_id = $set), "
            "p AS (SELECT id, ST_Point(lon, lat) AS pt FROM incidents i "
            f"      WHERE i.location_precision = 'exact' AND lat IS NOT NULL {batch_filter}), "
            "hit AS (SELECT p.id, min(a.id) AS area_id FROM p JOIN a ON ST_Intersects(a.geom, p.pt) "
            "        GROUP BY p.id) "
            "SELECT p.id, $set, hit.area_id FROM p LEFT JOIN hit ON hit.id = p.id",
            params,
        )
    return written


def list_area_sets(reader: Reader) -> list[AreaSet]:
    """Return every area set, the default first."""
    rows = reader.rows(
        "SELECT s.id, s.name, s.is_default, count(a.id) FROM area_sets s "
        "LEFT JOIN areas a ON a.area_set_id = s.id GROUP BY ALL ORDER BY s.is_default DESC, s.name"
    )
    return [AreaSet(int(r[0]), str(r[1]), bool(r[2]), int(r[3])) for r in rows]


def default_area_set(reader: Reader) -> AreaSet | None:
    """Return the default area set, or None when there is none."""
    sets = list_area_sets(reader)
    return sets[0] if sets else None


def get_area_set(reader: Reader, name: str | None) -> AreaSet:
    """Return the set called ``name`` (the default set when ``name`` is None).

    Raises
    ------
    EstError
        When there is no such set, listing the ones there are.
    """
    sets = list_area_sets(reader)
    if not sets:
        raise EstError(
            "there is no area set yet; import one with: est areas import FILE --set NAME",
            sv="det finns ingen områdesindelning ännu; importera en på sidan Områden "
            "(i kommandoraden: est areas import FILE --set NAME)",
        )
    if name is None:
        return sets[0]
    for found in sets:
        if found.name == name:
            return found
    found_names = ", ".join(s.name for s in sets)
    raise EstError(
        f"area set '{name}' not found; found: {found_names}",
        sv=f"områdesindelningen '{name}' finns inte; det finns: {found_names}",
    )


def list_areas(reader: Reader, area_set_id: int) -> pd.DataFrame:
    """Return the areas of a set: id, code, name, population, dwellings, centroid_lat, centroid_lon."""
    return reader.df(
        "SELECT id, code, name, population, dwellings, centroid_lat, centroid_lon, "
        "min_lon, min_lat, max_lon, max_lat FROM areas WHERE area_set_id = ? ORDER BY name",
        [area_set_id],
    )


def area_geojson(reader: Reader, area_set_id: int) -> dict[str, Any]:
    """Return the set's simplified polygons as a GeoJSON FeatureCollection (properties: code, name)."""
    rows = reader.rows(
        "SELECT code, name, display_geojson FROM areas WHERE area_set_id = ? ORDER BY code", [area_set_id]
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": c, "name": n}, "geometry": json.loads(g)} for c, n, g in rows
        ],
    }


# -- management (coordinator) --------------------------------------------------------------------------


def _set_by_id(reader: Reader, area_set_id: int) -> AreaSet:
    for found in list_area_sets(reader):
        if found.id == area_set_id:
            return found
    raise EstError(
        f"area set {area_set_id} not found; it may have been removed: reload the page",
        sv=f"områdesindelningen {area_set_id} finns inte; den kan ha tagits bort: ladda om sidan",
    )


def set_default_area_set(store: Store, viewer: Viewer, area_set_id: int) -> AreaSet:
    """Make the set the default one (the one pages show first).

    Raises
    ------
    PermissionDeniedError
        Without :attr:`~est.access.auth.Permission.MANAGE_AREAS`.
    """
    require(viewer, Permission.MANAGE_AREAS)
    with store.writing() as writer:
        found = _set_by_id(writer, area_set_id)
        writer.execute("UPDATE area_sets SET is_default = (id = ?)", [area_set_id])
        audit.record(writer, viewer.user, "areas", target=f"area set {found.name}", detail={"action": "default"})
    return found


def update_areas(store: Store, viewer: Viewer, area_set_id: int, edits: pd.DataFrame) -> int:
    """Rename areas and set their population and dwellings by hand.

    Parameters
    ----------
    store
        The database.
    viewer
        Needs :attr:`~est.access.auth.Permission.MANAGE_AREAS`.
    area_set_id
        The set the areas belong to (edits of other sets' areas are refused).
    edits
        Columns ``id`` and any of ``name``, ``population``, ``dwellings`` (blank population/dwellings:
        unknown).

    Returns
    -------
    int
        How many areas changed.

    Raises
    ------
    EstError
        For a blank or duplicated name, a negative number, or an area of another set; nothing is saved.
    """
    require(viewer, Permission.MANAGE_AREAS)
    if "id" not in edits.columns:
        raise EstError(
            "the edits need the area id column 'id'", sv="ändringarna behöver kolumnen 'id' med områdenas id"
        )
    with store.writing() as writer:
        current = list_areas(writer, area_set_id).set_index("id")
        unknown = sorted(set(int(i) for i in edits["id"]) - set(int(i) for i in current.index))
        if unknown:
            raise EstError(
                f"area id(s) {unknown[:10]} are not in this area set; reload the page",
                sv=f"områdena med id {unknown[:10]} finns inte i den här områdesindelningen; ladda om sidan",
            )
        merged = current.copy()
        for column in ("name", "population", "dwellings"):
            if column in edits.columns:
                merged.loc[[int(i) for i in edits["id"]], column] = edits[column].to_numpy()
        names = text_values(merged["name"])
        if (names.isna() | (names == "")).any():
            raise EstError(
                "an area name is blank; every area needs a name",
                sv="ett områdesnamn är tomt; varje område behöver ett namn",
            )
        duplicated = names[names.duplicated()].unique().tolist()
        if duplicated:
            twice = ", ".join(duplicated[:10])
            raise EstError(
                f"area names must be unique; used twice: {twice}",
                sv=f"områdesnamnen måste vara unika; används två gånger: {twice}",
            )
        changed = 0
        new_rows: list[Any] = list(merged[["population", "dwellings"]].itertuples(index=True, name=None))
        old_rows: dict[Any, Any] = {r[0]: r[1:] for r in current[["name", "population", "dwellings"]].itertuples()}
        for area_id, population, dwellings in new_rows:
            values = (
                str(names.loc[area_id]),
                _checked_count(population, "population"),
                _checked_count(dwellings, "dwellings"),
            )
            before = old_rows[area_id]
            old = (str(before[0]), _optional_int(before[1]), _optional_int(before[2]))
            if values != old:
                writer.execute(
                    "UPDATE areas SET name = ?, population = ?, dwellings = ? WHERE id = ?", [*values, int(area_id)]
                )
                changed += 1
        if changed:
            found = _set_by_id(writer, area_set_id)
            audit.record(
                writer, viewer.user, "areas", target=f"area set {found.name}", rows=changed, detail={"action": "edit"}
            )
    return changed


_COUNT_SV = {"population": "antalet invånare", "dwellings": "antalet bostäder"}


def _checked_count(value: Any, what: str) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    number = _optional_int(value)
    if number is None or number < 0:
        raise EstError(
            f"{what} must be a whole number of 0 or more, not '{value}'",
            sv=f"{_COUNT_SV[what]} måste vara ett heltal, 0 eller mer, inte '{value}'",
        )
    return number


# -- area indicators -----------------------------------------------------------------------------------

_KEY_CODE = ("kod", "code", "områdeskod", "omradeskod", "area_code", "deso", "regso", "knkod")
_KEY_NAME = ("namn", "name", "område", "omrade", "area", "områdesnamn", "omradesnamn", "knnamn")
_YEAR = ("år", "ar", "year", "årtal", "artal")
_CANONICAL = {
    "population": "population",
    "befolkning": "population",
    "invånare": "population",
    "invanare": "population",
    "folkmängd": "population",
    "folkmangd": "population",
    "dwellings": "dwellings",
    "bostäder": "dwellings",
    "bostader": "dwellings",
    "lägenheter": "dwellings",
    "lagenheter": "dwellings",
}


@dataclass(frozen=True)
class IndicatorReport:
    """What :func:`import_area_indicators` did: imported values and the rows it could not use."""

    rows_read: int
    values_imported: int
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    problems: tuple[str, ...]


def _read_indicator_csv(data: bytes, file_name: str) -> pd.DataFrame:
    import io

    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.splitlines()[0] if text.strip() else ""
    sep = max((";", ",", "\t"), key=first.count) if first else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(
            f"{file_name} is not a readable CSV file: {exc}", sv=f"{file_name} är ingen läsbar CSV-fil: {exc}"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _find(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    for column in columns:
        if column.lower() in wanted:
            return column
    return None


def import_area_indicators(
    store: Store, viewer: Viewer, area_set_id: int, data: bytes, file_name: str = "indicators.csv"
) -> IndicatorReport:
    """Import indicators per area and year from a CSV keyed by area code or name.

    The CSV has a key column (``kod``/``code``, else ``namn``/``name``), a year column (``år``/``year``)
    and one column per indicator: ``befolkning``/``population``, ``bostäder``/``dwellings`` and any
    survey result (``Otrygg ute sent på kvällen (%)``). Decimal commas are fine; blank cells are skipped.
    Population and dwellings of the latest year also become the areas' current figures (for rates).
    Rows naming an unknown area or holding a non-number are reported, the rest is imported.

    Returns
    -------
    IndicatorReport

    Raises
    ------
    InputFileError
        When the key or year column is missing, or nothing could be imported; nothing is written then.
    """
    require(viewer, Permission.MANAGE_AREAS)
    frame = _read_indicator_csv(data, file_name)
    columns = list(frame.columns)
    code_col, name_col, year_col = _find(columns, _KEY_CODE), _find(columns, _KEY_NAME), _find(columns, _YEAR)
    key_col = code_col or name_col
    if key_col is None or year_col is None:
        missing = "a key column (kod or namn)" if key_col is None else "a year column (år)"
        missing_sv = "en nyckelkolumn (kod eller namn)" if key_col is None else "en årskolumn (år)"
        raise InputFileError(
            f"{file_name} needs {missing}; found: {', '.join(columns) or 'no columns'}",
            sv=f"{file_name} behöver {missing_sv}; filen har: {', '.join(columns) or 'inga kolumner'}",
        )
    value_cols = [c for c in columns if c not in (code_col, name_col, year_col) and c]
    if not value_cols:
        raise InputFileError(
            f"{file_name} has no indicator columns besides {key_col} and {year_col}",
            sv=f"{file_name} har inga indikatorkolumner utöver {key_col} och {year_col}",
        )
    problems: list[str] = []
    problems_sv: list[str] = []  # the same problems in Swedish, for the error when nothing can be imported
    records: list[list[Any]] = []
    with store.writing() as writer:
        found = _set_by_id(writer, area_set_id)
        areas = list_areas(writer, area_set_id)
        by_key = dict(zip(areas["code" if code_col else "name"].astype(str), areas["code"].astype(str), strict=True))
        for line, row in enumerate(frame.itertuples(index=False), start=2):
            values = dict(zip(columns, row, strict=True))
            key = str(values[key_col]).strip()
            code = by_key.get(key)
            if code is None:
                problems.append(f"row {line}: no area '{key}' in the set {found.name}")
                problems_sv.append(f"rad {line}: inget område '{key}' i indelningen {found.name}")
                continue
            try:
                year = int(str(values[year_col]).strip())
            except ValueError:
                problems.append(f"row {line}: year '{values[year_col]}' is not a year")
                problems_sv.append(f"rad {line}: året '{values[year_col]}' är inget årtal")
                continue
            for column in value_cols:
                cell = str(values[column]).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
                if cell == "":
                    continue
                try:
                    number = float(cell.rstrip("%"))
                except ValueError:
                    problems.append(f"row {line}: '{values[column]}' in column '{column}' is not a number")
                    problems_sv.append(f"rad {line}: '{values[column]}' i kolumnen '{column}' är inget tal")
                    continue
                records.append([area_set_id, code, year, _CANONICAL.get(column.lower(), column), number])
        if not records:
            raise InputFileError(
                f"{file_name}: nothing could be imported; " + ("; ".join(problems[:5]) or "every cell is blank"),
                sv=f"{file_name}: ingenting kunde importeras; "
                + ("; ".join(problems_sv[:5]) or "alla celler är tomma"),
            )
        writer.executemany(
            "INSERT OR REPLACE INTO area_indicators (area_set_id, area_code, year, indicator, value, source_file, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, current_timestamp, ?)",
            [[*r, file_name, viewer.user] for r in records],
        )
        for indicator in ("population", "dwellings"):
            writer.execute(
                f"UPDATE areas SET {indicator} = CAST(round(latest.value) AS INTEGER) "  # noqa: S608 - constant
                "FROM (SELECT area_code, arg_max(value, year) AS value FROM area_indicators "
                "      WHERE area_set_id = ? AND indicator = ? GROUP BY area_code) latest "
                "WHERE areas.area_set_id = ? AND areas.code = latest.area_code",
                [area_set_id, indicator, area_set_id],
            )
        audit.record(
            writer,
            viewer.user,
            "areas",
            target=f"area set {found.name}",
            rows=len(records),
            detail={"action": "indicators", "file": file_name, "problems": len(problems)},
        )
    return IndicatorReport(
        rows_read=len(frame),
        values_imported=len(records),
        indicators=tuple(sorted({str(r[3]) for r in records})),
        years=tuple(sorted({int(r[2]) for r in records})),
        problems=tuple(problems),
    )


def area_indicators(reader: Reader, area_set_id: int) -> pd.DataFrame:
    """Indicators of the set's areas, one row per area and year, one column per indicator."""
    long = reader.df(
        "SELECT a.code, a.name, i.year, i.indicator, i.value FROM area_indicators i "
        "JOIN areas a ON a.area_set_id = i.area_set_id AND a.code = i.area_code "
        "WHERE i.area_set_id = ? ORDER BY a.name, i.year",
        [area_set_id],
    )
    if long.empty:
        return pd.DataFrame(columns=["code", "name", "year"])
    wide = long.pivot_table(index=["code", "name", "year"], columns="indicator", values="value", aggfunc="first")
    wide.columns.name = None
    return wide.reset_index().sort_values(["name", "year"]).reset_index(drop=True)


# -- counts per area -----------------------------------------------------------------------------------


def area_overview(reader: Reader, area_set_id: int) -> pd.DataFrame:
    """All-time incident counts per area of the set, with population and rate, and the rows outside.

    Counted like the analysis pages (:func:`est.picture.filters.where_clause`): a problem that several sources
    reported counts once, at its anchor (``duplicate_of IS NULL``, kept by :mod:`est.intake.dedup`).

    Returns
    -------
    pandas.DataFrame
        ``id``, ``code``, ``name``, ``population``, ``dwellings``, ``incidents``, ``per_1000``,
        ``centroid_lat``, ``centroid_lon`` per area (by name), then one row with ``code`` None for
        located incidents outside every area (always present, possibly 0).
    """
    table = reader.df(
        "SELECT a.id, a.code, a.name, a.population, a.dwellings, coalesce(c.n, 0) AS incidents, "
        "a.centroid_lat, a.centroid_lon FROM areas a "
        "LEFT JOIN (SELECT ia.area_id, sum(i.count) AS n FROM incident_areas ia "
        "           JOIN incidents i ON i.id = ia.incident_id "
        "           WHERE ia.area_set_id = ? AND i.duplicate_of IS NULL GROUP BY ia.area_id) c "
        "ON c.area_id = a.id WHERE a.area_set_id = ? ORDER BY a.name",
        [area_set_id, area_set_id],
    )
    outside = reader.value(
        "SELECT coalesce(sum(i.count), 0) FROM incident_areas ia JOIN incidents i ON i.id = ia.incident_id "
        "WHERE ia.area_set_id = ? AND ia.area_id IS NULL AND i.duplicate_of IS NULL",
        [area_set_id],
    )
    table["incidents"] = table["incidents"].astype("int64")
    row = pd.DataFrame({"code": [None], "name": [None], "incidents": [int(outside or 0)]})
    table = pd.concat([table, row.astype({"code": "object", "name": "object"})], ignore_index=True)
    population = pd.to_numeric(table["population"], errors="coerce")
    table["per_1000"] = (table["incidents"] / population * 1000).where(population > 0).round(1)
    return table


def area_listing(reader: Reader, set_name: str | None) -> dict[str, Any]:
    """The set's areas for ``est areas list``: code, name, population, centroid ``[lat, lon]``, incidents.

    Raises
    ------
    EstError
        When there is no such set.
    """
    found = get_area_set(reader, set_name)
    table = area_overview(reader, found.id)
    inside = table[table["code"].notna()]
    records: list[Any] = list(
        inside[["code", "name", "population", "centroid_lat", "centroid_lon", "incidents"]].itertuples(
            index=False, name=None
        )
    )
    areas = [
        {
            "code": str(code),
            "name": str(name),
            "population": _optional_int(population),
            "centroid": [round(float(lat), 6), round(float(lon), 6)],
            "incidents": int(incidents),
        }
        for code, name, population, lat, lon, incidents in records
    ]
    outside = int(table[table["code"].isna()]["incidents"].sum())
    return {"set": found.name, "default": found.is_default, "areas": areas, "outside": outside}


def overview_totals(overview: pd.DataFrame) -> tuple[int, int]:
    """``(inside, outside)`` incident totals of an :func:`area_overview` table."""
    outside = overview["code"].isna()
    return int(overview.loc[~outside, "incidents"].sum()), int(overview.loc[outside, "incidents"].sum())


def overview_for_display(overview: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The overview with translated headers; the outside row is labelled "Utanför områden"."""
    from est.i18n import t

    shown = overview[["name", "code", "population", "dwellings", "incidents", "per_1000"]].copy()
    shown["name"] = shown["name"].where(shown["code"].notna(), t("common.outside_areas", lang))
    return shown.rename(
        columns={
            "name": t("omraden.col_name", lang),
            "code": t("omraden.col_code", lang),
            "population": t("omraden.col_population", lang),
            "dwellings": t("omraden.col_dwellings", lang),
            "incidents": t("omraden.col_incidents", lang),
            "per_1000": t("omraden.col_rate", lang),
        }
    )
