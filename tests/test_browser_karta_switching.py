"""Real Chromium: Händelsekarta loaded, re-laid-out and left quickly raises no browser error (issue 19 point 5).

Under load, switching pages quickly raised ``Cannot read properties of undefined (reading 'lat')`` in the map's
frame (``LatLngBounds.intersects`` ← ``MarkerCluster._recursively`` ← ``MarkerClusterGroup._moveEnd``):
leaflet.markercluster's ``chunkedLoading`` built the cluster tree in timed chunks and computed the clusters'
bounds only after the last one, so a ``moveend`` in between (the map's width changing while the page lays out)
intersected the view with bounds that did not exist yet. Chromium's own CPU throttling slows the page down as a
busy machine does while the map loads; as soon as the points are on their way into the map, its frame is
narrowed and widened as the page's layout does; the heat layer is switched on; the page is left mid-load.
Every ``pageerror`` and console error of the page and its frames is recorded; there must be none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.browser

# The newest map frame's point layer: "none" before it exists, then "clustering" or "done" (its bounds known).
_CLUSTER_STATE = """() => {
    const frames = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
    const w = frames.length ? frames[frames.length - 1].contentWindow : null;
    const name = w ? Object.keys(w).find((k) => k.startsWith('fast_marker_cluster')) : null;
    const top = name ? w[name]._topClusterLevel : null;
    if (!top || !top._childCount) { return 'none'; }
    return top._bounds.isValid() ? 'done' : 'clustering';
}"""
# What a layout shift does to the map (a scrollbar, the sidebar, elements streaming in): its frame's width changes.
_SET_MAP_WIDTH = """(width) => document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')
    .forEach((frame) => { frame.style.width = width; })"""


def _go(page: Any, link: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has_text=link).first.click()


def _load_map_under_load(page: Any, cdp: Any, start: Callable[[], None]) -> None:
    """Run ``start`` (which makes a map load) with the CPU slowed down; re-lay the map out while it clusters."""
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 12})
    try:
        start()
        page.wait_for_function(f"() => ({_CLUSTER_STATE})() !== 'none'", timeout=30_000, polling=20)
        for width in ("90%", "", "85%"):  # 250 ms apart: Leaflet fires the debounced moveend after 200 ms
            page.evaluate(_SET_MAP_WIDTH, width)
            page.wait_for_timeout(250)
        page.evaluate(_SET_MAP_WIDTH, "")
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})


def test_switching_quickly_to_and_from_the_incident_map_raises_no_browser_error(
    demo_app: Callable[[], Any], browser: Any
) -> None:
    errors: list[str] = []
    browser.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    browser.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    today = date.today()
    period = f"from={today - timedelta(days=730)}&to={today - timedelta(days=1)}"  # the whole demo: ~3,000 points
    with demo_app() as base:
        browser.goto(f"{base}/?{period}")
        browser.locator("h1").filter(has_text="Lägesbild").wait_for(timeout=30_000)
        cdp = browser.context.new_cdp_session(browser)
        for round_ in range(2):
            _load_map_under_load(browser, cdp, lambda: _go(browser, "Händelsekarta"))
            if round_ == 1:  # the heat layer: another map script, so another frame clustering its points
                _load_map_under_load(browser, cdp, lambda: browser.get_by_text("Värmekarta").click())
            _go(browser, "Lägesbild")  # and left at once
            browser.locator("h1").filter(has_text="Lägesbild").wait_for(timeout=30_000)
        _go(browser, "Händelsekarta")  # finally stay: the clusters are drawn, and still nothing was raised
        browser.frame_locator('iframe[title="streamlit_folium.st_folium"]').first.locator(
            ".marker-cluster"
        ).first.wait_for(timeout=30_000)
    assert errors == []
