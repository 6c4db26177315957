"""Real Chromium against the real app: the start page, the offline map, and sharing the file with the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from est.store import Store
from tests.browser import non_loopback_requests, wait_for_map

pytestmark = pytest.mark.browser


def _metric_values(page: Any) -> list[str]:
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    return [v.inner_text() for v in page.get_by_test_id("stMetricValue").all()]


def test_lagesbild_shows_kpis_and_area_polygons_with_no_request_leaving_the_machine(
    demo_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    with app_server(demo_store) as base:
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


def test_cli_writes_while_the_app_serves_and_the_app_shows_the_new_data(
    empty_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    with app_server(empty_store) as base:
        browser.goto(base + "/")
        browser.get_by_test_id("stAlertContainer").first.wait_for(timeout=30_000)  # "no area set yet"
        # The app has served (and read) the file; now the CLI writes to the same file.
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "est.cli",
                "init",
                "--db",
                str(empty_store.path),
                "--demo",
                "--rows",
                "4000",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["incidents"] == 4000
        browser.reload()
        values = _metric_values(browser)
        assert int(values[0].replace("\u202f", "")) > 0
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
        box = browser.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
        assert box is not None and box["height"] >= 500  # a Leaflet error leaves the iframe 0 px high
        frame.locator(".marker-cluster, path.leaflet-interactive").first.wait_for(timeout=30_000)
        assert frame.locator(".marker-cluster").count() > 0  # the incidents, clustered client-side
    assert errors == []
    assert non_loopback_requests(browser.requests) == []
