"""The quick report in real Chromium on a phone-sized screen: tap the map, pick, save; nothing leaves the machine.

A save while another program holds the database file shows the error, keeps what was filled in, and the
retry stores the report once. The tests share one served copy of the demo (one test process runs them all);
each opens its own browser session and reads back only the reports stored after it began.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from est.store import Store
from est.ui.field_views import DOUBLE_TAP_SECONDS
from tests.browser import non_loopback_requests, open_browser, serve_app, settled_box, wait_for_map
from tests.conftest import copy_of
from tests.test_field_report import _database_held_by_another_process

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("field_report_browser")]

PHONE = {"width": 390, "height": 844}


def _wait_for_rerun(page: Any) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=20_000,
    )
    page.wait_for_timeout(300)


def _choose_organisation(page: Any) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Organisation").click()
    page.get_by_role("option", name="Nattvandrarna Östersund (demo)").click()
    _wait_for_rerun(page)  # the map is drawn again after the rerun; tap the new one


class _Served:
    """The demo served once for the module's tests: its store and base URL."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base

    def newest_id(self) -> int:
        """The highest incident id so far: a test's own reports are the ones above it."""
        return int(self.store.value("SELECT coalesce(max(id), 0) FROM incidents"))


@pytest.fixture(scope="module")
def served(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Served]:
    store = copy_of(_demo_template, tmp_path_factory.mktemp("field-report") / "demo.duckdb")
    with serve_app(store) as base:
        yield _Served(store, base)


@contextmanager
def _report_form(served: _Served, **browser_args: Any) -> Iterator[Any]:
    """The quick-report page, open on a phone in a new browser session with the demo organisation chosen."""
    with open_browser(viewport=PHONE, is_mobile=True, has_touch=True, **browser_args) as page:
        page.goto(f"{served.base}/faltrapport")
        _choose_organisation(page)
        yield page


def _fill_report(page: Any, position_text: str, what: str, text: str) -> None:
    position = page.get_by_role("textbox", name="Position (latitud, longitud)")
    position.fill(position_text)
    position.press("Enter")
    _wait_for_rerun(page)
    page.get_by_text(what, exact=True).tap()
    _wait_for_rerun(page)
    box = page.get_by_role("textbox", name="Kort beskrivning (valfritt, inga namn)")
    box.fill(text)
    box.blur()
    _wait_for_rerun(page)


def test_phone_user_taps_the_map_and_saves_a_report(served: _Served) -> None:
    newest = served.newest_id()
    with _report_form(served) as page:
        frame = wait_for_map(page)
        frame.locator(".leaflet-container").tap()  # a tap at the centre of the map
        position = page.get_by_role("textbox", name="Position (latitud, longitud)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('input')].some(i => /^63\\.1[0-9]+, 14\\.[67][0-9]+$/.test(i.value))",
            timeout=20_000,
        )
        lat, lon = (float(v) for v in position.input_value().split(","))
        _wait_for_rerun(page)

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

    rows = served.store.rows(
        "SELECT i.category_code, i.description, f.position_source, round(i.lat, 6), round(i.lon, 6) "
        "FROM incidents i JOIN field_reports f ON f.incident_id = i.id WHERE i.id > ?",
        [newest],
    )
    assert rows == [("samling.utomhus", "Grupp vid lekplatsen", "map", round(lat, 6), round(lon, 6))]


def test_my_position_fills_the_position_with_its_accuracy_and_saves_it(served: _Served) -> None:
    newest = served.newest_id()
    with _report_form(
        served,
        geolocation={"latitude": 63.1775, "longitude": 14.6370, "accuracy": 25},
        permissions=["geolocation"],
    ) as page:
        frame = wait_for_map(page)
        frame.locator("a.est-locate").tap()
        # The phone's position fills the form, with how precise it is.
        position = page.get_by_role("textbox", name="Position (latitud, longitud)")
        expect(position).to_have_value("63.177500, 14.637000", timeout=20_000)
        expect(page.get_by_text("noggrann inom ± 25 m", exact=False)).to_be_visible(timeout=20_000)
        _wait_for_rerun(page)
        # The map draws the point with its accuracy circle after the rerun.
        wait_for_map(page).locator("path.leaflet-interactive[stroke='#1565c0']").first.wait_for(timeout=20_000)

        page.get_by_text("Ordningsstörning, bråk", exact=True).tap()
        _wait_for_rerun(page)
        page.get_by_role("button", name="Spara rapport").tap()
        page.get_by_text("Sparad (nr").wait_for(timeout=20_000)
        assert non_loopback_requests(page.requests) == []

    rows = served.store.rows(
        "SELECT i.category_code, i.lat, i.lon, f.position_source, f.position_accuracy_m FROM incidents i "
        "JOIN field_reports f ON f.incident_id = i.id WHERE i.id > ?",
        [newest],
    )
    assert rows == [("ordning.brak", 63.1775, 14.637, "phone", 25.0)]


def test_phone_user_sees_a_failed_save_keeps_the_form_and_a_retry_stores_one_report(served: _Served) -> None:
    newest = served.newest_id()
    with _report_form(served) as page:
        _fill_report(page, "63.1775, 14.6370", "Samling utomhus", "Grupp vid lekplatsen")
        before = served.store.value("SELECT count(*) FROM field_reports")

        with _database_held_by_another_process(served.store):
            page.get_by_role("button", name="Spara rapport").tap()
            page.get_by_text("Rapporten kunde inte sparas", exact=False).wait_for(timeout=20_000)
            _wait_for_rerun(page)
        # What the phone user filled in is all still there.
        assert page.get_by_role("textbox", name="Position (latitud, longitud)").input_value() == "63.1775, 14.6370"
        assert page.get_by_role("radio", name="Samling utomhus").is_checked()
        assert page.get_by_role("textbox", name="Kort beskrivning (valfritt, inga namn)").input_value() == (
            "Grupp vid lekplatsen"
        )
        assert served.store.value("SELECT count(*) FROM field_reports") == before

        # The other program has let go: the same tap saves the report, once.
        page.get_by_role("button", name="Spara rapport").tap()
        page.get_by_text("Sparad (nr").wait_for(timeout=20_000)
        assert page.get_by_text("Rapporten kunde inte sparas", exact=False).count() == 0
        assert non_loopback_requests(page.requests) == []

    rows = served.store.rows(
        "SELECT i.category_code, i.description, f.position_source FROM incidents i "
        "JOIN field_reports f ON f.incident_id = i.id WHERE i.id > ?",
        [newest],
    )
    assert rows == [("samling.utomhus", "Grupp vid lekplatsen", "typed")]


def _in_viewport(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_phone_double_tap_on_save_stores_one_report_confirms_by_the_button_and_resets_the_form(
    served: _Served,
) -> None:
    newest = served.newest_id()
    with _report_form(served) as page:
        _fill_report(page, "63.1775, 14.6370", "Samling utomhus", "Grupp vid lekplatsen")

        save = page.get_by_role("button", name="Spara rapport")
        save.scroll_into_view_if_needed()
        box = save.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # Two quick taps, as a thumb does: the second lands before the first has come back.
        page.touchscreen.tap(x, y)
        page.wait_for_timeout(120)
        page.touchscreen.tap(x, y)
        saved = page.get_by_text("Sparad (nr")
        saved.wait_for(timeout=20_000)
        _wait_for_rerun(page)
        # any late rerun from the second tap has run, and a tap now is no longer the second tap of that save
        page.wait_for_timeout(max(1000, int(DOUBLE_TAP_SECONDS * 1000) + 200))
        _wait_for_rerun(page)

        # The confirmation is where the phone user is looking: on screen, by the save button.
        assert saved.count() == 1 and _in_viewport(page, saved), saved.bounding_box()
        # The form is empty for the next report; the organisation stays.
        assert page.get_by_role("textbox", name="Position (latitud, longitud)").input_value() == ""
        assert not page.get_by_role("radio", name="Samling utomhus").is_checked()
        assert page.get_by_role("textbox", name="Kort beskrivning (valfritt, inga namn)").input_value() == ""
        expect(page.get_by_role("combobox", name="Organisation")).to_have_value("Nattvandrarna Östersund (demo)")
        # Tapping "save" on the empty form saves nothing and says what is missing.
        page.get_by_role("button", name="Spara rapport").tap()
        page.get_by_text("tryck på kartan eller skriv en position", exact=False).wait_for(timeout=20_000)

    rows = served.store.rows(
        "SELECT i.category_code, i.description FROM incidents i JOIN field_reports f ON f.incident_id = i.id "
        "WHERE i.id > ?",
        [newest],
    )
    assert rows == [("samling.utomhus", "Grupp vid lekplatsen")]
