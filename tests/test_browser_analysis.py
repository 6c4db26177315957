"""A shared Lägesbild link in real Chromium: exactly that filter, the map drawn, nothing leaves the machine."""

from __future__ import annotations

import pytest

from tests.analysis_data import add, make_world, week_rows
from tests.browser import non_loopback_requests, wait_for_map

pytestmark = pytest.mark.browser


def test_shared_link_reopens_the_filter_and_renders_offline(empty_store, app_server, browser):
    make_world(empty_store)
    add(empty_store, week_rows())
    failed: list[str] = []
    browser.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with app_server(empty_store) as base:
        browser.goto(f"{base}/lagesbild?from=2026-03-02&to=2026-03-08&area=A&area=B&category=skadegorelse")
        metric = browser.get_by_test_id("stMetricValue").first
        metric.wait_for(timeout=30_000)
        assert metric.inner_text() == "4"  # Alfa 2 + Beta 2 incidents of skadegörelse in W10
        frame = wait_for_map(browser)
        assert frame.locator("path.leaflet-interactive").count() == 2  # the two areas
        # The collapsed filter bar's summary and its inputs show exactly the linked filter.
        summary = browser.get_by_test_id("stCaptionContainer").filter(has_text="Områden: Alfa, Beta").first
        assert "Kategorier: Skadegörelse" in summary.inner_text()
        browser.get_by_test_id("stExpander").filter(has_text="Filter").first.locator("summary").click()
        dates = browser.locator('[data-testid="stDateInput"] input')
        assert [dates.nth(0).input_value(), dates.nth(1).input_value()] == ["2026-03-02", "2026-03-08"]
        chips = " ".join(browser.get_by_test_id("stMultiSelectTagsContainer").all_inner_texts())
        assert "Alfa" in chips and "Beta" in chips and "Skadegörelse" in chips
        assert "area=A" in browser.url and "category=skadegorelse" in browser.url
        # Altair on another page: Vega comes from Streamlit's own bundle.
        browser.goto(f"{base}/trender?from=2026-03-02&to=2026-03-08")
        browser.locator(".vega-embed").first.wait_for(timeout=30_000)
        browser.wait_for_timeout(500)
    assert non_loopback_requests(browser.requests) == []
    # Streamlit itself probes /<page>/_stcore/health and host-config on a deep link before the root ones.
    probes = [u for u in failed if u.endswith(("/_stcore/health", "/_stcore/host-config"))]
    assert [u for u in failed if u not in probes] == []
    errors = [e for e in browser.console_errors if not e.startswith("Failed to load resource")]
    assert errors == []
    assert len(browser.console_errors) - len(errors) == len(probes)
