"""Reading real-world area files: every CRS family, legacy and missing declarations, dbf encodings,
broken geometry, Z coordinates, leading-zero codes, and the bad files that must be refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from est.access.auth import LOCAL_ADMIN
from est.areas.files import import_area_file, preview, read_area_file, suggest_columns
from est.areas.sets import AreaColumns
from est.errors import InputFileError
from est.store import Store

# Three neighbourhoods near Östersund in SWEREF 99 TM (metres): two squares sharing an edge and a third.
_SQUARES = [
    Polygon([(478_000, 7_004_000), (480_000, 7_004_000), (480_000, 7_006_000), (478_000, 7_006_000)]),
    Polygon([(480_000, 7_004_000), (482_000, 7_004_000), (482_000, 7_006_000), (480_000, 7_006_000)]),
    Polygon([(478_000, 7_006_000), (482_000, 7_006_000), (482_000, 7_008_000), (478_000, 7_008_000)]),
]
NAMES = ["Hässelby Gård", "Östermalm", "Åsen"]
CODES = ["0114", "0115", "0180"]


def town(crs: str = "EPSG:3006") -> gpd.GeoDataFrame:
    """The three areas with text codes, population, in ``crs``."""
    frame = gpd.GeoDataFrame(
        {"namn": NAMES, "kod": CODES, "befolkning": [1200, 3400, 560]}, geometry=_SQUARES, crs="EPSG:3006"
    )
    return frame.to_crs(crs)


def zip_shapefile(
    frame: gpd.GeoDataFrame, folder: Path, *, encoding: str = "UTF-8", keep: tuple[str, ...] = ()
) -> Path:
    """Write ``frame`` as a Shapefile and zip it; ``keep`` limits the sidecars (e.g. no .cpg, no .prj)."""
    shp = folder / "omraden.shp"
    frame.to_file(shp, encoding=encoding)
    archive = folder / "omraden.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.glob("omraden.*"):
            if part.suffix == ".zip" or (keep and part.suffix not in keep):
                continue
            z.write(part, part.name)
    return archive


def geojson(folder: Path, frame: gpd.GeoDataFrame, crs_member: object = None, name: str = "a.geojson") -> Path:
    """GeoJSON text with the frame's raw coordinates and, optionally, a (legacy) ``crs`` member."""
    document = json.loads(frame.to_json(drop_id=True))
    document.pop("crs", None)
    if crs_member is not None:
        document["crs"] = crs_member
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _assert_in_ostersund(bounds: tuple[float, float, float, float]) -> None:
    min_lon, min_lat, max_lon, max_lat = bounds
    assert 14.5 < min_lon < max_lon < 14.8
    assert 63.1 < min_lat < max_lat < 63.3


@pytest.mark.parametrize("epsg", [4326, 3006, 3007, 3010, 3014, 3018, 3021])
def test_each_crs_family_lands_in_ostersund_from_geopackage(tmp_path: Path, epsg: int) -> None:
    path = tmp_path / "omraden.gpkg"
    town(f"EPSG:{epsg}").to_file(path, layer="omraden")
    area_file = read_area_file(path)
    assert area_file.crs == f"EPSG:{epsg}"
    assert area_file.crs_source == "declared"
    _assert_in_ostersund(area_file.bounds_wgs84)


@pytest.mark.parametrize("epsg", [3006, 3014, 3021, 3857])
def test_shapefile_crs_is_read_from_prj(tmp_path: Path, epsg: int) -> None:
    archive = zip_shapefile(town(f"EPSG:{epsg}"), tmp_path)
    area_file = read_area_file(archive)
    assert area_file.crs == f"EPSG:{epsg}"
    assert area_file.crs_source == "prj"
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_geojson_legacy_crs_member_without_type_is_honoured(tmp_path: Path) -> None:
    path = geojson(tmp_path, town(), {"name": "EPSG:3006"})
    area_file = read_area_file(path)
    assert (area_file.crs, area_file.crs_source) == ("EPSG:3006", "legacy crs member")
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_geojson_legacy_urn_crs_member_for_a_local_zone(tmp_path: Path) -> None:
    member = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3014"}}
    area_file = read_area_file(geojson(tmp_path, town("EPSG:3014"), member))
    assert area_file.crs == "EPSG:3014"
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_undeclared_sweref_geojson_is_detected_and_said(tmp_path: Path) -> None:
    area_file = read_area_file(geojson(tmp_path, town()))
    assert (area_file.crs, area_file.crs_source) == ("EPSG:3006", "detected")
    assert any("SWEREF 99 TM" in note for note in area_file.notes)
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_undeclared_rt90_shapefile_is_detected(tmp_path: Path) -> None:
    archive = zip_shapefile(town("EPSG:3021"), tmp_path, keep=(".shp", ".shx", ".dbf", ".cpg"))
    area_file = read_area_file(archive)
    assert (area_file.crs, area_file.crs_source) == ("EPSG:3021", "detected")
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_undeclared_local_zone_asks_for_the_zone(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"local SWEREF 99 zone .*--crs"):
        read_area_file(geojson(tmp_path, town("EPSG:3014")))
    area_file = read_area_file(geojson(tmp_path, town("EPSG:3014")), crs="3014")
    assert (area_file.crs, area_file.crs_source) == ("EPSG:3014", "given")
    _assert_in_ostersund(area_file.bounds_wgs84)


def test_wrong_crs_that_puts_the_areas_outside_sweden_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "omraden.gpkg"
    town("EPSG:3006").to_file(path)
    with pytest.raises(InputFileError, match=r"outside Sweden; the coordinate system is wrong"):
        read_area_file(path, crs="EPSG:3021")


def test_latin1_dbf_without_cpg_reads_swedish_letters(tmp_path: Path) -> None:
    archive = zip_shapefile(town(), tmp_path, encoding="ISO-8859-1", keep=(".shp", ".shx", ".dbf", ".prj"))
    area_file = read_area_file(archive)
    assert area_file.encoding == "cp1252"
    assert area_file.frame["namn"].tolist() == NAMES
    assert "Hässelby Gård" in area_file.frame["namn"].tolist()


def test_utf8_dbf_without_cpg_is_not_mangled(tmp_path: Path) -> None:
    archive = zip_shapefile(town(), tmp_path, encoding="UTF-8", keep=(".shp", ".shx", ".dbf", ".prj"))
    area_file = read_area_file(archive)
    assert area_file.encoding == "utf-8"
    assert area_file.frame["namn"].tolist() == NAMES  # never "HÃ¤sselby GÃ¥rd"


def test_leading_zero_codes_stay_text_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "shp").mkdir()
    gpkg = tmp_path / "a.gpkg"
    town().to_file(gpkg)
    for source in (geojson(tmp_path, town("EPSG:4326")), gpkg, zip_shapefile(town(), tmp_path / "shp")):
        assert read_area_file(source).frame["kod"].tolist() == CODES


def test_preview_and_column_suggestions(tmp_path: Path) -> None:
    area_file = read_area_file(geojson(tmp_path, town("EPSG:4326")))
    shown = preview(area_file, rows=2)
    assert list(shown.columns) == ["namn", "kod", "befolkning"]
    assert shown["kod"].tolist() == ["0114", "0115"]
    assert suggest_columns(area_file) == {"name": "namn", "code": "kod", "population": "befolkning", "dwellings": None}


def test_upload_bytes_need_and_use_the_file_name(tmp_path: Path) -> None:
    archive = zip_shapefile(town(), tmp_path)
    area_file = read_area_file(archive.read_bytes(), file_name="Stadsdelar 2024.zip")
    assert area_file.file_name == "Stadsdelar 2024.zip"
    assert len(area_file.frame) == 3


def test_self_intersecting_polygon_and_z_are_repaired(tmp_path: Path, empty_store: Store) -> None:
    bowtie = Polygon(
        [(478_000, 7_010_000, 5), (480_000, 7_012_000, 5), (480_000, 7_010_000, 5), (478_000, 7_012_000, 5)]
    )
    assert not bowtie.is_valid and bowtie.has_z
    frame = gpd.GeoDataFrame({"namn": ["Fluga"], "kod": ["01"]}, geometry=[bowtie], crs="EPSG:3006")
    path = tmp_path / "fluga.gpkg"
    frame.to_file(path)
    area_file = read_area_file(path)
    import_area_file(empty_store, LOCAL_ADMIN, area_file, "Fluga", columns=AreaColumns(name="namn", code="kod"))
    with empty_store.reading() as r:
        wkb = r.value("SELECT geom_wkb FROM areas")
    stored = shapely.from_wkb(wkb)
    assert stored.is_valid
    assert not stored.has_z
    assert stored.geom_type == "MultiPolygon"  # the two wings of the bow tie, both kept


def test_multipolygons_are_kept(tmp_path: Path) -> None:
    islands = shapely.MultiPolygon([_SQUARES[0], shapely.affinity.translate(_SQUARES[0], 5000, 0)])
    frame = gpd.GeoDataFrame({"namn": ["Öarna"]}, geometry=[islands], crs="EPSG:3006")
    area_file = read_area_file(geojson(tmp_path, frame, {"name": "EPSG:3006"}))
    assert area_file.frame.geometry.iloc[0].geom_type == "MultiPolygon"


# -- bad input ----------------------------------------------------------------------------------------


def test_zip_without_shp_says_what_it_found(tmp_path: Path) -> None:
    archive = tmp_path / "omraden.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("omraden.dbf", b"x")
        z.writestr("readme.txt", b"hej")
    with pytest.raises(InputFileError, match=r"holds no \.shp file \(found: omraden\.dbf, readme\.txt\)"):
        read_area_file(archive)


def test_file_without_polygons_is_refused(tmp_path: Path) -> None:
    points = gpd.GeoDataFrame({"namn": ["a", "b"]}, geometry=gpd.points_from_xy([14.6, 14.7], [63.1, 63.2]), crs=4326)
    path = tmp_path / "punkter.geojson"
    points.to_file(path)
    with pytest.raises(InputFileError, match=r"has no polygons \(found: 2 Point\)"):
        read_area_file(path)


def test_unknown_crs_without_prj_is_refused(tmp_path: Path) -> None:
    far = gpd.GeoDataFrame({"namn": ["x"]}, geometry=[shapely.box(3_000_000, 3_000_000, 3_001_000, 3_001_000)])
    archive = zip_shapefile(far, tmp_path, keep=(".shp", ".shx", ".dbf"))
    with pytest.raises(InputFileError, match=r"unknown coordinate system.*no \.prj.*--crs EPSG:N"):
        read_area_file(archive)


def test_bare_shp_and_unknown_suffix_say_what_to_upload(tmp_path: Path) -> None:
    (tmp_path / "a.shp").write_bytes(b"")
    (tmp_path / "a.kml").write_bytes(b"")
    with pytest.raises(InputFileError, match=r"zip the \.shp together"):
        read_area_file(tmp_path / "a.shp")
    with pytest.raises(InputFileError, match=r"unsupported file type '\.kml'"):
        read_area_file(tmp_path / "a.kml")


def test_kommun_file_is_read_with_its_declared_wgs84() -> None:
    from tests.conftest import KOMMUN_FILE

    area_file = read_area_file(KOMMUN_FILE)
    assert (area_file.crs, len(area_file.frame)) == ("EPSG:4326", 290)
    assert area_file.frame.loc[area_file.frame["KnNamn"] == "Upplands Väsby", "KnKod"].item() == "0114"
