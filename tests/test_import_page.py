"""The Import page: upload → preview with the detected mapping → import → report with downloadable rejects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.store import Store

LAT, LON = "63.1775", "14.6370"


def test_page_without_a_file_asks_for_one(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, page="importera")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Importera händelser från fil"


@pytest.mark.browser
def test_upload_preview_import_and_rejects_in_a_real_browser(
    demo_store: Store, app_server: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    path = tmp_path / "veckorapport.csv"
    path.write_text(
        "Datum;Händelse;Beskrivning;Latitud;Longitud\n"
        f"2026-11-01 21:40;Klotter fasad;<img src=x onerror=alert(1)>;{LAT};{LON}\n"
        f"31/02/2026;Glaskross;trasig ruta;{LAT};{LON}\n",
        encoding="utf-8",
    )
    before = int(demo_store.value("SELECT count(*) FROM incidents"))
    with app_server(demo_store) as base:
        browser.goto(base + "/importera")
        browser.get_by_text("Fil (CSV eller Excel)").wait_for(timeout=30_000)
        browser.get_by_label("… eller en ny organisation").fill("Webbhem")
        browser.get_by_label("… eller en ny organisation").press("Enter")
        browser.locator("input[type=file]").set_input_files(str(path))
        browser.get_by_text("De första raderna").wait_for(timeout=30_000)
        browser.get_by_role("button", name="Importera").click()
        browser.get_by_text("1 rader importerades").wait_for(timeout=30_000)
        browser.get_by_text("Avvisade rader").first.wait_for(timeout=10_000)
        browser.get_by_text("Ladda ner avvisade rader (CSV)").wait_for(timeout=10_000)
        with browser.expect_download() as download:
            browser.get_by_text("Ladda ner avvisade rader (CSV)").click()
        rejected = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert 'rad 3: datum ""31/02/2026"" finns inte' in rejected
        dialogs: list[str] = []
        browser.on("dialog", lambda d: dialogs.append(d.message))
        browser.wait_for_timeout(300)
        assert dialogs == []  # the <img onerror> in the description never runs
    assert int(demo_store.value("SELECT count(*) FROM incidents")) == before + 1
    assert demo_store.value("SELECT created_by FROM import_batches ORDER BY id DESC LIMIT 1") == "local"
