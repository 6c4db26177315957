"""Real Chromium: the start page's five-second test on a laptop and on a phone (demo database).

At 1366×768 the first screen says what matters in one headline sentence, above the map, and the map starts
on that screen; on a 390×844 phone the first number is visible without scrolling (the filter bar is
collapsed into an expander with a one-line summary).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser import open_browser, wait_for_idle

pytestmark = pytest.mark.browser

HEADLINE = re.compile(r"^\d[\d\u202f]* problem (vecka \d+|\d)")
HANDELSE = re.compile(r"\bhändelse(r|n|rna)?\b", re.IGNORECASE)  # the word alone, not "Händelsekarta"
POLICE = re.compile(r"[Pp]olisens (öppna )?händelser")  # the police's own word for their events


def _headline(page: Any) -> Any:
    headline = page.locator(".st-key-lagesbild_headline")
    headline.wait_for(timeout=60_000)
    return headline


def _assert_counts_say(page: Any, last_caption: str, labels: tuple[str, ...]) -> str:
    """Once the page is drawn down to ``last_caption``: its counts carry ``labels`` and "händelse" is not used.

    Returns the main column's text (the police's own "händelser" taken out).
    """
    wait_for_idle(page)
    # Under load the idle signal can come before the page is drawn, and a rerun after the first (the filter
    # writing its URL) redraws it: wait for every label, the page's last caption last, then read the text.
    for label in (*labels, last_caption):
        page.get_by_text(label).first.wait_for(timeout=60_000)
    shown = POLICE.sub("", page.get_by_test_id("stMain").inner_text())
    assert [m.group(0) for m in HANDELSE.finditer(shown)] == []
    for label in (*labels, last_caption):
        assert label in shown, label
    return shown


def test_headline_is_on_the_first_screen_above_the_map_at_1366x768(demo_app: Callable[[], Any]) -> None:
    with demo_app() as base, open_browser(viewport={"width": 1366, "height": 768}) as page:
        page.goto(base + "/")
        headline = _headline(page)
        assert HEADLINE.match(headline.inner_text()), headline.inner_text()
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first
        frame.wait_for(timeout=60_000)
        top, bottom = headline.bounding_box(), frame.bounding_box()
        assert top is not None and bottom is not None
        assert top["y"] >= 0 and top["y"] + top["height"] <= 768  # the whole sentence on the first screen
        assert bottom["y"] > top["y"] + top["height"]  # then the map
        assert bottom["y"] < 768  # which starts on the first screen too
        assert page.evaluate("window.scrollY") == 0


def test_first_number_is_visible_on_a_phone_without_scrolling(demo_app: Callable[[], Any]) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    with demo_app() as base, open_browser(**phone) as page:
        page.goto(base + "/")
        headline = _headline(page)
        metric = page.get_by_test_id("stMetricValue").first
        metric.wait_for(timeout=60_000)
        for element in (headline, metric):
            box = element.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
        assert page.evaluate("window.scrollY") == 0
        # The filter bar is there, collapsed, and a line under it says what the figures are of.
        assert not page.get_by_test_id("stSelectbox").filter(has_text="Period").first.is_visible()
        summary = page.get_by_test_id("stCaptionContainer").filter(has_text="Senaste hela veckan").first
        assert summary.is_visible()


def test_the_start_page_uses_one_word_for_its_count(demo_app: Callable[[], Any]) -> None:
    with demo_app() as base, open_browser(viewport={"width": 1366, "height": 768}) as page:
        page.goto(base + "/")
        _headline(page)
        _assert_counts_say(
            page, "Siffrorna räknar problem", ("Problem i perioden", "Problem per område", "Antal problem")
        )

        page.goto(base + "/?raw=1")  # "Räkna varje rapport": every count says reports
        assert re.match(r"^\d[\d\u202f]* rapporter vecka \d+", _headline(page).inner_text())
        shown = _assert_counts_say(
            page, "räknar varje rapport", ("Rapporter i perioden", "Rapporter per område", "Antal rapporter")
        )
        assert "Problem i perioden" not in shown


def test_card_labels_and_the_area_table_fit_at_1366x768(demo_app: Callable[[], Any]) -> None:
    with demo_app() as base, open_browser(viewport={"width": 1366, "height": 768}) as page:
        page.goto(base + "/")
        page.get_by_test_id("stMetricLabel").first.wait_for(timeout=60_000)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)
        wait_for_idle(page)
        cut = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] *')]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
        )
        assert cut == []  # "Jämfört med normalni…", "Utanför områden eller …" were cut off
        hidden = page.evaluate(
            """() => { const s = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
                       return s ? s.scrollWidth - s.clientWidth : -1; }"""
        )
        assert 0 <= hidden <= 1  # the ranked area table shows all its columns: no sideways scrolling
