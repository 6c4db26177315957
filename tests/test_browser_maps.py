"""The weekly maps in real Chromium (issue 14 points 1, 8 and the map key of 9).

What a user sees is read from the Leaflet map inside the st_folium iframe: the fill of each area's SVG path,
the labels, the scale, the view's bounds, the tooltips' boxes, the tiles asked of a WMS server (a stub on
loopback that counts them) and the legend beside the map.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from est.maps import COUNT_CLASSES, ZERO_COLOUR
from est.store import Store
from tests.analysis_data import add, make_world
from tests.browser import non_loopback_requests, wait_for_map

pytestmark = pytest.mark.browser

FOUR_WEEKS = "from=2026-03-02&to=2026-03-29"
TERTIAL = "from=2026-05-01&to=2026-08-31"  # 123 days: 17.6 weeks

# Read in the map's own document: every area layer's name and the fill of its SVG path.
_FILLS = """() => {
    const out = {};
    window.map.eachLayer((l) => {
        if (l.feature && l._path && l.feature.properties.name) {
            out[l.feature.properties.name] = l._path.getAttribute('fill');
        }
    });
    return out;
}"""


def _map(page: Any) -> Any:
    """The Leaflet container inside the st_folium iframe, once areas are drawn (evaluate runs in the iframe)."""
    return wait_for_map(page).locator(".leaflet-container")


def _legend(page: Any, title: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The legend beside the map whose title matches: its title and (label, swatch colour, swatch image)."""
    legend = page.get_by_role("img", name=re.compile(title))
    legend.wait_for(timeout=30_000)
    entries = legend.evaluate(
        """(d) => Array.from(d.querySelectorAll(':scope > span')).map((e) => {
            const s = getComputedStyle(e.firstElementChild);
            return [e.textContent, s.backgroundColor, s.backgroundImage];
        })"""
    )
    return str(legend.get_attribute("aria-label")), [tuple(e) for e in entries]


def _few(store: Store) -> None:
    """Alfa: 2 incidents in W10 and 3 in June; Beta: none at all."""
    orgs = make_world(store)
    housing = orgs["Bostadsbolaget"]
    add(
        store,
        [
            ("2026-03-03T21:00:00+01:00", "A", "skadegorelse.klotter", housing),
            ("2026-03-04T21:00:00+01:00", "A", "skadegorelse.klotter", housing),
            *[(f"2026-06-0{d}T21:00:00+02:00", "A", "skadegorelse.klotter", housing) for d in (2, 3, 4)],
        ],
    )


def test_the_class_after_zero_starts_at_one_on_four_weeks_and_a_tertial(
    empty_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    _few(empty_store)
    with app_server(empty_store) as base:
        for query, first, weeks in ((FOUR_WEEKS, "1–11", "4"), (TERTIAL, "1–52", "17,6")):
            browser.goto(f"{base}/lagesbild?{query}")
            fills = _map(browser).evaluate(_FILLS)
            # Alfa has 2 (or 3) incidents: the first class, never white like Beta's none.
            assert fills == {"Alfa": COUNT_CLASSES[0].colour, "Beta": ZERO_COLOUR}, query
            title, entries = _legend(browser, "Antal händelser")
            assert f"gånger {weeks} veckor" in title
            assert [label for label, _c, _i in entries][:2] == ["0", first]
    assert non_loopback_requests(browser.requests) == []
