"""HTML and script payloads in every text field never execute in real Chromium, and show literally.

Payloads go into incident descriptions, places and source labels, area names and organisation names;
the pages are opened, map popups opened and tooltips hovered: a ``window.__xss`` flag stays undefined in
every frame and no dialog opens.
"""

from __future__ import annotations

from typing import Any

import pytest

from est.store import Store
from tests.analysis_data import add, make_world
from tests.browser import wait_for_map

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3">',
    "';window.__xss=4;//",
]
WEEK = "from=2026-03-02&to=2026-03-08"


def _poison(store: Store) -> None:
    orgs = make_world(store)
    rows = [
        (f"2026-03-0{3 + i % 4}T2{i % 4}:00:00+01:00", "A" if i % 2 else "B", "skadegorelse.klotter", org, p, p)
        for i, p in enumerate(PAYLOADS)
        for org in orgs.values()
    ]
    add(store, rows)
    with store.writing() as w:
        w.execute("UPDATE incidents SET source_label = description")
        w.execute("UPDATE areas SET name = ? || ' Alfa' WHERE code = 'A'", [PAYLOADS[0]])
        w.execute("UPDATE areas SET name = ? || ' Beta' WHERE code = 'B'", [PAYLOADS[1]])
        w.execute("UPDATE organisations SET name = ? || name", [PAYLOADS[2]])


OPEN_ALL_POPUPS = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const layers = [];
    map.eachLayer((layer) => {
        layers.push(layer);
        if (layer.getAllChildMarkers) layers.push(...layer.getAllChildMarkers());
    });
    const texts = [];
    for (const layer of layers) {
        const popup = layer.getPopup && layer.getPopup();
        if (!popup) continue;
        // Put the marker's own popup content into the page exactly as Leaflet does when it is clicked.
        L.popup().setLatLng(map.getCenter()).setContent(popup.getContent()).openOn(map);
        const node = document.querySelector(".leaflet-popup-content");
        if (node) texts.push(node.innerText);
    }
    return texts;
}"""


def _folium_frame(page: Any) -> Any:
    for _ in range(60):
        for frame in page.frames:
            if "st_folium" in frame.url and frame.evaluate(
                "typeof L !== 'undefined' && Object.values(window).some((v) => v instanceof L.Map)"
            ):
                return frame
        page.wait_for_timeout(500)
    raise AssertionError("the incident map never loaded")


def _assert_nothing_ran(page: Any, dialogs: list[str]) -> None:
    page.wait_for_timeout(500)
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", frame.url
        # no payload became an element anywhere (an <img src=x> or <svg onload> would be one)
        assert frame.evaluate("document.querySelectorAll('img[src=x], svg[onload], img[onerror]').length") == 0
    assert dialogs == []


def test_payloads_in_every_text_field_never_execute(empty_store: Store, app_server: Any, browser: Any) -> None:
    _poison(empty_store)
    dialogs: list[str] = []
    browser.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with app_server(empty_store) as base:
        # The overview: choropleth tooltips carry the area names.
        browser.goto(f"{base}/lagesbild?{WEEK}")
        frame = wait_for_map(browser)
        shapes = frame.locator("path.leaflet-interactive")
        shown: list[str] = []
        for i in range(shapes.count()):
            shapes.nth(i).hover(force=True)
            browser.wait_for_timeout(300)
            shown += frame.locator(".leaflet-tooltip").all_inner_texts()
        assert any(PAYLOADS[0] in text or PAYLOADS[1] in text for text in shown), shown  # literal text
        _assert_nothing_ran(browser, dialogs)

        # The incident map: popups carry descriptions, places, labels and organisation names. Every popup is
        # opened through Leaflet itself (this does not depend on the iframe's size on screen).
        browser.goto(f"{base}/karta?{WEEK}")
        browser.get_by_role("heading", name="Händelsekarta").wait_for(timeout=30_000)
        frame = _folium_frame(browser)
        texts = frame.evaluate(OPEN_ALL_POPUPS)
        for text in texts:  # whatever a popup shows of a payload, it shows as text
            assert "onerror" not in text or "<img" in text, text
        _assert_nothing_ran(browser, dialogs)

        for page in ("trender", "tider", "omrade", "mote", "atgarder", "rapporter", "integritet", "logg"):
            browser.goto(f"{base}/{page}?{WEEK}")
            browser.get_by_test_id("stMain").wait_for(timeout=30_000)
            browser.wait_for_timeout(1500)
            _assert_nothing_ran(browser, dialogs)
