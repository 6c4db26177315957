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
from typing import TYPE_CHECKING, Any

import pandas as pd
import shapely
from shapely.geometry import mapping

from est.errors import EstError

if TYPE_CHECKING:
    import geopandas as gpd

    from est.store import Reader, Writer

__all__ = [
    "AreaSet",
    "area_geojson",
    "assign_incidents",
    "default_area_set",
    "get_area_set",
    "list_area_sets",
    "list_areas",
    "save_area_set",
]

DISPLAY_TOLERANCE_DEG = 0.0001  # about 10 m: invisible at city zoom, keeps map payloads small


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


def save_area_set(
    writer: Writer,
    name: str,
    gdf: gpd.GeoDataFrame,
    *,
    name_column: str,
    code_column: str | None = None,
    population_column: str | None = None,
    dwellings_column: str | None = None,
    default: bool = False,
    source_file: str | None = None,
    source_crs: str | None = None,
) -> int:
    """Store ``gdf`` (any CRS; it is reprojected to WGS84) as the area set ``name``, replacing its areas.

    Parameters
    ----------
    writer
        The open write transaction.
    name
        The set's name, e.g. ``"Bostadsområden"``.
    gdf
        Polygons with the columns named below.
    name_column, code_column, population_column, dwellings_column
        Columns of ``gdf``; without a code column the name is the code.
    default
        Make this the default set.

    Returns
    -------
    int
        The area set id.

    Raises
    ------
    EstError
        When a column is missing, names are blank or duplicated, or there are no polygons.
    """
    for column in (name_column, code_column, population_column, dwellings_column):
        if column is not None and column not in gdf.columns:
            found = ", ".join(str(c) for c in gdf.columns if c != gdf.geometry.name)
            raise EstError(f"column '{column}' not found; found: {found}")
    if gdf.crs is None:
        raise EstError("the area file has no coordinate system; give one, e.g. --crs EPSG:3006")
    wgs = gdf.to_crs("EPSG:4326") if gdf.crs.to_epsg() != 4326 else gdf
    names = wgs[name_column].astype("string").str.strip()
    codes = wgs[code_column].astype("string").str.strip() if code_column else names
    if names.isna().any() or (names == "").any():
        blank = [int(i) + 1 for i in names.index[names.isna() | (names == "")]]
        raise EstError(f"the name column '{name_column}' is blank in feature(s) {blank[:10]}; fill them in")
    duplicated = codes[codes.duplicated()].unique().tolist()
    if duplicated:
        column = code_column or name_column
        raise EstError(
            f"column '{column}' has duplicates ({', '.join(map(str, duplicated[:10]))}); each area needs a "
            "unique code: choose a code column with unique values"
        )
    rows: list[list[Any]] = []
    for i, geom in enumerate(wgs.geometry):
        prepared = _prepare_geometry(geom) if geom is not None else None
        if prepared is None or prepared.is_empty or prepared.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        display = shapely.simplify(prepared, DISPLAY_TOLERANCE_DEG, preserve_topology=True)
        inside = prepared.representative_point()
        min_lon, min_lat, max_lon, max_lat = prepared.bounds
        rows.append(
            [
                codes.iloc[i],
                names.iloc[i],
                _optional_int(wgs[population_column].iloc[i]) if population_column else None,
                _optional_int(wgs[dwellings_column].iloc[i]) if dwellings_column else None,
                shapely.to_wkb(prepared),
                json.dumps(mapping(display), separators=(",", ":")),
                inside.y,
                inside.x,
                min_lon,
                min_lat,
                max_lon,
                max_lat,
            ]
        )
    if not rows:
        raise EstError("the file has no polygons: an area set needs Polygon or MultiPolygon features")
    set_id = writer.value("SELECT id FROM area_sets WHERE name = ?", [name])
    if set_id is None:
        set_id = writer.value(
            "INSERT INTO area_sets (name, source_file, source_crs) VALUES (?, ?, ?) RETURNING id",
            [name, source_file, source_crs],
        )
    else:
        writer.execute(
            "UPDATE area_sets SET version = version + 1, source_file = ?, source_crs = ?, "
            "updated_at = current_timestamp WHERE id = ?",
            [source_file, source_crs, set_id],
        )
        writer.execute("DELETE FROM areas WHERE area_set_id = ?", [set_id])
    writer.executemany(
        "INSERT INTO areas (area_set_id, code, name, population, dwellings, geom_wkb, display_geojson, "
        "centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[set_id, *row] for row in rows],
    )
    has_default = writer.value("SELECT count(*) FROM area_sets WHERE is_default")
    if default or not has_default:
        writer.execute("UPDATE area_sets SET is_default = (id = ?)", [set_id])
    return int(set_id)


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
        raise EstError("there is no area set yet; import one with: est areas import FILE --set NAME")
    if name is None:
        return sets[0]
    for found in sets:
        if found.name == name:
            return found
    raise EstError(f"area set '{name}' not found; found: {', '.join(s.name for s in sets)}")


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
