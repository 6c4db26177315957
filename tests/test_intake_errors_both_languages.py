"""Whole-file import errors in both languages: English for the CLI and an English page, Swedish for a Swedish page.

Each test feeds a real bad file to the real reader or importer and checks ``str(error)`` (English) and
``error.text("sv")`` (Swedish); neither may point a page user only at a command-line flag.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from est.access.auth import Permission, Role, Viewer, require
from est.errors import InputFileError, PermissionDeniedError
from est.intake.fields import apply_overrides
from est.intake.read import inspect_file
from est.store import Store
from tests.errors import assert_both, raised
from tests.test_import_validation import LAT, LON, counts, run, write


def test_a_file_with_a_header_and_no_rows_is_refused_in_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path / "rubrik.csv", "Datum;Lat;Lon\n\n")
    error = raised(lambda: inspect_file(path), InputFileError)
    assert_both(
        error,
        sv="filen rubrik.csv har en rubrikrad men inga datarader: det finns inget att importera",
        en="the file rubrik.csv has a header line but no data rows: there is nothing to import",
    )


def test_a_file_broken_in_its_own_encoding_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "Datum;Lat;Lon\n".encode("utf-16-le") + b"\x00\xd8\x41")  # a lone surrogate
    error = raised(lambda: inspect_file(path), InputFileError)
    assert_both(
        error,
        sv=("filen börjar som utf-16 men innehåller ogiltiga tecken; spara den som UTF-8 och importera den igen"),
        en=(
            "the file starts as utf-16 (its first bytes say so) but holds characters that are not valid in it; "
            "save it as UTF-8 and import it again"
        ),
    )


def test_ambiguous_dates_ask_for_the_order_on_the_page_and_name_the_flag_for_the_cli(
    demo_store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path / "amb.csv", f"Datum;Lat;Lon\n03/11/2026;{LAT};{LON}\n04/10/2026;{LAT};{LON}\n")
    before = counts(demo_store)
    error = raised(lambda: run(demo_store, path), InputFileError)
    assert counts(demo_store) == before
    assert_both(
        error,
        sv=(
            "datumen i kolumnen 'Datum' kan läsas både som dag/månad och månad/dag (t.ex. '03/11/2026'); välj "
            "datumordning: dag först (svenskt) eller månad först (amerikanskt) (i kommandoraden: --date-format dmy "
            "eller --date-format mdy)"
        ),
        en=(
            "the dates in column 'Datum' can be read both as day/month and as month/day (e.g. '03/11/2026'); choose "
            "the date order: day first (Swedish) or month first (US) (on the command line: --date-format dmy or "
            "--date-format mdy)"
        ),
    )


def test_a_column_chosen_that_the_file_lacks_lists_the_columns_in_both_languages() -> None:
    error = raised(lambda: apply_overrides({}, {"place": "Adress"}, ["Datum", "Lat", "Lon"]), InputFileError)
    assert_both(
        error,
        sv="kolumnen 'Adress' (för place) finns inte i filen; välj en av: Datum, Lat, Lon",
        en="the column 'Adress' (for place) is not in the file; choose one of: Datum, Lat, Lon",
    )


def test_a_refused_permission_names_role_and_right_in_words_in_both_languages() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        require(Viewer("anna@kommun.example", Role.LASARE), Permission.IMPORT)
    assert str(caught.value).startswith("the role 'lasare' of user 'anna@kommun.example' does not allow 'import' (")
    assert caught.value.text("sv").startswith("användaren 'anna@kommun.example' har rollen Läsare, som inte får: ")
    assert caught.value.text("sv").endswith("; be en administratör om behörighet")
