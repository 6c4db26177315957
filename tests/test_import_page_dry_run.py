"""The Import page's dry run ("Kontrollera filen"): it says what *would* be imported, counted like the import.

A file of 8 rows of which 4 are already stored for the organisation: the dry run must say 4 of 8 would be
imported (not 8: duplicates are not new rows), label its figure "Skulle importeras" (nothing is imported),
show the 4 already stored rows separately, and the real import that follows must import exactly those 4.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from est.access.auth import LOCAL_ADMIN
from est.intake import ImportOptions, import_file
from est.store import Store

LAT, LON = "63.1775", "14.6370"
ORG = "Testhem"
HEADER = "Datum;Typ;Lat;Lon\n"
ROWS = [f"2026-11-0{day} 21:40;Klotter;{LAT};{LON}\n" for day in range(1, 9)]


def _page_with_half_stored(store: Store, tmp_path: Path, app_test: Callable[..., Any], lang: str = "sv") -> Any:
    """The Import page with an 8-row file uploaded for ORG, whose first 4 rows are stored already."""
    first = tmp_path / "vecka44.csv"
    first.write_text(HEADER + "".join(ROWS[:4]), encoding="utf-8")
    assert import_file(store, LOCAL_ADMIN, first, ImportOptions(organisation=ORG)).rows_imported == 4
    at = app_test(store, page="importera", query={"lang": lang})
    at.run()
    at.selectbox(key="importera_org").select(ORG).run()
    at.file_uploader(key="importera_file").upload("vecka45.csv", (HEADER + "".join(ROWS)).encode(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: Any) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_dry_run_counts_only_new_rows_as_importable_and_the_import_agrees(
    demo_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    before = int(demo_store.value("SELECT count(*) FROM incidents"))
    at = _page_with_half_stored(demo_store, tmp_path, app_test)

    at.button(key="importera_validate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == ["Kontroll klar: 4 av 8 rader skulle importeras. Inget har sparats ännu."]
    assert "4 rader är redan inlästa (eller finns två gånger i filen) och skulle hoppas över." in [
        c.value for c in at.caption
    ]
    figures = _metrics(at)
    assert "Importerade" not in figures  # nothing was imported by a dry run
    assert (figures["Lästa rader"], figures["Skulle importeras"], figures["Redan inlästa eller dubbletter"]) == (
        "8",
        "4",
        "4",
    )
    assert int(demo_store.value("SELECT count(*) FROM incidents")) == before + 4  # only the first file

    at.button(key="importera_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("4 rader importerades")  # what the dry run said
    assert (_metrics(at)["Importerade"], _metrics(at)["Redan inlästa eller dubbletter"]) == ("4", "4")
    assert int(demo_store.value("SELECT count(*) FROM incidents")) == before + 8


def test_the_dry_run_in_english_says_would_be_imported(
    demo_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    at = _page_with_half_stored(demo_store, tmp_path, app_test, lang="en")
    at.button(key="importera_validate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == ["Validation done: 4 of 8 rows would be imported. Nothing has been saved yet."]
    assert _metrics(at)["Would be imported"] == "4"
    assert "4 rows are already stored (or twice in the file) and would be skipped." in [c.value for c in at.caption]
