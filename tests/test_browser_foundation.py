"""Real Chromium against the real app: the start page, the offline map, and sharing the file with the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.store import Store
from tests.browser import non_loopback_requests, settled_box, wait_for_map

pytestmark = pytest.mark.browser


def _metric_values(page: Any) -> list[str]:
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    return [v.inner_text() for v in page.get_by_test_id("stMetricValue").all()]


def test_lagesbild_shows_kpis_and_area_polygons_with_no_request_leaving_the_machine(
    demo_app: Callable[[], Any], browser: Any
) -> None:
    with demo_app() as base:
        browser.goto(base + "/")
        values = _metric_values(browser)
        assert len(values) == 5, values
        assert all(v.replace("\u202f", "").isdigit() for i, v in enumerate(values) if i != 1), values
        assert values[1] in {"Högre", "Lägre", "Normal", "–"}
        frame = wait_for_map(browser)
        polygons = frame.locator("path.leaflet-interactive")
        assert polygons.count() >= 15  # the demo's bostadsområden
        assert browser.get_by_text("Demodata").first.is_visible()
        browser.wait_for_timeout(500)
    assert non_loopback_requests(browser.requests) == []
    assert browser.console_errors == []
    assert any("/app/static/vendor/leaflet-1.9.3/leaflet.js" in url for url in browser.requests)


def test_cli_imports_while_the_app_serves_and_the_app_shows_the_new_data(
    demo_store: Store, app_server: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    # A week before the demo's two years: nothing there until the nightly import brings 40 reports.
    week = "/?from=2020-03-09&to=2020-03-15"
    rows = "".join(f"2020-03-{10 + i % 5:02d} 2{i % 4}:15;Klotter;63.1775;14.6370\n" for i in range(40))
    upload = tmp_path / "nattlig-export.csv"
    upload.write_text("Datum;Kategori;Lat;Lon\n" + rows, encoding="utf-8")
    with app_server(demo_store) as base:
        browser.goto(base + week)
        assert _metric_values(browser)[0] == "0"  # the app has the file open and has read it
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "est.cli",
                "import",
                str(upload),
                "--org",
                "Bostadsbolaget",
                "--db",
                str(demo_store.path),
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )  # the CLI writes to the same file while the app keeps serving it
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["rows_imported"] == 40
        browser.reload()
        browser.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
        deadline = time.monotonic() + 30
        while _metric_values(browser)[0] != "40":
            assert time.monotonic() < deadline, _metric_values(browser)
            browser.wait_for_timeout(250)
        wait_for_map(browser)
    assert non_loopback_requests(browser.requests) == []


def test_a_deep_link_as_the_first_request_is_routed_and_the_incident_map_draws(
    demo_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    errors: list[str] = []
    browser.on("pageerror", lambda e: errors.append(str(e)))
    with app_server(demo_store) as base:
        browser.goto(base + "/karta")  # the fresh server's very first request: no st.navigation has run yet
        frame = wait_for_map(browser)
        sidebar = browser.get_by_test_id("stSidebar").inner_text()
        assert "Händelsekarta" in sidebar and "anvandare" not in sidebar  # the router's names, not file names
        box = settled_box(browser.locator('iframe[title="streamlit_folium.st_folium"]').first)
        assert box["height"] >= 500  # a Leaflet error leaves the iframe 0 px high
        frame.locator(".marker-cluster, path.leaflet-interactive").first.wait_for(timeout=30_000)
        assert frame.locator(".marker-cluster").count() > 0  # the incidents, clustered client-side
    assert errors == []
    assert non_loopback_requests(browser.requests) == []
