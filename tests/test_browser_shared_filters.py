"""Real Chromium: the shared filter follows the user across the analysis and export pages.

Streamlit's sidebar navigation drops the URL query, and each page's widgets are its own: a filter chosen on
one page was lost on the next (Lägesbild with Torvalla and a tertial → Rapporter och export showed the last
week for every area; Veckodag och timme with skadegörelse → Händelsekarta showed every category). The
session carries the filter between pages and every page writes it back to its URL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from est.periods import period_for_preset
from est.store import Store
from tests.browser import wait_for_idle

pytestmark = pytest.mark.browser


def _open_filters(page: Any) -> None:
    """Open the filter bar (an expander, collapsed by default) if it is not open yet."""
    wait_for_idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Period").first.wait_for(state="attached", timeout=60_000)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Period").first
    if not box.is_visible():
        page.get_by_test_id("stExpander").filter(has_text="Filter").first.locator("summary").click()
        box.wait_for(state="visible", timeout=10_000)


def _choose(page: Any, widget: str, label: str, option: str) -> None:
    # Under load a click can land while Streamlit re-renders the widget, which closes the list again: open it
    # until the option is really shown (bounded), instead of waiting once for a list that is gone.
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(4):
        wait_for_idle(page)
        box = page.get_by_test_id(widget).filter(has_text=label).first
        box.click()
        if widget == "stMultiSelect":  # a long list is virtualised: type to bring the option into view
            box.locator("input").fill(option)
        try:
            choice.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
    choice.click()
    if widget == "stMultiSelect":
        page.keyboard.press("Escape")


def _go(page: Any, link: str, title: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has_text=link).first.click()
    page.locator("h1").filter(has_text=title).wait_for(timeout=60_000)


def _chips(page: Any) -> str:
    return " ".join(page.get_by_test_id("stMultiSelectTagsContainer").all_inner_texts())


def _period_shown(page: Any) -> str:
    box = page.get_by_test_id("stSelectbox").filter(has_text="Period").first
    return str(box.inner_text()) + " " + str(box.locator("input").first.input_value())


def test_lagesbild_area_and_tertial_survive_a_sidebar_click_to_reports(
    demo_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    tertial = period_for_preset("tertial", date.today())
    with app_server(demo_store) as base:
        browser.goto(base + "/")
        browser.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
        _open_filters(browser)
        _choose(browser, "stSelectbox", "Period", "Senaste hela tertialen")
        browser.wait_for_url(f"**from={tertial.start.isoformat()}**", timeout=30_000)
        _choose(browser, "stMultiSelect", "Områden", "Torvalla")
        browser.wait_for_url("**area=OST10**", timeout=30_000)

        _go(browser, "Rapporter och export", "Rapporter och export")
        browser.wait_for_url("**area=OST10**", timeout=30_000)  # the page wrote the carried filter to its URL
        assert f"from={tertial.start.isoformat()}" in browser.url
        assert f"to={tertial.last_day.isoformat()}" in browser.url
        _open_filters(browser)
        assert "Senaste hela tertialen" in _period_shown(browser)
        assert "Torvalla" in _chips(browser)

        # A change made there comes back to the start page (not what its widgets showed on the first visit).
        month = period_for_preset("month", date.today())
        _choose(browser, "stSelectbox", "Period", "Senaste hela månaden")
        browser.wait_for_url(f"**from={month.start.isoformat()}**", timeout=30_000)
        _go(browser, "Lägesbild", "Lägesbild")
        browser.wait_for_url(f"**from={month.start.isoformat()}**", timeout=30_000)
        assert "area=OST10" in browser.url
        _open_filters(browser)
        assert "Senaste hela månaden" in _period_shown(browser)


def test_tider_category_survives_a_sidebar_click_to_the_map(
    demo_store: Store, app_server: Callable[..., Any], browser: Any
) -> None:
    four_weeks = period_for_preset("4weeks", date.today())
    with app_server(demo_store) as base:
        browser.goto(base + "/tider")
        browser.locator("h1").filter(has_text="Veckodag och timme").wait_for(timeout=60_000)
        _open_filters(browser)
        _choose(browser, "stSelectbox", "Period", "Senaste 4 veckorna")
        browser.wait_for_url(f"**from={four_weeks.start.isoformat()}**", timeout=30_000)
        _choose(browser, "stMultiSelect", "Kategorier", "Skadegörelse")
        browser.wait_for_url("**category=skadegorelse**", timeout=30_000)

        _go(browser, "Händelsekarta", "Händelsekarta")
        browser.wait_for_url("**category=skadegorelse**", timeout=30_000)
        assert f"from={four_weeks.start.isoformat()}" in browser.url
        _open_filters(browser)
        assert "Skadegörelse" in _chips(browser)
        assert "Senaste 4 veckorna" in _period_shown(browser)
