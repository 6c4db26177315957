"""CLI flags of ``est import`` and ``est areas import`` that no other test exercised, run as real processes.

``est import``: ``--map FIELD=COLUMN`` (and ``FIELD=`` to unmap), ``--profile NAME`` (saved, matched by
columns, applied by name), ``--crs`` for x/y columns. ``est areas import``: ``--crs`` and ``--encoding``.
Each asserts the JSON keys and values docs/import.md and docs/areas.md promise, and what was stored.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Transformer

from est.store import Store
from tests.test_areas_files import CODES, NAMES, geojson, town
from tests.test_import_cli import est, est_json

LAT, LON = 63.1775, 14.6370  # Östersund


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _projected(epsg: int) -> tuple[float, float]:
    """Östersund's (easting, northing) in ``epsg``, rounded to the centimetre."""
    x, y = Transformer.from_crs(4326, epsg, always_xy=True).transform(LON, LAT)
    return round(x, 2), round(y, 2)


# -- est import --map ---------------------------------------------------------------------------------------


def test_map_gives_a_field_a_column_the_automatic_mapping_leaves_out(empty_store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "vad.csv",
        f"Datum;Vad;Beskrivning;Lat;Lon\n2026-11-03 21:40;Klotter;Tags på elskåp;{LAT};{LON}\n",
    )
    plain = est_json("import", str(path), "--org", "Testhem", "--dry-run", db=empty_store)
    assert "category" not in plain["mapping"]  # "Vad" is no recognised name

    report = est_json(
        "import", str(path), "--org", "Testhem", "--map", "category=Vad", "--map", "description=", db=empty_store
    )
    assert report["status"] == "committed" and report["rows_imported"] == 1
    assert report["mapping"] == {"occurred_at": "Datum", "category": "Vad", "lat": "Lat", "lon": "Lon"}
    assert report["categories"] == [{"label": "Klotter", "code": "skadegorelse.klotter", "how": "keyword"}]
    assert report["unmapped_categories"] == []
    assert empty_store.rows("SELECT category_code, source_label, description FROM incidents") == [
        ("skadegorelse.klotter", "Klotter", None)
    ]


# -- est import --profile -----------------------------------------------------------------------------------


def test_profile_is_saved_reused_for_the_same_columns_and_applied_by_name(empty_store: Store, tmp_path: Path) -> None:
    first = _write(tmp_path / "vecka47.csv", f"Datum;Vad;Lat;Lon\n2026-11-03 21:40;Klotter;{LAT};{LON}\n")
    saved = est_json(
        "import", str(first), "--org", "Testhem", "--profile", "Storsjöhem-export", "--map", "category=Vad",
        db=empty_store,
    )  # fmt: skip
    assert saved["profile"] == "Storsjöhem-export" and saved["mapping"]["category"] == "Vad"
    assert empty_store.value("SELECT name FROM import_profiles") == "Storsjöhem-export"

    # The next file with the same columns gets the mapping by itself, and says which profile it used.
    same = _write(tmp_path / "vecka48.csv", f"Datum;Vad;Lat;Lon\n2026-11-10 20:00;Glaskross;{LAT};{LON}\n")
    auto = est_json("import", str(same), "--org", "Testhem", db=empty_store)
    assert auto["profile"] == "Storsjöhem-export" and auto["mapping"]["category"] == "Vad"

    # Other columns (an extra one, another order) do not match the profile by themselves: --profile applies it.
    other = _write(
        tmp_path / "vecka49.csv", f"Lon;Lat;Vad;Datum;Övrigt\n{LON};{LAT};Brand i container;2026-11-17 22:00;x\n"
    )
    unmatched = est_json("import", str(other), "--org", "Testhem", "--dry-run", db=empty_store)
    assert "category" not in unmatched["mapping"]
    assert unmatched["profile"] == "vecka49"  # no profile used: it would be saved under the file's name
    named = est_json("import", str(other), "--org", "Testhem", "--profile", "Storsjöhem-export", db=empty_store)
    assert named["profile"] == "Storsjöhem-export" and named["mapping"]["category"] == "Vad"
    assert named["rows_imported"] == 1
    codes = [r[0] for r in empty_store.rows("SELECT category_code FROM incidents ORDER BY occurred_at")]
    assert codes == ["skadegorelse.klotter", "skadegorelse.glaskross", "skadegorelse.brand"]


def test_a_profile_belongs_to_its_organisation(empty_store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "export.csv", f"Datum;Vad;Lat;Lon\n2026-11-03 21:40;Klotter;{LAT};{LON}\n")
    est_json("import", str(path), "--org", "Testhem", "--map", "category=Vad", db=empty_store)
    earlier = _write(tmp_path / "tidigare.csv", f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n")
    est_json("import", str(earlier), "--org", "Annat bolag", db=empty_store)  # the organisation exists
    elsewhere = est_json("import", str(path), "--org", "Annat bolag", "--dry-run", db=empty_store)
    assert "category" not in elsewhere["mapping"] and elsewhere["profile"] == "export"  # its own, new one


# -- est import --crs ---------------------------------------------------------------------------------------


def test_crs_3006_reads_x_y_columns_as_sweref_99_tm(empty_store: Store, tmp_path: Path) -> None:
    x, y = _projected(3006)
    # Swedish surveying order (X = north): the larger value is the northing.
    path = _write(tmp_path / "xy.csv", f"Datum;X;Y\n2026-11-03 21:40;{y};{x}\n2026-11-04 21:40;{x};{y}\n")
    report = est_json("import", str(path), "--org", "Testhem", "--crs", "EPSG:3006", db=empty_store)
    assert report["crs"] == "EPSG:3006" and report["rows_imported"] == 2
    assert report["mapping"] == {"occurred_at": "Datum", "x": "X", "y": "Y"}
    for lat, lon in empty_store.rows("SELECT lat, lon FROM incidents"):
        assert lat == pytest.approx(LAT, abs=1e-6) and lon == pytest.approx(LON, abs=1e-6)


def test_crs_names_the_local_zone_the_default_would_misread(empty_store: Store, tmp_path: Path) -> None:
    x, y = _projected(3012)  # SWEREF 99 14 15, Jämtland's local zone
    path = _write(tmp_path / "zon.csv", f"Datum;X;Y\n2026-11-03 21:40;{x};{y}\n")
    wrong = est("import", str(path), "--org", "Testhem", "--json", db=empty_store)  # read as EPSG:3006, the default
    assert wrong.returncode == 1
    assert "line 2: koordinaten ligger utanför Sverige — kontrollera koordinatsystemet (--crs)" in wrong.stderr
    report = est_json("import", str(path), "--org", "Testhem", "--crs", "EPSG:3012", db=empty_store)
    assert report["crs"] == "EPSG:3012" and report["rows_imported"] == 1
    lat, lon = empty_store.rows("SELECT lat, lon FROM incidents")[0]
    assert lat == pytest.approx(LAT, abs=1e-6) and lon == pytest.approx(LON, abs=1e-6)


# -- est areas import --crs / --encoding --------------------------------------------------------------------

AREA_KEYS = {
    "set", "areas", "crs_detected", "crs_source", "encoding", "bounds_wgs84", "replaced", "incidents_assigned",
    "incidents_moved", "areas_removed", "features_skipped", "notes",
}  # fmt: skip


def test_areas_import_crs_gives_the_local_zone_of_an_undeclared_file(empty_store: Store, tmp_path: Path) -> None:
    path = geojson(tmp_path, town("EPSG:3012"))  # no crs member: the zone cannot be told from the numbers
    refused = est("areas", "import", str(path), "--set", "Stadsdelar", "--json", db=empty_store)
    assert refused.returncode == 1 and "--crs" in refused.stderr
    result = est_json(
        "areas", "import", str(path), "--set", "Stadsdelar", "--name-column", "namn", "--code-column", "kod",
        "--crs", "EPSG:3012", db=empty_store,
    )  # fmt: skip
    assert set(result) >= AREA_KEYS
    assert (result["set"], result["areas"], result["crs_detected"], result["crs_source"]) == (
        "Stadsdelar", 3, "EPSG:3012", "given"
    )  # fmt: skip
    assert result["encoding"] is None  # GeoJSON has no dbf
    min_lon, min_lat, max_lon, max_lat = result["bounds_wgs84"]
    expected = town("EPSG:4326").total_bounds
    assert [min_lon, min_lat, max_lon, max_lat] == pytest.approx(list(expected), abs=1e-6)
    assert (result["replaced"], result["areas_removed"], result["features_skipped"]) == (False, 0, 0)


def _cp850_shapefile_without_language_id(folder: Path) -> Path:
    """A zipped Shapefile whose dbf is DOS cp850 text, with no .cpg and no language id (byte 29 = 0)."""
    frame: gpd.GeoDataFrame = town()
    frame.to_file(folder / "omraden.shp", encoding="cp850")
    dbf = folder / "omraden.dbf"
    raw = bytearray(dbf.read_bytes())
    raw[29] = 0
    dbf.write_bytes(bytes(raw))
    assert "Hässelby Gård".encode("cp850") in raw
    archive = folder / "omraden.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            z.write(folder / f"omraden{suffix}", f"omraden{suffix}")
    return archive


def test_areas_import_encoding_overrides_the_guess_for_a_dbf(empty_store: Store, tmp_path: Path) -> None:
    archive = _cp850_shapefile_without_language_id(tmp_path)
    args = ("areas", "import", str(archive), "--name-column", "namn", "--code-column", "kod")
    guessed = est_json(*args, "--set", "Gissat", db=empty_store)
    assert guessed["encoding"] == "cp1252"  # no .cpg, no language id: Windows-1252, with a note saying so
    assert any("--encoding" in note for note in guessed["notes"])
    result = est_json(*args, "--set", "Stadsdelar", "--encoding", "cp850", db=empty_store)
    assert set(result) >= AREA_KEYS
    assert (result["encoding"], result["crs_detected"], result["crs_source"]) == ("cp850", "EPSG:3006", "prj")
    assert not any("--encoding" in note for note in result["notes"])
    names = dict(
        empty_store.rows(
            "SELECT a.code, a.name FROM areas a JOIN area_sets s ON s.id = a.area_set_id WHERE s.name = 'Stadsdelar'"
        )
    )
    assert names == dict(zip(CODES, NAMES, strict=True))
    misread = empty_store.rows(
        "SELECT a.name FROM areas a JOIN area_sets s ON s.id = a.area_set_id WHERE s.name = 'Gissat'"
    )
    assert ("Hässelby Gård",) not in misread and ("H\u201esselby G\u2020rd",) in misread  # cp850 read as cp1252


def test_the_local_zone_hint_names_jamtlands_zone_correctly(empty_store: Store, tmp_path: Path) -> None:
    path = geojson(tmp_path, town("EPSG:3012"))
    refused = est("areas", "import", str(path), "--set", "Stadsdelar", db=empty_store)
    assert refused.returncode == 1
    assert "EPSG:3012 (SWEREF 99 14 15) for Jämtland" in refused.stderr


def test_field_column_options_unmap_only_where_allowed_and_name_the_fields() -> None:
    from est.cli import field_columns
    from est.errors import InputFileError

    assert field_columns([" place = Adress ", "area="], "--map", ["place", "area"], unmap=True) == {
        "place": "Adress",
        "area": None,
    }
    for wrong in ("area=", "nope=X", "place"):  # the address register's --column never unmaps
        with pytest.raises(
            InputFileError, match=r"--column '.*': write FIELD=COLUMN, where FIELD is one of place, area"
        ):
            field_columns([wrong], "--column", ["place", "area"])
