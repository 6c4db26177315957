"""The Rapporter page's downloads in real Chromium: CSV, then Excel right after it, then a PDF, each arrives
complete (no MediaFileStorageError from a rerun between the clicks) and each is in the audit log."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from est.store import Store
from tests.browser import non_loopback_requests
from tests.test_meetings import build_town

pytestmark = pytest.mark.browser


def test_csv_then_excel_then_pdf_download_in_the_browser(empty_store: Store, app_server: Any, browser: Any) -> None:
    build_town(
        empty_store,
        [("A", "2026-11-03 21:00", "skadegorelse.klotter")] * 2 + [("B", "2026-11-05 12:00", "ordning.brak")],
    )
    failed: list[tuple[int, str]] = []  # a file the button points to that the server no longer has
    browser.on(
        "response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 and "/media/" in r.url else None
    )
    with app_server(empty_store) as base:
        browser.goto(f"{base}/rapporter?from=2026-11-02&to=2026-11-08")
        browser.get_by_text("Ladda ner Excel").wait_for(timeout=30_000)
        files: dict[str, bytes] = {}
        for label in ("Ladda ner CSV", "Ladda ner Excel", "Veckans lägesbild (PDF)"):
            with browser.expect_download(timeout=30_000) as download:
                browser.get_by_text(label).click()
            failure = download.value.failure()
            assert failure is None, f"{label}: {failure}"
            files[label] = Path(download.value.path()).read_bytes()
        assert files["Ladda ner CSV"].startswith(b"\xef\xbb\xbf") and files["Ladda ner CSV"].count(b"\n") == 4
        with zipfile.ZipFile(io.BytesIO(files["Ladda ner Excel"])) as book:
            assert "xl/workbook.xml" in book.namelist()
        assert files["Veckans lägesbild (PDF)"].startswith(b"%PDF")
        assert failed == []
    logged = empty_store.rows("SELECT target, rows FROM audit_log WHERE action = 'export' ORDER BY id")
    assert logged == [("csv", 3), ("xlsx", 3), ("pdf:lagesbild", 3)]
    assert non_loopback_requests(browser.requests) == []
