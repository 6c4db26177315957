"""Singular and plural on the Import page: "1 rad importerades", never "1 rader"; "1 row was imported".

:func:`est.i18n.tn` picks the form by the count from a catalogue text "singular | plural"; the page's
messages with a count use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.i18n import catalogue, tn
from est.intake import ImportOptions, import_file
from est.store import Store

LAT, LON = "63.1775", "14.6370"
ONE_ROW = f"Datum;Typ;Lat;Lon\n2026-11-01 21:40;Klotter;{LAT};{LON}\n"


@pytest.mark.parametrize(
    ("count", "lang", "expected"),
    [
        (0, "sv", "0 rader"),
        (1, "sv", "1 rad"),
        (2, "sv", "2 rader"),
        (12345, "sv", "12\u202f345 rader"),
        (1, "en", "1 row"),
        (-1, "en", "-1 row"),
        (3, "en", "3 rows"),
    ],
)
def test_tn_picks_the_form_by_the_count(count: int, lang: Any, expected: str) -> None:
    assert tn("import.n_rows", count, lang) == expected


def test_tn_fills_other_values_uses_a_single_form_for_every_count_and_shows_an_unknown_key() -> None:
    assert tn("import.undone", 1, "sv", batch=7) == "Batch 7 ångrades: 1 rapport togs bort."
    assert tn("import.undone", 2, "en", batch=7) == "Batch 7 undone: 2 reports removed."
    assert tn("import.rows_read", 1, "sv") == "Lästa rader"  # no " | ": the one text for every count
    assert tn("no.such.key", 1) == "no.such.key"


def test_every_text_with_forms_has_two_forms_with_the_same_placeholders() -> None:
    for key, pair in catalogue().items():
        for text in pair:
            forms = text.split(" | ")
            if len(forms) == 1:
                continue
            assert len(forms) == 2, key
            singular, plural = ({p for p in re.findall(r"{(\w+)}", form) if p != "n"} for form in forms)
            assert singular == plural, key  # {n} may be left out of a singular ("den giltiga raden")


def _upload(store: Store, app_test: Callable[..., Any], org: str, lang: str = "sv") -> Any:
    at = app_test(store, page="importera", query={"lang": lang})
    at.run()
    at.text_input(key="importera_new_org").input(org).run()
    at.file_uploader(key="importera_file").upload("en-rad.csv", ONE_ROW.encode(), "text/csv").run()
    return at


def test_one_imported_row_is_singular_in_swedish_and_english(empty_store: Store, app_test: Callable[..., Any]) -> None:
    at = _upload(empty_store, app_test, "Enhem")
    at.button(key="importera_validate").click().run()
    assert [i.value for i in at.info] == ["Kontroll klar: 1 av 1 rad skulle importeras. Inget har sparats ännu."]
    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    batch = empty_store.value("SELECT max(id) FROM import_batches")
    assert at.success[0].value == f"1 rad importerades (batch {batch})."

    english = _upload(empty_store, app_test, "Twohem", lang="en")
    english.button(key="importera_commit").click().run()
    batch = empty_store.value("SELECT max(id) FROM import_batches")
    assert english.success[0].value == f"1 row was imported (batch {batch})."


def test_one_row_already_stored_and_one_undone_are_singular(
    empty_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "en-rad.csv"
    path.write_text(ONE_ROW, encoding="utf-8")
    report = import_file(empty_store, LOCAL_ADMIN, path, ImportOptions(organisation="Enhem"))
    at = _upload(empty_store, app_test, "Enhem")
    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == ["Inga nya rader: den giltiga raden fanns redan. Inget sparades."]

    at.selectbox(key="importera_undo_id").select(report.batch_id).run()
    at.button(key="importera_undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == f"Batch {report.batch_id} ångrades: 1 rapport togs bort."


@pytest.mark.parametrize(
    ("key", "count", "lang", "expected"),
    [
        ("kallor.count", 1, "sv", "1 händelse"),
        ("kallor.count", 2, "en", "2 events"),
        ("export.rows", 1, "en", "1 row"),
        ("analysis.tider.undated", 1, "sv", "1 problem har bara datum (inget klockslag) och ingår inte i matrisen."),
        ("analysis.karta.unlocated", 1, "en", "1 problem has no coordinates and is not on the map."),
        ("analysis.karta.points", 3, "sv", "3 problem visas som punkter (grupperade när du zoomar ut)."),
    ],
)
def test_counted_captions_elsewhere_agree_with_their_number(key, count, lang, expected) -> None:
    assert tn(key, count, lang) == expected
