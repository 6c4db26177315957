"""Domain errors in Swedish: the area, field report, settings, dedup, retention, store and asset modules.

Each test makes the real code fail on a real database file or a real bad file and checks both languages:
``error.text("sv")`` is the Swedish sentence a Swedish page shows, ``str(error)`` the unchanged English one
the CLI prints. The last test reads every module under ``src/est`` and fails when an error is built without ``sv=``.
"""

from __future__ import annotations

import ast
import fcntl
import json
import os
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.access.retention import retention_months
from est.access.retention import run as run_retention
from est.access.settings import change_setting, set_setting
from est.areas.files import import_area_file, read_area_file
from est.areas.sets import AreaColumns, get_area_set, import_area_indicators, list_areas, update_areas
from est.errors import DatabaseBusyError, InputFileError, PermissionDeniedError, SchemaError
from est.intake.dedup import DedupConfig, split_incident
from est.intake.field_reports import (
    FieldReport,
    new_token,
    quick_categories,
    save_field_report,
    stop_walk,
)
from est.intake.organisations import create_organisation
from est.picture.map_assets import fetch_assets
from est.store import Store, open_store
from tests.errors import assert_both, raised

SRC = Path(__file__).resolve().parents[1] / "src" / "est"

WEST = shapely.box(14.60, 63.15, 14.65, 63.20)
EAST = shapely.box(14.65, 63.15, 14.70, 63.20)


def _area_file(tmp_path: Path, names: list[str], codes: list[str], name: str = "a.geojson") -> Path:
    frame = gpd.GeoDataFrame({"namn": names, "kod": codes}, geometry=[WEST, EAST][: len(names)], crs="EPSG:4326")
    path = tmp_path / name
    path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    return path


def _import(store: Store, path: Path, set_name: str = "Bostadsområden") -> int:
    result = import_area_file(
        store, LOCAL_ADMIN, read_area_file(path), set_name, columns=AreaColumns(name="namn", code="kod")
    )
    return result.set_id


# -- area_files ------------------------------------------------------------------------------------------


def test_area_file_errors_name_the_crs_choice_in_swedish(tmp_path: Path) -> None:
    document = json.loads(gpd.GeoDataFrame({"namn": ["a"]}, geometry=[WEST], crs=4326).to_json(drop_id=True))
    document["crs"] = {"type": "name", "properties": {"name": "Lokalt system"}}
    declared = tmp_path / "lokalt.geojson"
    declared.write_text(json.dumps(document), encoding="utf-8")
    error = raised(lambda: read_area_file(declared), InputFileError)
    assert_both(
        error,
        "lokalt.geojson anger koordinatsystemet 'Lokalt system', som inte går att tolka; välj koordinatsystem "
        "(--crs EPSG:N i kommandoraden)",
        "lokalt.geojson declares the coordinate system 'Lokalt system', which is not understood; give it with "
        "--crs EPSG:N",
    )

    zone = gpd.GeoDataFrame({"namn": ["a"]}, geometry=[shapely.box(100_000, 7_000_000, 110_000, 7_010_000)])
    undeclared = tmp_path / "zon.geojson"
    undeclared.write_text(zone.to_json(drop_id=True), encoding="utf-8")
    error = raised(lambda: read_area_file(undeclared), InputFileError)
    assert_both(
        error,
        "zon.geojson: koordinaterna (x 100000–110000, y 7000000–7010000) ser ut att höra till en lokal SWEREF 99-zon "
        "(EPSG:3007–3018), och zonerna går inte att skilja åt på siffrorna; välj zonen som koordinatsystem "
        "(--crs i kommandoraden), t.ex. EPSG:3012 (SWEREF 99 14 15) för Jämtland",
        "zon.geojson: the coordinates (x 100000–110000, y 7000000–7010000) look like a local SWEREF 99 zone "
        "(EPSG:3007–3018), and the zones cannot be told apart by their numbers; give the zone with --crs, e.g. "
        "EPSG:3012 (SWEREF 99 14 15) for Jämtland",
    )

    error = raised(lambda: read_area_file(undeclared, crs="EPSG:99999"), InputFileError)
    assert_both(
        error,
        "okänt koordinatsystem 'EPSG:99999'; ange det som EPSG:N, t.ex. EPSG:3006",
        "unknown coordinate system 'EPSG:99999'; give it as EPSG:N, e.g. EPSG:3006",
    )


def test_area_file_errors_about_the_file_itself_in_swedish(tmp_path: Path) -> None:
    archive = tmp_path / "omraden.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("omraden.dbf", b"x")
        z.writestr("readme.txt", b"hej")
    assert_both(
        raised(lambda: read_area_file(archive), InputFileError),
        "omraden.zip innehåller ingen .shp-fil (hittade: omraden.dbf, readme.txt); packa shapefilens .shp, .shx, "
        ".dbf och .prj tillsammans",
        "omraden.zip holds no .shp file (found: omraden.dbf, readme.txt); zip the shapefile's .shp, .shx, .dbf and "
        ".prj together",
    )
    (tmp_path / "a.kml").write_bytes(b"")
    assert_both(
        raised(lambda: read_area_file(tmp_path / "a.kml"), InputFileError),
        "a.kml: filtypen '.kml' stöds inte; använd GeoJSON (.geojson), GeoPackage (.gpkg) eller en zippad "
        "Shapefile (.zip)",
        "a.kml: unsupported file type '.kml'; use GeoJSON (.geojson), GeoPackage (.gpkg) or a zipped Shapefile (.zip)",
    )
    points = gpd.GeoDataFrame({"namn": ["a", "b"]}, geometry=gpd.points_from_xy([14.6, 14.7], [63.1, 63.2]), crs=4326)
    points.to_file(tmp_path / "punkter.geojson")
    assert_both(
        raised(lambda: read_area_file(tmp_path / "punkter.geojson"), InputFileError),
        "punkter.geojson har inga polygoner (hittade: 2 Point); en områdesindelning behöver Polygon- eller "
        "MultiPolygon-objekt",
        "punkter.geojson has no polygons (found: 2 Point); an area set needs Polygon or MultiPolygon features",
    )


def test_an_area_set_without_a_name_is_refused_in_swedish(tmp_path: Path, empty_store: Store) -> None:
    area_file = read_area_file(_area_file(tmp_path, ["Väster"], ["A"]))
    error = raised(
        lambda: import_area_file(empty_store, LOCAL_ADMIN, area_file, "  ", columns=AreaColumns(name="namn")),
        InputFileError,
    )
    assert_both(
        error,
        "områdesindelningen behöver ett namn, t.ex. Bostadsområden (--set i kommandoraden)",
        "the area set needs a name, e.g. --set Bostadsområden",
    )
    assert empty_store.value("SELECT count(*) FROM area_sets") == 0


# -- areas -----------------------------------------------------------------------------------------------


def test_area_set_errors_in_swedish(tmp_path: Path, empty_store: Store) -> None:
    with empty_store.reading() as reader:
        error = raised(lambda: get_area_set(reader, None))
    assert_both(
        error,
        "det finns ingen områdesindelning ännu; importera en på sidan Områden "
        "(i kommandoraden: est areas import FILE --set NAME)",
        "there is no area set yet; import one with: est areas import FILE --set NAME",
    )
    assert_both(
        raised(lambda: _import(empty_store, _area_file(tmp_path, ["Väster", "Väster"], ["A", "B"]))),
        # One name with two different codes is two areas that cannot both be called that (parts of one area
        # share a code, or have none, and are merged).
        "namnet 'Väster' används av objekt med olika koder (A, B) i kolumnen 'kod'; ett namn måste vara ett "
        "område: byt namn på ett av dem i filen, ge dem samma kod om de är delar av ett område, eller välj en "
        "annan namnkolumn",
        "the name 'Väster' is used by features with different codes (A, B) in column 'kod'; one name must be one "
        "area: rename one of them in the file, give them the same code if they are parts of one area, or choose "
        "another name column",
    )
    set_id = _import(empty_store, _area_file(tmp_path, ["Väster", "Öster"], ["A", "B"], "ok.geojson"))
    with empty_store.reading() as reader:
        ids = [int(i) for i in list_areas(reader, set_id)["id"]]
    negative = pd.DataFrame({"id": ids, "population": [100, -5]})
    assert_both(
        raised(lambda: update_areas(empty_store, LOCAL_ADMIN, set_id, negative)),
        "antalet invånare måste vara ett heltal, 0 eller mer, inte '-5'",
        "population must be a whole number of 0 or more, not '-5'",
    )
    twice = pd.DataFrame({"id": ids, "name": ["Väster", "Väster"]})
    assert_both(
        raised(lambda: update_areas(empty_store, LOCAL_ADMIN, set_id, twice)),
        "områdesnamnen måste vara unika; används två gånger: Väster",
        "area names must be unique; used twice: Väster",
    )


def test_indicator_file_errors_in_swedish_with_their_row_problems(tmp_path: Path, empty_store: Store) -> None:
    set_id = _import(empty_store, _area_file(tmp_path, ["Väster", "Öster"], ["A", "B"]))
    csv = "kod;år;befolkning\nZ;2024;10\nA;tjugo;5\nB;2024;många\n".encode()
    assert_both(
        raised(lambda: import_area_indicators(empty_store, LOCAL_ADMIN, set_id, csv, "trygghet.csv"), InputFileError),
        "trygghet.csv: ingenting kunde importeras; rad 2: inget område 'Z' i indelningen Bostadsområden; "
        "rad 3: året 'tjugo' är inget årtal; rad 4: 'många' i kolumnen 'befolkning' är inget tal",
        "trygghet.csv: nothing could be imported; row 2: no area 'Z' in the set Bostadsområden; "
        "row 3: year 'tjugo' is not a year; row 4: 'många' in column 'befolkning' is not a number",
    )
    assert_both(
        raised(lambda: import_area_indicators(empty_store, LOCAL_ADMIN, set_id, b"kod;befolkning\nA;1\n", "x.csv")),
        "x.csv behöver en årskolumn (år); filen har: kod, befolkning",
        "x.csv needs a year column (år); found: kod, befolkning",
    )
    with empty_store.reading() as reader:
        assert reader.value("SELECT count(*) FROM area_indicators") == 0


# -- field_reports ---------------------------------------------------------------------------------------


def _report(org: int | None, **changes: Any) -> FieldReport:
    values: dict[str, Any] = {
        "kind": "nattvandring",
        "category_code": "samling.utomhus",
        "lat": 63.1775,
        "lon": 14.6370,
        "occurred_at": datetime.now().replace(second=0, microsecond=0),
        "client_token": new_token(),
        "organisation_id": org,
    }
    values.update(changes)
    return FieldReport(**values)


def test_field_report_errors_in_swedish(empty_store: Store) -> None:
    assert_both(
        raised(lambda: create_organisation(empty_store, LOCAL_ADMIN, "  ", "nattvandrare")),
        "ge organisationen ett namn, t.ex. 'Nattvandrarna Östersund'",
        "give the organisation a name, e.g. 'Nattvandrarna Östersund'",
    )
    every_kind = "fastighetsagare, kommun, nattvandrare, ovrig, polis, vaktare"
    assert_both(
        raised(lambda: create_organisation(empty_store, LOCAL_ADMIN, "Vakt AB", "bevakning")),
        f"okänd källtyp 'bevakning'; använd en av: {every_kind}",
        f"unknown source kind 'bevakning'; use one of: {every_kind}",
    )
    org = create_organisation(empty_store, LOCAL_ADMIN, "Nattvandrarna Östersund", "nattvandrare")
    assert_both(
        raised(lambda: save_field_report(empty_store, LOCAL_ADMIN, _report(org, lat=14.637, lon=63.1775))),
        "positionen 14.637, 63.1775 ser omkastad ut; skriv latituden först: 63.1775, 14.637",
        "the position 14.637, 63.1775 looks swapped; write latitude first: 63.1775, 14.637",
    )
    later = datetime.now() + timedelta(hours=2)
    assert_both(
        raised(lambda: save_field_report(empty_store, LOCAL_ADMIN, _report(org, occurred_at=later))),
        "tiden ligger i framtiden; ange när det hände (förvalt är nu)",
        "the time is in the future; set when it happened (it defaults to now)",
    )
    walker = Viewer("w@x.se", Role.RAPPORTOR, org)
    assert_both(
        raised(lambda: save_field_report(empty_store, walker, _report(org + 1)), PermissionDeniedError),
        f"användaren 'w@x.se' får bara rapportera för sin egen organisation ({org})",
        f"user 'w@x.se' may report only for their own organisation ({org})",
    )
    assert_both(
        raised(lambda: stop_walk(empty_store, LOCAL_ADMIN, 999)),
        "vandringen 999 finns inte",
        "walk 999 not found",
    )
    with empty_store.reading() as reader:
        assert_both(
            raised(lambda: quick_categories(reader, "promenad")),
            "okänd rapporttyp 'promenad'; använd en av: nattvandring, vaktrunda, trygghetsvandring",
            "unknown report kind 'promenad'; use one of: nattvandring, vaktrunda, trygghetsvandring",
        )
    assert empty_store.value("SELECT count(*) FROM field_reports") == 0


# -- settings, dedup, retention --------------------------------------------------------------------------


def test_setting_errors_in_swedish(empty_store: Store) -> None:
    assert_both(
        raised(lambda: change_setting(empty_store, LOCAL_ADMIN, "retention_months", "tre")),
        "retention_months måste vara ett heltal ≥ 1; du angav 'tre'",
        "retention_months must be a whole number ≥ 1; got 'tre'",
    )
    assert_both(
        raised(lambda: change_setting(empty_store, LOCAL_ADMIN, "basemap_url", "https://tiles.example.se/karta.png")),
        "basemap_url måste vara tom (ingen bakgrundskarta) eller en http(s)-adressmall för kartplattor med {z}, {x} "
        "och {y}, t.ex. https://tiles.example.se/{z}/{x}/{y}.png; du angav 'https://tiles.example.se/karta.png'",
        "basemap_url must be empty (no basemap) or an http(s) tile URL template with {z}, {x} and {y}, e.g. "
        "https://tiles.example.se/{z}/{x}/{y}.png; got 'https://tiles.example.se/karta.png'",
    )
    assert empty_store.value("SELECT count(*) FROM settings WHERE key IN ('retention_months', 'basemap_url')") == 0


def test_dedup_errors_in_swedish(empty_store: Store) -> None:
    assert_both(
        raised(lambda: DedupConfig(window_hours=0)),
        "tidsfönstret måste vara mellan 1 timme och 60 dagar, inte 0 timmar",
        "the time window must be between 1 hour and 60 days, not 0 hours",
    )
    assert_both(
        raised(lambda: split_incident(empty_store, LOCAL_ADMIN, 42, 1)),
        "problem 42 finns inte; sök dubbletter igen för att se de aktuella problemen",
        "problem 42 not found; run the duplicate linking again to see current problems",
    )


def test_retention_errors_in_swedish(empty_store: Store) -> None:
    with empty_store.writing() as writer:  # stored around the validation, as an old version could have
        set_setting(writer, "retention_months", "två år", by="test")
    with empty_store.reading() as reader:
        error = raised(lambda: retention_months(reader))
    assert_both(
        error,
        "inställningen retention_months är 'två år'; sätt den till ett helt antal månader, t.ex. 24",
        "the setting retention_months is 'två år'; set it to a whole number of months, e.g. 24",
    )
    assert_both(
        raised(lambda: run_retention(empty_store, LOCAL_ADMIN, months=0)),
        "antalet månader före gallring (--months) måste vara minst 1, inte 0",
        "--months must be at least 1, not 0",
    )


# -- store and assets ------------------------------------------------------------------------------------


def test_store_errors_in_swedish(tmp_path: Path, empty_store: Store) -> None:
    missing = tmp_path / "inget.duckdb"
    assert_both(
        raised(lambda: Store(missing).value("SELECT 1"), SchemaError),
        f"det finns ingen databas på {missing}; skapa den med: est init --db {missing}",
        f"no database at {missing}; create it with: est init --db {missing}",
    )
    held = os.open(f"{empty_store.path}.lock", os.O_RDWR)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # what another process's write transaction holds
        error = raised(lambda: Store(empty_store.path, lock_timeout=1).value("SELECT 1"), DatabaseBusyError)
    finally:
        os.close(held)
    assert_both(
        error,
        f"databasen {empty_store.path} är upptagen: en annan process (till exempel en `est import`) har hållit den "
        "i mer än 1 s; försök igen när den är klar",
        f"the database {empty_store.path} is busy: another process (for example an `est import`) has held it for "
        "more than 1 s; try again when it has finished",
    )
    with empty_store.writing() as writer:
        writer.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')")
    error = raised(lambda: open_store(empty_store.path), SchemaError)
    assert error.text("sv").startswith(f"databasen {empty_store.path} har schemaversion 999, nyare än vad den här ")
    assert error.text("sv").endswith(
        "okända migreringar [999]); uppgradera EST Lägesbild, eller använd en säkerhetskopia gjord för den här "
        "versionen"
    )
    assert str(error).startswith(f"the database {empty_store.path} has schema version 999, newer than this EST")


def test_asset_errors_in_swedish(tmp_path: Path) -> None:
    assert_both(
        raised(lambda: fetch_assets(tmp_path / "vendor", npm=str(tmp_path / "inget-npm"))),
        "npm är inte installerat; installera Node.js och npm (Debian: apt-get install npm)",
        "npm is not installed; install Node.js and npm (Debian: apt-get install npm)",
    )
    failing = tmp_path / "npm"
    failing.write_text("#!/bin/sh\necho 'registry unreachable' >&2\nexit 1\n")
    failing.chmod(0o755)
    error = raised(lambda: fetch_assets(tmp_path / "vendor", npm=str(failing)))
    assert error.text("sv").endswith(" misslyckades: registry unreachable")
    assert error.text("sv").startswith("npm pack ")
    assert str(error).endswith(" failed: registry unreachable")


# -- every error raised anywhere under src/est has its Swedish text ----------------------------------------


def _base_name(node: ast.expr) -> str | None:
    """The class name a base or a call refers to: ``EstError`` and ``errors.EstError`` alike."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(sources: list[str]) -> set[str]:
    """``EstError`` and every class deriving from it, directly or through another, in ``sources``."""
    bases: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(filter(None, map(_base_name, node.bases)))
    found = {"EstError"}
    while grown := {name for name, of in bases.items() if of & found} - found:
        found |= grown
    return found


def _errors_without_sv(source: str, errors: set[str]) -> list[int]:
    """Line numbers where a domain error is built (raised or returned by a helper) without ``sv=``.

    Re-raising an error object (``raise exc``) builds nothing and is not reported.
    """
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and _base_name(node.func) in errors
        and not any(keyword.arg == "sv" for keyword in node.keywords)
    )


def test_the_scan_finds_every_error_class_and_every_error_without_swedish() -> None:
    classes = _error_classes(["class A(EstError): ...\nclass B(errors.A): ...\nclass C(ValueError): ...\n"])
    assert classes == {"EstError", "A", "B"}
    source = (
        "def f(exc):\n"
        '    raise EstError("x")\n'
        '    raise InputFileError("x", sv="y")\n'
        '    raise errors.B("x")\n'
        '    return A(f"x {exc}")\n'
        "    raise exc\n"
        '    raise ValueError("x")\n'
    )
    assert _errors_without_sv(source, classes | {"InputFileError"}) == [2, 4, 5]


def test_every_error_raised_under_src_est_has_a_swedish_message() -> None:
    sources = {path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")}
    errors = _error_classes(list(sources.values()))
    assert errors >= {"EstError", "InputFileError", "PermissionDeniedError", "DatabaseBusyError", "SchemaError"}
    missing = {name: _errors_without_sv(source, errors) for name, source in sorted(sources.items())}
    assert {name: lines for name, lines in missing.items() if lines} == {}
