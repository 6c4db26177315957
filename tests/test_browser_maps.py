"""The weekly maps in real Chromium (issue 14 points 1, 8 and the map key of 9).

What a user sees is read from the Leaflet map inside the st_folium iframe: the fill of each area's SVG path,
the labels, the scale, the view's bounds, the tooltips' boxes, the tiles asked of a WMS server (a stub on
loopback that counts them) and the legend beside the map.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from est.access.auth import LOCAL_ADMIN
from est.access.settings import change_setting
from est.picture.maps import COUNT_CLASSES, OTHER_AREA_COLOUR, ZERO_COLOUR
from est.store import Store
from tests.analysis_data import add, make_world
from tests.browser import non_loopback_requests, open_browser, wait_for_map

pytestmark = pytest.mark.browser

FOUR_WEEKS = "from=2026-03-02&to=2026-03-29"
TERTIAL = "from=2026-05-01&to=2026-08-31"  # 123 days: 17.6 weeks
W10 = "from=2026-03-02&to=2026-03-08"
ALFA_BOX = (14.00, 63.00, 14.01, 63.01)  # tests/analysis_data.py

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

# Read in the map's own document: for each area label, whether its centre is inside its area's path.
_LABELS_IN_AREAS = """() => {
    const paths = {};
    window.map.eachLayer((l) => {
        if (l.feature && l._path) { paths[l.feature.properties.name] = l._path.getBoundingClientRect(); }
    });
    return Array.from(document.querySelectorAll('.est-area-label')).map((label) => {
        const r = label.getBoundingClientRect(), p = paths[label.textContent];
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        return [label.textContent, !!p && x > p.left && x < p.right && y > p.top && y < p.bottom];
    });
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
    world_app: Callable[..., Any], browser: Any
) -> None:
    with world_app(_few) as base:
        for query, first, weeks in ((FOUR_WEEKS, "1–11", "4"), (TERTIAL, "1–52", "17,6")):
            browser.goto(f"{base}/lagesbild?{query}")
            fills = _map(browser).evaluate(_FILLS)
            # Alfa has 2 (or 3) incidents: the first class, never white like Beta's none.
            assert fills == {"Alfa": COUNT_CLASSES[0].colour, "Beta": ZERO_COLOUR}, query
            title, entries = _legend(browser, "Antal problem")
            assert f"gånger {weeks} veckor" in title
            assert [label for label, _c, _i in entries][:2] == ["0", first]
    assert non_loopback_requests(browser.requests) == []


def test_area_names_are_permanent_labels_on_a_touch_screen_and_the_scale_is_metric_only(
    world_app: Callable[..., Any],
) -> None:
    with (
        world_app(_few) as base,
        open_browser(viewport={"width": 820, "height": 1100}, has_touch=True, is_mobile=True) as phone,
    ):
        phone.goto(f"{base}/lagesbild?{W10}")
        container = _map(phone)
        labels = container.locator(".est-area-label")
        labels.first.wait_for(timeout=30_000)
        # No hover, no tap: the names are on the map, visible, each inside its own area.
        assert sorted(labels.all_inner_texts()) == ["Alfa", "Beta"]
        assert all(label.is_visible() for label in labels.all())
        # Each label's centre lies inside its own area's drawn path.
        placed = container.evaluate(_LABELS_IN_AREAS)
        assert sorted(placed) == [["Alfa", True], ["Beta", True]], placed
        scale = container.locator(".leaflet-control-scale")
        assert scale.locator(".leaflet-control-scale-line").count() == 1
        assert re.fullmatch(r"\d+ (m|km)", scale.inner_text().strip()), scale.inner_text()
        assert "mi" not in scale.inner_text() and "ft" not in scale.inner_text()
        phone.goto(f"{base}/karta?{W10}")  # the incident map's area outlines are labelled too
        assert sorted(_map(phone).locator(".est-area-label").all_inner_texts()) == ["Alfa", "Beta"]
        assert _map(phone).locator(".leaflet-control-scale-line").count() == 1
        assert non_loopback_requests(phone.requests) == []


def test_tooltips_stay_inside_the_map_at_its_edges(world_app: Callable[..., Any], browser: Any) -> None:
    with world_app(_few) as base:
        browser.goto(f"{base}/lagesbild?{W10}")
        container = _map(browser)
        # Close in on Alfa's south-west corner: Alfa fills the whole map, its centre is far off to the north-east.
        # (0.003° in from the corner: the full-width map on Lägesbild spans about ±0.0026° of longitude here.)
        container.evaluate("() => window.map.setView([63.003, 14.003], 18, {animate: false})")
        browser.wait_for_timeout(300)  # Leaflet redraws the paths after the view change
        iframe = browser.locator('iframe[title="streamlit_folium.st_folium"]').first
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        size = container.evaluate("() => [window.map.getSize().x, window.map.getSize().y]")
        for x, y in ((size[0] - 3, size[1] / 2), (size[0] / 2, size[1] - 3), (size[0] / 2, 3), (3, size[1] / 2)):
            browser.mouse.move(box["x"] + x, box["y"] + y)
            tooltip = wait_for_map(browser).locator(".leaflet-tooltip:not(.est-area-label)")
            tooltip.wait_for(timeout=5_000)
            inside = tooltip.evaluate(
                """(t) => {
                    const c = t.closest('.leaflet-container').getBoundingClientRect();
                    const r = t.getBoundingClientRect();
                    return [r.left >= c.left, r.top >= c.top, r.right <= c.right, r.bottom <= c.bottom, t.innerText];
                }"""
            )
            assert inside[:4] == [True, True, True, True], (x, y, inside)
            assert "Alfa" in inside[4]
            browser.mouse.move(box["x"] - 50, box["y"] - 50)
            tooltip.wait_for(state="detached", timeout=5_000)


def test_the_one_area_filter_zooms_to_that_area_and_greys_the_others(
    world_app: Callable[..., Any], browser: Any
) -> None:
    with world_app(_few) as base:
        browser.goto(f"{base}/lagesbild?{W10}")
        whole = _map(browser).evaluate("() => [window.map.getCenter().lng, window.map.getZoom()]")
        browser.goto(f"{base}/lagesbild?{W10}&area=A")
        container = _map(browser)
        fills = container.evaluate(_FILLS)
        assert fills == {"Alfa": COUNT_CLASSES[0].colour, "Beta": OTHER_AREA_COLOUR}
        assert OTHER_AREA_COLOUR not in (ZERO_COLOUR, *(c.colour for c in COUNT_CLASSES))
        view = container.evaluate(
            """() => { const b = window.map.getBounds();
                return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(),
                        window.map.getCenter().lng, window.map.getZoom()]; }"""
        )
        west, south, east, north, centre, zoom = view
        assert west <= ALFA_BOX[0] and south <= ALFA_BOX[1] and east >= ALFA_BOX[2] and north >= ALFA_BOX[3]
        assert abs(centre - 14.005) < 0.001 and abs(whole[0] - 14.01) < 0.001  # on Alfa, not on both areas
        assert zoom >= whole[1]
        _title, entries = _legend(browser, "Antal problem")
        assert ("Ej med i urvalet", "rgb(150, 150, 150)") in [(label, colour) for label, colour, _i in entries]


def test_the_incident_map_with_an_area_filter_opens_on_that_area_and_greys_the_others(
    world_app: Callable[..., Any], browser: Any
) -> None:
    with world_app(_few) as base:  # two reports in Alfa in W10: as points they alone would zoom in on one spot
        browser.goto(f"{base}/karta?{W10}&area=A")
        container = _map(browser)
        fills = container.evaluate(_FILLS)
        assert fills == {"Alfa": ZERO_COLOUR, "Beta": OTHER_AREA_COLOUR}
        view = container.evaluate(
            """() => { const b = window.map.getBounds();
                return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), window.map.getCenter().lng]; }"""
        )
        west, south, east, north, centre = view
        assert west <= ALFA_BOX[0] and south <= ALFA_BOX[1] and east >= ALFA_BOX[2] and north >= ALFA_BOX[3]
        assert abs(centre - 14.005) < 0.001  # on Alfa
        _title, entries = _legend(browser, "^Problem$")
        assert ("Ej med i urvalet", "rgb(150, 150, 150)") in [(label, colour) for label, colour, _i in entries]


class _WmsStub(BaseHTTPRequestHandler):
    """A WMS server on loopback that answers every GetMap with a small PNG and records what was asked."""

    asked: ClassVar[list[str]] = []
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fe"
        "a7d6a4b40000000049454e44ae426082"
    )

    def do_GET(self) -> None:
        self.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.png)))
        self.end_headers()
        self.wfile.write(self.png)

    def log_message(self, *_args: Any) -> None:
        return


@contextmanager
def _wms_server() -> Iterator[tuple[str, list[str]]]:
    asked: list[str] = []
    handler = type("Stub", (_WmsStub,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/wms", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_wms_basemap_asks_the_configured_service_for_tiles_with_the_right_parameters(
    empty_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    _few(empty_store)
    with _wms_server() as (url, asked):
        for key, value in (
            ("basemap_kind", "wms"),
            ("basemap_url", url),
            ("basemap_wms_layers", "topowebb"),
            ("basemap_wms_format", "image/png"),
            ("basemap_attribution", "© Lantmäteriet <b>CC BY</b>"),
        ):
            change_setting(empty_store, LOCAL_ADMIN, key, value)
        with app_server(empty_store) as base:
            browser.goto(f"{base}/lagesbild?{W10}")
            container = _map(browser)
            tiles = container.locator("img.leaflet-tile")
            tiles.first.wait_for(timeout=30_000)
            container.locator("img.leaflet-tile-loaded").first.wait_for(timeout=30_000)
            browser.wait_for_timeout(500)  # let the last tiles of the view arrive before counting
            shown = tiles.count()
            attribution = container.locator(".leaflet-control-attribution")
            assert "© Lantmäteriet <b>CC BY</b>" in attribution.inner_text()  # the text, not markup
            assert attribution.locator("b").count() == 0
    assert shown > 0 and len(asked) == shown, (shown, asked)
    for path in asked:
        parsed = urlparse(path)
        params = {k.lower(): v for k, v in parse_qs(parsed.query).items()}
        assert parsed.path == "/wms"
        assert params["service"] == ["WMS"] and params["request"] == ["GetMap"]
        assert params["layers"] == ["topowebb"] and params["format"] == ["image/png"]
        assert params["version"] == ["1.3.0"] and params["crs"] == ["EPSG:3857"]
        assert params["width"] == ["256"] and params["height"] == ["256"]
        assert len(params["bbox"][0].split(",")) == 4
    wms_requests = [u for u in browser.requests if urlparse(u).path == "/wms"]
    assert len(wms_requests) == len(asked)
    assert non_loopback_requests(browser.requests) == []


def test_the_incident_map_has_a_key_for_its_cluster_colours_and_the_heat_layer(
    empty_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    orgs = make_world(empty_store)
    twelve = [
        (f"2026-03-0{2 + i % 5}T2{i % 4}:00:00+01:00", "A", "skadegorelse.klotter", orgs["Polisen"]) for i in range(12)
    ]
    add(empty_store, [*twelve, ("2026-03-04T21:00:00+01:00", "B", "skadegorelse.klotter", orgs["Polisen"])])
    with app_server(empty_store) as base:
        browser.goto(f"{base}/karta?{W10}")
        container = _map(browser)
        cluster = container.locator(".marker-cluster-medium")  # 12 reports at one place
        cluster.wait_for(timeout=30_000)
        assert cluster.inner_text().strip() == "12"
        drawn = cluster.evaluate("(c) => getComputedStyle(c.firstElementChild).backgroundColor")
        point = container.locator("path.leaflet-interactive[fill='#d95f02']")  # Beta's single report
        assert point.count() == 1
        _title, entries = _legend(browser, "^Problem$")
        colours = {label: colour for label, colour, _image in entries}
        assert list(colours) == ["ett problem", "grupp med 2–9", "grupp med 10–99", "grupp med 100 eller fler"]
        assert colours["grupp med 10–99"] == drawn  # the key shows the colour the map draws
        assert colours["ett problem"] == "rgb(217, 95, 2)"
        browser.get_by_text("Värmekarta").click()  # no heat layer, no heat key; now both
        wait_for_map(browser).locator("canvas.leaflet-heatmap-layer").wait_for(timeout=30_000)
        browser.get_by_role("img", name=re.compile("^Problem$")).get_by_text("Värmekarta").wait_for(timeout=30_000)
        _title, entries = _legend(browser, "^Problem$")
        heat = [(label, image) for label, _colour, image in entries if label.startswith("Värmekarta")]
        assert len(heat) == 1 and "fler problem nära varandra" in heat[0][0]
        assert heat[0][1].startswith("linear-gradient") and "rgb(255, 0, 0)" in heat[0][1]
    assert non_loopback_requests(browser.requests) == []


def test_area_names_stay_readable_beside_the_counts_of_incidents_without_coordinates(
    empty_store: Store, app_server: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    from est.intake import ImportOptions, import_file
    from tests.test_map_area_counts import write_area_only_file

    make_world(empty_store)
    import_file(empty_store, LOCAL_ADMIN, write_area_only_file(tmp_path), ImportOptions(organisation="Bostadsbolaget"))
    with app_server(empty_store) as base:
        browser.goto(f"{base}/karta?{W10}")
        container = _map(browser)
        container.locator(".est-area-count").first.wait_for(timeout=30_000)
        container.locator(".est-area-label").first.wait_for(timeout=30_000)
        overlaps = container.evaluate(
            """() => {
                const boxes = (sel) => Array.from(document.querySelectorAll(sel)).map((e) => e.getBoundingClientRect());
                const names = boxes('.est-area-label'), counts = boxes('.est-area-count');
                return names.flatMap((n) => counts.filter((c) =>
                    n.left < c.right && n.right > c.left && n.top < c.bottom && n.bottom > c.top).map(() => 1)).length;
            }"""
        )
        assert container.locator(".est-area-count").count() == 2
        assert overlaps == 0  # the badge sits under the name, not on it
