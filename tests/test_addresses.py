"""The address register: normalising Swedish addresses, reading a register in any Swedish CRS, geocoding.

Geocoding is exact on a normalised key: "Storg. 12" is "Storgatan 12", "STORGATAN 12 B" is entrance B,
"Rådhusv." is "Rådhusvägen", a postcode in the text must agree, and what does not match is reported with
the reason. A new register geocodes the stored incidents again (and takes back points it no longer gives).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import InputFileError, PermissionDeniedError
from est.intake import ImportOptions, import_file
from est.intake.addresses import (
    ParsedAddress,
    geocode_incidents,
    import_address_register,
    parse_address,
    read_address_file,
    register_status,
    street_key,
)
from est.periods import Period
from est.picture.filters import Filters
from est.picture.mapdata import map_data
from est.store import Store
from tests.analysis_data import make_world

# Points inside the hand-built areas of tests/analysis_data.py: Alfa lon 14.00–14.01, Beta 14.01–14.02.
STORGATAN_12 = (63.0020, 14.0020)
STORGATAN_12B = (63.0021, 14.0031)
STORGATAN_7 = (63.0080, 14.0070)
STORGATAN_7_BRUNFLO = (63.0800, 14.8200)  # the same street name in another postal town, outside both areas
RADHUSVAGEN_3 = (63.0050, 14.0150)  # in Beta
REGISTER = [
    ("Storgatan", "12", "", "831 30", "Östersund", STORGATAN_12),
    ("Storgatan", "12", "B", "831 30", "Östersund", STORGATAN_12B),
    ("Storgatan", "7", "", "831 30", "Östersund", STORGATAN_7),
    ("Storgatan", "7", "", "834 31", "Brunflo", STORGATAN_7_BRUNFLO),
    ("Rådhusvägen", "3", "", "831 31", "Östersund", RADHUSVAGEN_3),
]
W10 = Period.inclusive(date(2026, 3, 2), date(2026, 3, 8))


def _sweref(points: list[tuple[float, float]], epsg: int) -> list[tuple[float, float]]:
    """(lat, lon) → (easting, northing) in EPSG ``epsg``."""
    to = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    return [to.transform(lon, lat) for lat, lon in points]


def write_register_csv(folder: Path, rows: list[tuple[str, str, str, str, str, tuple[float, float]]]) -> Path:
    """A register as CSV with SWEREF 99 TM coordinates (E, N), as a kommun's GIS exports it."""
    lines = ["Gatunamn;Adressplatsnummer;Bokstavstillägg;Postnummer;Postort;E;N"]
    for (street, number, letter, postcode, town, _), (e, n) in zip(
        rows, _sweref([r[5] for r in rows], 3006), strict=True
    ):
        lines.append(f"{street};{number};{letter};{postcode};{town};{e:.3f};{n:.3f}".replace(".", ","))
    path = folder / "belagenhetsadresser.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- normalising ------------------------------------------------------------------------------------------


def test_abbreviations_case_and_letters_give_the_same_key() -> None:
    storgatan_12 = ParsedAddress("storgatan", 12)
    assert parse_address("Storg. 12") == storgatan_12
    assert parse_address("Storgatan 12") == storgatan_12
    assert parse_address("storgatan  12") == storgatan_12
    assert parse_address("STORGATAN 12 B") == ParsedAddress("storgatan", 12, "b")
    assert parse_address("Storgatan 12B") == ParsedAddress("storgatan", 12, "b")
    assert street_key("Rådhusv.") == street_key("Rådhusvägen") == "radhusvagen"
    assert parse_address("Rådhusv. 3") == ParsedAddress("radhusvagen", 3)
    assert parse_address("Kyrkog.5") == ParsedAddress("kyrkogatan", 5)
    assert parse_address("S:t Olofsg. 2") == parse_address("Sankt Olofsgatan 2")
    assert parse_address("Storgatan 12 lgh 1102") == storgatan_12  # a flat number is not a letter


def test_a_postcode_in_the_text_is_read_and_text_without_a_number_is_no_address() -> None:
    assert parse_address("Storgatan 7, 831 30 Östersund") == ParsedAddress("storgatan", 7, "", "83130")
    assert parse_address("Storgatan 7 83130") == ParsedAddress("storgatan", 7, "", "83130")
    assert parse_address("vid lekplatsen") is None
    assert parse_address("") is None


# -- reading a register -------------------------------------------------------------------------------------


def test_register_csv_in_sweref99_tm_is_detected_and_lands_on_the_addresses(tmp_path: Path) -> None:
    register = read_address_file(write_register_csv(tmp_path, REGISTER))
    assert (register.crs, register.crs_source) == ("EPSG:3006", "detected")
    frame = register.frame.set_index(["street_key", "number", "letter", "postcode"])
    lat, lon = frame.loc[("storgatan", 12, "b", "83130"), ["lat", "lon"]]
    assert abs(lat - STORGATAN_12B[0]) < 1e-6 and abs(lon - STORGATAN_12B[1]) < 1e-6
    assert register.columns["street"] == "Gatunamn" and register.columns["letter"] == "Bokstavstillägg"
    assert register.frame["street"].tolist()[0] == "Storgatan"
    assert frame.loc[("radhusvagen", 3, "", "83131"), "locality"] == "Östersund"


def test_register_geopackage_in_a_local_sweref_zone_is_read_in_its_declared_crs(tmp_path: Path) -> None:
    points = _sweref([r[5] for r in REGISTER], 3014)  # SWEREF 99 17 15 … any zone: declared by the file
    gdf = gpd.GeoDataFrame(
        {
            "adressomrade_faststalltnamn": [r[0] for r in REGISTER],
            "adressplatsnummer": [int(r[1]) for r in REGISTER],
            "bokstavstillagg": [r[2] or None for r in REGISTER],
            "postnummer": [r[3].replace(" ", "") for r in REGISTER],
        },
        geometry=[Point(e, n) for e, n in points],
        crs="EPSG:3014",
    )
    path = tmp_path / "adresser.gpkg"
    gdf.to_file(path, layer="belagenhetsadress", engine="pyogrio")
    register = read_address_file(path)
    assert (register.crs, register.crs_source) == ("EPSG:3014", "declared")
    got = register.frame.set_index(["street_key", "number", "letter", "postcode"])
    lat, lon = got.loc[("radhusvagen", 3, "", "83131"), ["lat", "lon"]]
    assert abs(lat - RADHUSVAGEN_3[0]) < 1e-6 and abs(lon - RADHUSVAGEN_3[1]) < 1e-6


def test_register_csv_in_a_local_zone_must_name_its_zone_and_then_reads(tmp_path: Path) -> None:
    points = _sweref([r[5] for r in REGISTER], 3012)  # SWEREF 99 14 15, the zone for Jämtland
    lines = ["Adress;X;Y"] + [
        f"{r[0]} {r[1]}{r[2]};{n:.2f};{e:.2f}" for r, (e, n) in zip(REGISTER, points, strict=True)
    ]  # surveyors' order: X is the northing
    path = tmp_path / "adresser_zon.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="local SWEREF 99 zone"):
        read_address_file(path)
    register = read_address_file(path, crs="EPSG:3012")
    assert register.crs == "EPSG:3012"
    assert any("swapped" in note for note in register.notes)
    found = register.frame.query("street_key == 'storgatan' and number == 12 and letter == 'b'")
    assert found[["street", "lat", "lon"]].values.tolist() == [
        ["Storgatan", pytest.approx(STORGATAN_12B[0], abs=1e-6), pytest.approx(STORGATAN_12B[1], abs=1e-6)]
    ]


def test_register_without_street_columns_says_which_columns_it_has(tmp_path: Path) -> None:
    path = tmp_path / "fel.csv"
    path.write_text("Namn;E;N\nNågot;500000;7000000\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"street and number.*Namn, E, N"):
        read_address_file(path)


# -- geocoding ------------------------------------------------------------------------------------------


def _import_incidents(store: Store, folder: Path, places: list[tuple[str, str]]) -> int:
    lines = ["Datum;Kategori;Adress;Område"] + [
        f"2026-03-0{3 + i % 4} 21:00;Klotter;{place};{area}" for i, (place, area) in enumerate(places)
    ]
    path = folder / "fastighetsagare.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(store, LOCAL_ADMIN, path, ImportOptions(organisation="Bostadsbolaget"))
    assert report.rows_imported == len(places)
    return int(report.batch_id or 0)


PLACES = [
    ("Storg. 12", "Alfa"),
    ("Storgatan 12", "Alfa"),
    ("STORGATAN 12 B", "Alfa"),
    ("Rådhusv. 3", "Alfa"),  # the file says Alfa; the register's point is in Beta
    ("Storgatan 7, 831 30 Östersund", "Alfa"),
    ("Storgatan 7", "Alfa"),  # two Storgatan 7 in the kommun: the postcode would tell
    ("Storgatan 7, 999 99", "Alfa"),
    ("Okändvägen 1", "Beta"),
    ("vid lekplatsen", "Beta"),
]


def _points(store: Store) -> dict[str, tuple[float | None, float | None, str | None]]:
    rows = store.rows(
        "SELECT i.place, i.lat, i.lon, a.name FROM incidents i LEFT JOIN incident_areas ia ON ia.incident_id = i.id "
        "AND ia.area_set_id = (SELECT id FROM area_sets WHERE is_default) LEFT JOIN areas a ON a.id = ia.area_id"
    )
    return {str(r[0]): (r[1], r[2], r[3]) for r in rows}


def test_importing_a_register_geocodes_stored_incidents_and_reports_what_did_not_match(
    empty_store: Store, tmp_path: Path
) -> None:
    make_world(empty_store)
    _import_incidents(empty_store, tmp_path, PLACES)
    result = import_address_register(
        empty_store, LOCAL_ADMIN, read_address_file(write_register_csv(tmp_path, REGISTER))
    )
    assert result.addresses == 5
    assert result.geocoded.matched == 5
    assert result.geocoded.unmatched == 4
    assert result.geocoded.reasons == {"ambiguous": 1, "postcode": 1, "not_in_register": 1, "no_address": 1}
    assert ("Okändvägen 1", "not_in_register", 1) in result.geocoded.examples
    points = _points(empty_store)
    assert points["Storg. 12"][:2] == pytest.approx(STORGATAN_12)
    assert points["Storgatan 12"][:2] == pytest.approx(STORGATAN_12)
    assert points["STORGATAN 12 B"][:2] == pytest.approx(STORGATAN_12B)
    assert points["Storgatan 7, 831 30 Östersund"][:2] == pytest.approx(STORGATAN_7)
    assert points["Rådhusv. 3"] == (pytest.approx(RADHUSVAGEN_3[0]), pytest.approx(RADHUSVAGEN_3[1]), "Beta")
    assert points["Storgatan 7"] == (None, None, "Alfa")  # unmatched: keeps the area the file gave
    assert points["Okändvägen 1"] == (None, None, "Beta")
    # The incident map now draws the matched ones as points, and counts the rest per area.
    with empty_store.reading() as reader:
        set_id = int(reader.value("SELECT id FROM area_sets WHERE is_default"))
        data = map_data(reader, Filters(W10), set_id, LOCAL_ADMIN, 200)
        status = register_status(reader)
    assert (data.mode, data.located, data.unlocated) == ("points", 5, 4)
    assert {r.name: int(r.count) for r in data.areas.itertuples()} == {"Alfa": 2, "Beta": 2}
    assert status["addresses"] == 5 and status["incidents_geocoded"] == 5
    assert empty_store.rows("SELECT action, rows FROM audit_log WHERE action = 'address_register_import'") == [
        ("address_register_import", 5)
    ]


def test_a_changed_register_moves_points_and_takes_back_those_it_no_longer_has(
    empty_store: Store, tmp_path: Path
) -> None:
    make_world(empty_store)
    _import_incidents(empty_store, tmp_path, PLACES)
    import_address_register(empty_store, LOCAL_ADMIN, read_address_file(write_register_csv(tmp_path, REGISTER)))
    moved = (63.0040, 14.0040)
    changed = [
        ("Storgatan", "12", "", "831 30", "Östersund", moved),
        ("Storgatan", "7", "", "831 30", "Östersund", STORGATAN_7),
    ]
    result = import_address_register(empty_store, LOCAL_ADMIN, read_address_file(write_register_csv(tmp_path, changed)))
    points = _points(empty_store)
    assert points["Storg. 12"][:2] == pytest.approx(moved)
    assert points["STORGATAN 12 B"][:2] == pytest.approx(moved)  # no 12 B any more: the bare number
    assert points["Rådhusv. 3"] == (None, None, "Alfa")  # back in the area the file gave it
    assert points["Storgatan 7"][:2] == pytest.approx(STORGATAN_7)  # no longer ambiguous
    assert result.geocoded.reverted == 1
    assert empty_store.value("SELECT location_precision FROM incidents WHERE place = 'Rådhusv. 3'") == "area"


def test_an_import_geocodes_its_addresses_when_there_is_a_register(empty_store: Store, tmp_path: Path) -> None:
    make_world(empty_store)
    import_address_register(empty_store, LOCAL_ADMIN, read_address_file(write_register_csv(tmp_path, REGISTER)))
    lines = [
        "Datum;Kategori;Adress;Område",
        "2026-03-04 21:00;Klotter;Rådhusv. 3;Alfa",
        "2026-03-04 22:00;Klotter;X 1;B",
    ]
    path = tmp_path / "ny.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="Bostadsbolaget"))
    assert report.addresses_geocoded == 1
    assert _points(empty_store)["Rådhusv. 3"] == (
        pytest.approx(RADHUSVAGEN_3[0]),
        pytest.approx(RADHUSVAGEN_3[1]),
        "Beta",
    )
    # Geocoding the same batch again changes nothing: its incidents have their points.
    with empty_store.writing() as writer:
        again = geocode_incidents(writer, batch_id=report.batch_id)
    assert (again.matched, again.unmatched) == (0, 1)


def test_only_area_managers_may_replace_the_register(empty_store: Store, tmp_path: Path) -> None:
    register = read_address_file(write_register_csv(tmp_path, REGISTER))
    with pytest.raises(PermissionDeniedError):
        import_address_register(empty_store, Viewer("r@x.se", Role.RAPPORTOR, 1), register)
    assert empty_store.value("SELECT count(*) FROM addresses") == 0


# -- the command line -----------------------------------------------------------------------------------


def test_cli_imports_a_register_and_reports_matches_and_misses(
    empty_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from est.cli import main

    make_world(empty_store)
    _import_incidents(empty_store, tmp_path, PLACES)
    path = write_register_csv(tmp_path, REGISTER)
    code = main(["addresses", "import", str(path), "--db", empty_store.database, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["addresses"] == 5 and result["crs"] == "EPSG:3006"
    assert result["incidents"]["matched"] == 5 and result["incidents"]["unmatched"] == 4
    assert main(["addresses", "import", str(path), "--db", empty_store.database]) == 0
    text = capsys.readouterr().out
    assert "5 addresses" in text and "incidents matched: 5" in text and "Okändvägen 1" in text
    assert main(["addresses", "status", "--db", empty_store.database, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["addresses"] == 5 and status["incidents_geocoded"] == 5


def test_cli_names_columns_and_the_crs_and_says_what_is_wrong(
    empty_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from est.cli import main

    path = tmp_path / "egen.csv"
    e, n = _sweref([STORGATAN_12], 3012)[0]
    path.write_text(f"Väg;Hus;Öst;Norr\nStorgatan;12;{e:.1f};{n:.1f}\n", encoding="utf-8")
    assert main(["addresses", "import", str(path), "--db", empty_store.database]) == 1
    assert "street and number" in capsys.readouterr().err
    code = main(
        [
            "addresses",
            "import",
            str(path),
            "--column",
            "street=Väg",
            "--column",
            "number=Hus",
            "--column",
            "x=Öst",
            "--column",
            "y=Norr",
            "--crs",
            "EPSG:3012",
            "--db",
            str(empty_store.path),
            "--json",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert empty_store.value("SELECT street_key FROM addresses") == "storgatan"


# -- the Areas page --------------------------------------------------------------------------------------


def test_areas_page_uploads_the_register_and_shows_what_matched(
    empty_store: Store, tmp_path: Path, app_test: Callable[..., Any]
) -> None:
    make_world(empty_store)
    _import_incidents(empty_store, tmp_path, PLACES)
    at = app_test(empty_store, page="omraden")
    at.run()
    assert not at.exception, at.exception
    assert any("Inget adressregister" in c.value for c in at.caption)
    data = write_register_csv(tmp_path, REGISTER).read_bytes()
    at.file_uploader(key="omraden_addresses_upload").set_value(("adresser.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("5 adresser" in i.value and "EPSG:3006" in i.value for i in at.info)
    at.button(key="omraden_addresses_import").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("5 rapporter fick en punkt" in s.value and "4 hittades inte" in s.value for s in at.success)
    missed = next(d.value for d in at.dataframe if "Adress i rapporten" in d.value.columns)
    assert "Okändvägen 1" in missed["Adress i rapporten"].tolist()
    assert "finns inte i registret" in missed["Varför"].tolist()
    assert empty_store.value("SELECT count(*) FROM addresses") == 5
