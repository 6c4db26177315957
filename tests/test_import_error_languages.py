"""The import's whole-file errors in both languages, each telling the fix in words for the page and the CLI.

Every test makes the real :func:`est.intake.import_file` fail on a real database file and a real bad file:
``str(error)`` is the English line the CLI prints, ``error.text("sv")`` the Swedish one the Import page shows.
A flag is only ever named as the command-line way ("on the command line: --map …"), next to the page's way.
That every error built anywhere has ``sv=`` is checked by the scan in ``test_error_messages_sv.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from est.access.auth import LOCAL_ADMIN, Role, Viewer
from est.errors import EstError, InputFileError
from est.intake import ImportOptions, import_file
from est.store import Store
from tests.errors import assert_both, raised

LAT, LON = "63.1775", "14.6370"


def _import(store: Store, path: Path, viewer: Viewer = LOCAL_ADMIN, **options: Any) -> EstError:
    options.setdefault("organisation", "Testhem")
    return raised(lambda: import_file(store, viewer, path, ImportOptions(**options)))


def _file(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_date_column_names_the_page_field_and_the_flag(empty_store: Store, tmp_path: Path) -> None:
    error = _import(empty_store, _file(tmp_path, "Vad;Lat;Lon\nx;63.1;14.6\n"))
    assert isinstance(error, InputFileError)
    assert_both(
        error,
        "ingen datumkolumn hittades; kolumnerna är: Vad, Lat, Lon. Välj kolumnen för 'Datum (och tid)' under "
        "'Koppla kolumner till fält' (i kommandoraden: --map occurred_at=KOLUMN)",
        "no date column found; the columns are: Vad, Lat, Lon. Choose the column for 'Date (and time)' under "
        "'Map columns to fields' (on the command line: --map occurred_at=COLUMN)",
    )


def test_half_a_coordinate_pair_names_the_missing_half(empty_store: Store, tmp_path: Path) -> None:
    error = _import(
        empty_store, _file(tmp_path, "Datum;Lat;Lon\n2026-11-01 10:00;63.1;14.6\n"), overrides=(("lon", None),)
    )
    assert_both(
        error,
        "kolumnen för 'Latitud (WGS84)' finns men inte för 'Longitud (WGS84)'; välj den under 'Koppla kolumner "
        "till fält' (i kommandoraden: --map lon=KOLUMN)",
        "there is a column for 'Latitude (WGS84)' but not for 'Longitude (WGS84)'; choose it under 'Map columns "
        "to fields' (on the command line: --map lon=COLUMN)",
    )


def test_a_file_without_a_location_column_lists_the_ways_to_give_one(empty_store: Store, tmp_path: Path) -> None:
    error = _import(empty_store, _file(tmp_path, "Datum;Vad\n2026-11-01 10:00;x\n"))
    assert_both(
        error,
        "ingen platskolumn hittades (koordinater eller område); kolumnerna är: Datum, Vad. Välj kolumnerna för "
        "'Latitud (WGS84)' och 'Longitud (WGS84)', 'X (projicerad)' och 'Y (projicerad)', eller 'Område (namn "
        "eller kod)' under 'Koppla kolumner till fält' (i kommandoraden: --map lat=KOLUMN --map lon=KOLUMN, "
        "--map x=… --map y=…, eller --map area=KOLUMN)",
        "no location column found (coordinates or area); the columns are: Datum, Vad. Choose the columns for "
        "'Latitude (WGS84)' and 'Longitude (WGS84)', 'X (projected)' and 'Y (projected)', or 'Area (name or "
        "code)' under 'Map columns to fields' (on the command line: --map lat=COLUMN --map lon=COLUMN, "
        "--map x=… --map y=…, or --map area=COLUMN)",
    )


def test_an_unsupported_crs_lists_the_supported_ones(empty_store: Store, tmp_path: Path) -> None:
    error = _import(empty_store, _file(tmp_path, "Datum;X;Y\n2026-11-01 10:00;7000000;500000\n"), crs="EPSG:2400")
    allowed = "EPSG:4326, EPSG:3006, " + ", ".join(f"EPSG:{c}" for c in range(3007, 3019)) + ", EPSG:3021"
    assert_both(
        error,
        f"koordinatsystemet 'EPSG:2400' stöds inte; välj ett av: {allowed} (i kommandoraden: --crs)",
        f"the coordinate system 'EPSG:2400' is not supported; choose one of: {allowed} (on the command line: --crs)",
    )


def test_organisation_and_source_kind_errors(empty_store: Store, tmp_path: Path) -> None:
    path = _file(tmp_path, f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n")
    assert_both(
        _import(empty_store, path, organisation=None),
        'välj organisationen som filen kommer från (i kommandoraden: --org NAMN, t.ex. --org "Storsjöhem"); en ny '
        "skapas om den inte finns",
        'choose the organisation the file comes from (on the command line: --org NAME, e.g. --org "Storsjöhem"); '
        "a new one is created if it does not exist",
    )
    kinds = "fastighetsagare, nattvandrare, polis, kommun, vaktare, ovrig"  # in the order of the list
    assert_both(
        _import(empty_store, path, organisation="Nyhem", source_kind="bostadsbolag"),
        f"okänd källtyp 'bostadsbolag'; välj en av: {kinds} (i kommandoraden: --source TYP)",
        f"unknown source kind 'bostadsbolag'; choose one of: {kinds} (on the command line: --source KIND)",
    )
    gone = Viewer("anna", Role.ADMIN, 999)
    assert_both(
        _import(empty_store, path, gone, organisation=None),
        "ditt kontos organisation (id 999) finns inte längre; be en administratör att ange din organisation",
        "your account's organisation (id 999) no longer exists; ask an administrator to set your organisation",
    )
    assert empty_store.value("SELECT count(*) FROM organisations") == 0


def test_area_set_errors(empty_store: Store, demo_store: Store, tmp_path: Path) -> None:
    by_area = _file(tmp_path, "Datum;Område\n2026-11-01 10:00;Centrum\n")
    assert_both(
        _import(empty_store, by_area),
        "raderna har bara områdesnamn men det finns ingen områdesindelning; importera en först på sidan Områden "
        "(i kommandoraden: est areas import FIL --set NAMN)",
        "the rows have only area names but there is no area set; import one first on the Areas page "
        "(on the command line: est areas import FILE --set NAME)",
    )
    error = _import(demo_store, by_area, area_set="Atlantis")
    assert error.text("sv").startswith("områdesindelningen 'Atlantis' finns inte; välj en av: ")
    assert str(error).startswith("the area set 'Atlantis' does not exist; choose one of: ")
    assert "Bostadsområden" in str(error) and "Bostadsområden" in error.text("sv")


def test_files_without_importable_rows(empty_store: Store, tmp_path: Path) -> None:
    only_headers = _file(tmp_path, "Datum;Lat;Lon\nDatum;Lat;Lon\n", "blank.csv")  # a header pasted twice
    assert_both(
        _import(empty_store, only_headers),
        "filen blank.csv har inga datarader: det finns inget att importera",
        "blank.csv has no data rows: there is nothing to import",
    )
    bad = _file(tmp_path, "Datum;Lat;Lon\n31/02/2026;63.1;14.6\n", "bad.csv")
    assert_both(
        _import(empty_store, bad),
        'ingen rad i bad.csv kunde importeras (1 avvisade; rad 2: datum "31/02/2026" finns inte); inget sparades',
        # the row reasons are kept as the rejects file has them (Swedish)
        'no row of bad.csv could be imported (1 rejected; line 2: datum "31/02/2026" finns inte); nothing was saved',
    )
    assert empty_store.value("SELECT count(*) FROM organisations") == 0


def test_problems_beyond_the_sample_in_both_languages(empty_store: Store, tmp_path: Path) -> None:
    good = f"2026-11-01 10:00;{LAT};{LON}\n" * 60_000  # more than the 1 MB sample
    latin = tmp_path / "latin.csv"
    latin.write_bytes(("Datum;Lat;Lon\n" + good).encode() + "2026-11-01 10:00;Söder;x\n".encode("cp1252"))
    assert_both(
        _import(empty_store, latin),
        "filen latin.csv har tecken som inte är giltig UTF-8 längre in i filen; spara den som UTF-8 (eller som "
        ".xlsx) och försök igen",
        "latin.csv has characters further into the file that are not valid UTF-8; save it as UTF-8 (or as .xlsx) "
        "and try again",
    )
    long_line = tmp_path / "long.csv"
    long_line.write_bytes(("Datum;Lat;Lon\n" + good).encode() + b"x" * (9 * 1024 * 1024) + b"\n")
    assert_both(
        _import(empty_store, long_line),
        "en rad i long.csv är längre än 8 MB: kontrollera att filen är en CSV-fil med radbrytningar",
        "a line in long.csv is longer than 8 MB: check that the file is a CSV file with line breaks",
    )
