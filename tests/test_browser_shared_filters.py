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


def _open_with_filters(page: Any, url: str, ready: Any) -> None:
    """Open ``url``, wait until ``ready`` (a locator on it) shows, then open the filter bar."""
    page.goto(url)
    ready.wait_for(timeout=60_000)
    _open_filters(page)


def _choose(page: Any, widget: str, label: str, option: str, in_url: str) -> None:
    """Pick ``option`` in the ``widget`` labelled ``label``; wait until the page has written ``in_url`` to its URL."""
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
    page.wait_for_url(f"**{in_url}**", timeout=30_000)


def _go(page: Any, link: str, title: str, in_url: str) -> None:
    """Click ``link`` in the sidebar; wait for the page titled ``title`` to write ``in_url`` to its URL."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=link).first.click()
    page.locator("h1").filter(has_text=title).wait_for(timeout=60_000)
    page.wait_for_url(f"**{in_url}**", timeout=30_000)


def _chips(page: Any) -> str:
    return " ".join(page.get_by_test_id("stMultiSelectTagsContainer").all_inner_texts())


def _period_shown(page: Any) -> str:
    box = page.get_by_test_id("stSelectbox").filter(has_text="Period").first
    return str(box.inner_text()) + " " + str(box.locator("input").first.input_value())


def test_lagesbild_area_and_tertial_survive_a_sidebar_click_to_reports(
    demo_app: Callable[[], Any], browser: Any
) -> None:
    tertial = period_for_preset("tertial", date.today())
    with demo_app() as base:
        _open_with_filters(browser, base + "/", browser.get_by_test_id("stMetricValue").first)
        _choose(browser, "stSelectbox", "Period", "Senaste hela tertialen", f"from={tertial.start.isoformat()}")
        _choose(browser, "stMultiSelect", "Områden", "Torvalla", "area=OST10")

        # The page writes the carried filter to its URL.
        _go(browser, "Rapporter och export", "Rapporter och export", "area=OST10")
        assert f"from={tertial.start.isoformat()}" in browser.url
        assert f"to={tertial.last_day.isoformat()}" in browser.url
        _open_filters(browser)
        assert "Senaste hela tertialen" in _period_shown(browser)
        assert "Torvalla" in _chips(browser)

        # A change made there comes back to the start page (not what its widgets showed on the first visit).
        month = period_for_preset("month", date.today())
        _choose(browser, "stSelectbox", "Period", "Senaste hela månaden", f"from={month.start.isoformat()}")
        _go(browser, "Lägesbild", "Lägesbild", f"from={month.start.isoformat()}")
        assert "area=OST10" in browser.url
        _open_filters(browser)
        assert "Senaste hela månaden" in _period_shown(browser)


def test_tider_category_survives_a_sidebar_click_to_the_map(demo_app: Callable[[], Any], browser: Any) -> None:
    four_weeks = period_for_preset("4weeks", date.today())
    with demo_app() as base:
        _open_with_filters(browser, base + "/tider", browser.locator("h1").filter(has_text="Veckodag och timme"))
        _choose(browser, "stSelectbox", "Period", "Senaste 4 veckorna", f"from={four_weeks.start.isoformat()}")
        _choose(browser, "stMultiSelect", "Kategorier", "Skadegörelse", "category=skadegorelse")

        _go(browser, "Händelsekarta", "Händelsekarta", "category=skadegorelse")
        assert f"from={four_weeks.start.isoformat()}" in browser.url
        _open_filters(browser)
        assert "Skadegörelse" in _chips(browser)
        assert "Senaste 4 veckorna" in _period_shown(browser)
