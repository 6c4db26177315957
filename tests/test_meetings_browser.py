"""Meeting mode in real Chromium: reports arriving during the meeting appear without a reload (the screen
refreshes itself), the arrow keys change area, and nothing leaves the machine."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.meeting.meetings import REFRESH_ENV, create_meeting
from est.store import Store
from tests.browser import non_loopback_requests
from tests.test_meetings import add_incidents, build_town

pytestmark = pytest.mark.browser


def _metric(page: Any, label: str) -> Any:
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def test_open_meeting_refreshes_and_keys_navigate(empty_store: Store, app_server: Any, browser: Any) -> None:
    town = build_town(empty_store)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    add_incidents(empty_store, town, [("A", f"{yesterday} 20:00", "skadegorelse.klotter")])
    with empty_store.writing() as w:
        create_meeting(w, LOCAL_ADMIN, held_on=date.today(), area_set_id=town["set_id"], title="Livemöte")
    with app_server(empty_store, extra_env={REFRESH_ENV: "2"}) as base:
        browser.goto(f"{base}/mote?meeting=1&screen=0")
        total = _metric(browser, "Problem i perioden")
        total.wait_for(timeout=30_000)
        assert total.inner_text() == "1"
        # A report comes in during the meeting: the screen shows it without a reload.
        add_incidents(empty_store, town, [("B", f"{yesterday} 21:00", "ordning.brak")] * 2)
        browser.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText === '3')",
            timeout=20_000,
        )
        # Keyboard navigation: → shows the first area (Bäcken, by name) and puts the screen in the URL.
        browser.get_by_role("heading", name="Mötesläge").first.click()
        browser.keyboard.press("ArrowRight")
        browser.get_by_text("Bäcken · Område 1 av 3").wait_for(timeout=15_000)
        assert "screen=1" in browser.url
        browser.keyboard.press("ArrowLeft")
        _metric(browser, "Sena rapporter").wait_for(timeout=15_000)  # back on the overview screen
        assert "screen=0" in browser.url
    assert non_loopback_requests(browser.requests) == []
