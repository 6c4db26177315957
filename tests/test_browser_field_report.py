"""The quick report in real Chromium on a phone-sized screen: tap the map, pick, save; nothing leaves the machine.

A save while another program holds the database file shows the error, keeps what was filled in, and the
retry stores the report once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from est.store import Store
from tests.browser import non_loopback_requests, open_browser, settled_box
from tests.test_field_report import _database_held_by_another_process

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _wait_for_rerun(page: Any) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=20_000,
    )
    page.wait_for_timeout(300)


def test_phone_user_taps_the_map_and_saves_a_report(demo_store: Store, app_server: Callable[..., Any]) -> None:
    with (
        app_server(demo_store) as base,
        open_browser(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            geolocation={"latitude": 63.1775, "longitude": 14.6370},
            permissions=["geolocation"],
        ) as page,
    ):
        page.goto(f"{base}/faltrapport")
        page.get_by_test_id("stSelectbox").filter(has_text="Organisation").click()
        page.get_by_role("option", name="Nattvandrarna Östersund (demo)").click()
        _wait_for_rerun(page)  # the map is drawn again after the rerun; tap the new one

        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
        frame.locator(".leaflet-container").wait_for(timeout=30_000)
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
        # The "my position" button centres the map on the phone's position (browser geolocation).
        frame.locator("a.est-locate").click()
        frame.locator("path.leaflet-interactive[stroke='#1565c0']").first.wait_for(timeout=10_000)
        page.wait_for_timeout(800)  # the map pans to the position
        frame.locator(".leaflet-container").tap()  # a tap at the centre: where the phone is
        position = page.get_by_role("textbox", name="Position (latitud, longitud)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('input')].some(i => /^63\\.1[0-9]+, 14\\.6[0-9]+$/.test(i.value))",
            timeout=20_000,
        )
        lat, lon = (float(v) for v in position.input_value().split(","))
        assert abs(lat - 63.1775) < 0.002 and abs(lon - 14.6370) < 0.004

        page.get_by_text("Samling utomhus", exact=True).tap()
        page.get_by_role("textbox", name="Kort beskrivning (valfritt, inga namn)").fill("Grupp vid lekplatsen")
        save = page.get_by_role("button", name="Spara rapport")
        box = settled_box(save)
        assert box["height"] >= 44 and box["width"] >= 300  # a large, full-width target
        save.tap()
        page.get_by_text("Sparad (nr").wait_for(timeout=20_000)

        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= PHONE["width"] + 1, "the page scrolls sideways on a phone"
        assert non_loopback_requests(page.requests) == []
        # Streamlit itself probes /<page>/_stcore/... (404) when opened on a page path; nothing else may fail.
        assert all("404" in e for e in page.console_errors), page.console_errors

    rows = demo_store.rows(
        "SELECT i.category_code, i.description, f.position_source FROM incidents i "
        "JOIN field_reports f ON f.incident_id = i.id"
    )
    assert rows == [("samling.utomhus", "Grupp vid lekplatsen", "map")]


def test_phone_user_sees_a_failed_save_keeps_the_form_and_a_retry_stores_one_report(
    demo_store: Store, app_server: Callable[..., Any]
) -> None:
    with app_server(demo_store) as base, open_browser(viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(f"{base}/faltrapport")
        page.get_by_test_id("stSelectbox").filter(has_text="Organisation").click()
        page.get_by_role("option", name="Nattvandrarna Östersund (demo)").click()
        _wait_for_rerun(page)
        position = page.get_by_role("textbox", name="Position (latitud, longitud)")
        position.fill("63.1775, 14.6370")
        position.press("Enter")
        _wait_for_rerun(page)
        page.get_by_text("Samling utomhus", exact=True).tap()
        _wait_for_rerun(page)
        text = page.get_by_role("textbox", name="Kort beskrivning (valfritt, inga namn)")
        text.fill("Grupp vid lekplatsen")
        text.blur()
        _wait_for_rerun(page)
        before = demo_store.value("SELECT count(*) FROM field_reports")

        with _database_held_by_another_process(demo_store):
            page.get_by_role("button", name="Spara rapport").tap()
            page.get_by_text("Rapporten kunde inte sparas", exact=False).wait_for(timeout=20_000)
            _wait_for_rerun(page)
        # What the phone user filled in is all still there.
        assert position.input_value() == "63.1775, 14.6370"
        assert page.get_by_role("radio", name="Samling utomhus").is_checked()
        assert text.input_value() == "Grupp vid lekplatsen"
        assert demo_store.value("SELECT count(*) FROM field_reports") == before

        # The other program has let go: the same tap saves the report, once.
        page.get_by_role("button", name="Spara rapport").tap()
        page.get_by_text("Sparad (nr").wait_for(timeout=20_000)
        assert page.get_by_text("Rapporten kunde inte sparas", exact=False).count() == 0
        assert non_loopback_requests(page.requests) == []

    rows = demo_store.rows(
        "SELECT i.category_code, i.description, f.position_source FROM incidents i "
        "JOIN field_reports f ON f.incident_id = i.id"
    )
    assert rows == [("samling.utomhus", "Grupp vid lekplatsen", "typed")]
