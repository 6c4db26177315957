"""Hotspots och patrullplan in real Chromium on the demo: the alerts, hot cells drawn on the map with their key,
the table alternative, the plan and its printable PDF (read back, audited), and nothing fetched from outside."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from est.store import Store
from tests.browser import non_loopback_requests, wait_for_idle, wait_for_map

pytestmark = pytest.mark.browser
WAIT = 60_000


def test_hotspots_page_draws_the_cells_and_prints_the_plan(demo_store: Store, app_server: Any, browser: Any) -> None:
    browser.set_viewport_size({"width": 1366, "height": 900})
    with app_server(demo_store) as base:
        browser.goto(f"{base}/hotspots")
        browser.get_by_role("heading", name="Hotspots och patrullplan").wait_for(timeout=WAIT)
        browser.get_by_text("Ovanligt många vecka").wait_for(timeout=WAIT)
        frame = wait_for_map(browser, WAIT)
        # the areas' outlines and at least one hot cell (a hexagon: its own path with the dark outline)
        hexagons = frame.locator('path.leaflet-interactive[stroke="#000000"]')
        hexagons.first.wait_for(timeout=WAIT)
        assert hexagons.count() >= 1
        assert frame.locator("path.leaflet-interactive").count() > hexagons.count()
        browser.get_by_text("Heta rutor (Gi* z)").wait_for(timeout=WAIT)
        wait_for_idle(browser, WAIT)

        browser.get_by_text("Visa som tabell").first.click()
        browser.get_by_text("Samma heta rutor som på kartan").wait_for(timeout=WAIT)

        browser.get_by_role("heading", name="Patrull- och vandringsplan för nästa vecka").wait_for(timeout=WAIT)
        with browser.expect_download(timeout=WAIT) as download:
            browser.get_by_role("button", name="Utskriftsvänlig plan (PDF)").click()
        data = Path(download.value.path()).read_bytes()
        text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert text.startswith("Patrull- och vandringsplan vecka")
        assert "10–15 minuter" in text.replace("\n", " ")
        assert (
            demo_store.value("SELECT count(*) FROM audit_log WHERE action = 'export' AND target = 'pdf:patrullplan'")
            == 1
        )
    assert non_loopback_requests(browser.requests) == []
