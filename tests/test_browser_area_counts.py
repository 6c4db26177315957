"""Händelsekarta in real Chromium after importing a file with addresses and areas but no coordinates.

The map must not say "no incidents" beside "42 incidents have no coordinates": it labels each area with
its count, and the caption says the incidents are shown per area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from est.access.auth import LOCAL_ADMIN
from est.intake import ImportOptions, import_file
from est.store import Store
from tests.analysis_data import make_world
from tests.browser import non_loopback_requests, wait_for_map
from tests.test_map_area_counts import write_area_only_file

pytestmark = pytest.mark.browser


def test_coordinate_less_import_shows_counts_per_area_on_the_incident_map(
    empty_store: Store, app_server: Any, browser: Any, tmp_path: Path
) -> None:
    make_world(empty_store)
    report = import_file(
        empty_store, LOCAL_ADMIN, write_area_only_file(tmp_path), ImportOptions(organisation="Bostadsbolaget")
    )
    assert report.rows_imported == 42
    with app_server(empty_store) as base:
        browser.goto(f"{base}/karta?from=2026-03-02&to=2026-03-08")
        frame = wait_for_map(browser)
        labels = frame.locator(".est-area-count")
        expect(labels).to_have_count(2, timeout=20_000)
        assert sorted(labels.all_inner_texts()) == ["12", "30"]
        expect(browser.get_by_text("42 problem saknar koordinater och visas som antal per område")).to_be_visible()
        assert browser.get_by_text("Inga rapporter i den valda perioden", exact=False).count() == 0
        # Each label sits on its own area (Alfa to the west of Beta) and names it on hover.
        boxes = {text: labels.nth(i).bounding_box() for i, text in enumerate(labels.all_inner_texts())}
        assert boxes["30"]["x"] < boxes["12"]["x"]
        labels.filter(has_text="30").hover()
        expect(frame.locator(".leaflet-tooltip").filter(has_text="Alfa: 30 problem utan koordinater")).to_be_visible()
        expect(browser.get_by_text("Problem utan koordinater, antal per område")).to_be_visible()
    assert non_loopback_requests(browser.requests) == []
