"""Real Chromium: the start page answers at its own address too (``/lagesbild``), not only at ``/``.

Streamlit serves the ``default=True`` page at ``/`` only; a direct visit to the default page's ``url_path``
showed Streamlit's English "Page not found" dialog and jumped to ``/``. Links and bookmarks to ``/lagesbild``
(with the filters in the query) must open the picture in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def _title(page: Any) -> str:
    heading = page.locator("h1").first
    heading.wait_for(timeout=30_000)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)  # the page ran to its figures
    page.wait_for_timeout(1500)  # a "Page not found" dialog would be open by now
    return str(heading.inner_text())


def test_lagesbild_opens_at_its_own_url_without_page_not_found(demo_app: Callable[[], Any], browser: Any) -> None:
    with demo_app() as base:
        browser.goto(base + "/lagesbild")
        assert _title(browser) == "Lägesbild"
        assert browser.get_by_text("Page not found").count() == 0
        # The dialog closes again when the page writes its filters to the URL; the reliable sign of the defect
        # is that Streamlit moved the visit to "/".
        assert urlparse(browser.url).path == "/lagesbild"  # stays where the link pointed

        browser.goto(base + "/lagesbild?from=2026-03-02&to=2026-03-08")
        assert _title(browser) == "Lägesbild"
        assert urlparse(browser.url).path == "/lagesbild"
        assert "from=2026-03-02" in browser.url  # the filters in the link are kept
        links = browser.get_by_test_id("stSidebarNavLink").filter(has_text="Lägesbild")
        assert links.count() == 1  # one menu entry, not two (the /lagesbild entry is hidden)

        browser.goto(base + "/lagesbild?lang=en")
        assert _title(browser) == "Situational picture"
        assert urlparse(browser.url).path == "/lagesbild"

        browser.goto(base + "/")  # the start page is still the default
        assert _title(browser) == "Lägesbild"
        assert urlparse(browser.url).path == "/"
