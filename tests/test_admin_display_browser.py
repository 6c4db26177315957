"""Real Chromium: a chosen filter on the audit log follows the sidebar language switch.

Streamlit keeps a keyed selectbox's choice as the text it shows, so after switching to English the box still
read "Dubbletter länkade" (half-translated page). AppTest works with the Python values and cannot see this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.intake.dedup import link_duplicates
from est.store import Store
from tests.browser import wait_for_idle

pytestmark = pytest.mark.browser


def _choose(page: Any, box: Any, option: str) -> None:
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_idle(page)


def _shown(box: Any) -> str:
    return str(box.locator("input").input_value())  # the combobox shows the choice in its input


def test_audit_action_filter_shows_in_the_new_language_after_the_switch(
    demo_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    link_duplicates(demo_store, LOCAL_ADMIN)  # a "dedup_link" entry besides the demo's police import
    with app_server(demo_store) as base:
        browser.goto(base + "/logg")
        browser.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
        action_box = browser.get_by_test_id("stMain").get_by_test_id("stSelectbox").first
        _choose(browser, action_box, "Dubbletter länkade")
        assert _shown(action_box) == "Dubbletter länkade"
        _choose(browser, browser.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first, "English")
        browser.get_by_role("heading", name="Audit log").wait_for(timeout=30_000)
        action_box = browser.get_by_test_id("stMain").get_by_test_id("stSelectbox").first
        assert _shown(action_box) == "Duplicates linked"  # the same choice, in English
        assert browser.get_by_test_id("stDataFrame").count() == 1  # still filtered, not "No entries."
