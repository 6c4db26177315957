"""The Import page: upload → preview with the detected mapping → import → report with downloadable rejects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.store import Store
from tests.browser import app_temp, non_loopback_requests

LAT, LON = "63.1775", "14.6370"


def test_page_without_a_file_asks_for_one(demo_store: Store, app_test: Callable[..., Any]) -> None:
    at = app_test(demo_store, page="importera")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Importera rapporter från fil"


@pytest.mark.browser
def test_upload_preview_import_and_rejects_in_a_real_browser(
    demo_store: Store, app_server: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    path = tmp_path / "veckorapport.csv"
    path.write_text(
        "Datum;Händelse;Beskrivning;Latitud;Longitud\n"
        f"2026-11-01 21:40;Klotter fasad;<img src=x onerror=alert(1)>;{LAT};{LON}\n"
        f"2026-11-01 22:40;![x](http://203.0.113.9/x.png);bild;{LAT};{LON}\n"
        f"31/02/2026;Glaskross;trasig ruta;{LAT};{LON}\n",
        encoding="utf-8",
    )
    before = int(demo_store.value("SELECT count(*) FROM incidents"))
    temp = app_temp(demo_store)  # where the served app keeps the upload while it is used
    with app_server(demo_store) as base:
        browser.goto(base + "/importera")
        browser.get_by_text("Fil (CSV eller Excel)").wait_for(timeout=30_000)
        browser.get_by_label("… eller en ny organisation").fill("Webbhem")
        browser.get_by_label("… eller en ny organisation").press("Enter")
        browser.locator("input[type=file]").set_input_files(str(path))
        browser.get_by_text("De första raderna").wait_for(timeout=30_000)
        browser.get_by_role("button", name="Importera").click()
        browser.get_by_text("2 rader importerades").wait_for(timeout=30_000)
        browser.get_by_text("Avvisade rader").first.wait_for(timeout=10_000)
        browser.get_by_text("Ladda ner avvisade rader (CSV)").wait_for(timeout=10_000)
        browser.get_by_text("Etiketter utan EST-kategori").wait_for(timeout=10_000)
        with browser.expect_download() as download:
            browser.get_by_text("Ladda ner avvisade rader (CSV)").click()
        rejected = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert 'rad 4: datum ""31/02/2026"" finns inte' in rejected
        dialogs: list[str] = []
        browser.on("dialog", lambda d: dialogs.append(d.message))
        browser.wait_for_timeout(300)
        assert dialogs == []  # the <img onerror> in the description never runs
        assert non_loopback_requests(browser.requests) == []  # the markdown image in a label is not loaded
        assert [p.name for p in temp.glob("est-upload-*/*")] == ["veckorapport.csv"]
        browser.get_by_test_id("stFileChipDeleteBtn").click()  # the user removes the file
        browser.get_by_text("De första raderna").wait_for(state="detached", timeout=30_000)
        assert list(temp.glob("est-upload-*")) == []  # its copy on disk is gone with it
    assert int(demo_store.value("SELECT count(*) FROM incidents")) == before + 2
    assert demo_store.value("SELECT created_by FROM import_batches ORDER BY id DESC LIMIT 1") == "local"


def test_batches_are_listed_and_one_can_be_undone_on_the_page(
    demo_store: Store, app_test: Callable[..., Any], tmp_path: Path
) -> None:
    from est.access.auth import LOCAL_ADMIN
    from est.intake import ImportOptions, import_file

    path = tmp_path / "a.csv"
    path.write_text(f"Datum;Lat;Lon\n2026-11-01 10:00;{LAT};{LON}\n2026-11-02 10:00;{LAT};{LON}\n", encoding="utf-8")
    report = import_file(demo_store, LOCAL_ADMIN, path, ImportOptions(organisation="Sidhem"))
    at = app_test(demo_store, page="importera")
    at.run()
    at.selectbox(key="importera_undo_id").select(report.batch_id).run()
    at.button(key="importera_undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == f"Batch {report.batch_id} ångrades: 2 rapporter togs bort."
    assert demo_store.value("SELECT status FROM import_batches WHERE id = ?", [report.batch_id]) == "undone"
