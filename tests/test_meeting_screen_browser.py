"""Mötesläge in real Chromium at 1366 × 768 on the demo: every column of the overview in view, the areas in
attention order, the status map with its labels and key, statuses as text without emoji, one step to any
area, the reason on the area's screen, an action added from the screen, and the meeting PDF a click away."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from est.access.auth import LOCAL_ADMIN
from est.demo.generate import DEMO_AREAS
from est.meeting.meetings import create_meeting
from est.store import Store
from tests.browser import click_settled, non_loopback_requests, wait_for_idle

pytestmark = pytest.mark.browser

COLUMNS = ["Område", "Problem", "Perioden innan", "Förändring", "Status", "Motivering", "Sena rapporter"]
RANK = {"■ Röd": 0, "▲ Gul": 1, "Ingen status": 2, "● Grön": 3}
WAIT = 60_000


def _open_meeting(store: Store) -> tuple[int, str, str, str]:
    """Today's meeting on the demo's bostadsområden; the red area (code, name) and its reason."""
    with store.writing() as w:
        set_id = int(w.value("SELECT id FROM area_sets WHERE name = 'Bostadsområden'"))
        meeting = create_meeting(w, LOCAL_ADMIN, held_on=date.today(), area_set_id=set_id, title="Veckomöte")
    code, name, reason = store.rows(
        "SELECT s.area_code, a.name, s.reason FROM area_status s JOIN areas a ON a.area_set_id = s.area_set_id "
        "AND a.code = s.area_code WHERE s.status = 'rod' ORDER BY s.id DESC LIMIT 1"
    )[0]
    return meeting, str(code), str(name), str(reason)


def _overview_checks(page: Any) -> None:
    table = page.get_by_test_id("stTable")
    table.wait_for(timeout=WAIT)
    # Every column header lies inside the 1366 px viewport, and nothing is scrolled out of the table.
    headers = table.locator("thead th")
    assert headers.all_inner_texts() == COLUMNS
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1366, (COLUMNS[i], box)
    assert table.evaluate("t => [...t.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)")
    # What needs attention first: red, yellow, no status, green.
    statuses = [s.strip() for s in table.locator("tbody tr td:nth-child(5)").all_inner_texts()]
    ranks = [RANK[s] for s in statuses]
    assert ranks == sorted(ranks) and ranks[0] == 0 and 3 in ranks, statuses
    assert len(statuses) == len(DEMO_AREAS)
    # The status map: an image with the areas' names as labels and the key, drawn where the page shows it.
    image = page.locator('img[src^="data:image/svg+xml"]')
    image.wait_for(timeout=WAIT)
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    svg = base64.b64decode(image.get_attribute("src").split(",", 1)[1]).decode()
    labels = set(re.findall(r'class="est-label"[^>]*>([^<]+)<', svg))
    assert labels == {name for name, *_ in DEMO_AREAS}
    key = re.findall(r'class="est-key">([^<]+)<', svg)
    assert [k.rsplit(" (", 1)[0] for k in key] == ["■ Röd", "▲ Gul", "● Grön", "Ingen status"]
    # Statuses are words and shapes; no emoji anywhere on the page (they render as boxes without an emoji font).
    text = page.locator("body").inner_text()
    assert "■ Röd" in text and not [c for c in text if ord(c) >= 0x1F000]


def test_meeting_screen_at_1366_px(demo_store: Store, app_server: Any, browser: Any) -> None:
    meeting, code, name, reason = _open_meeting(demo_store)
    browser.set_viewport_size({"width": 1366, "height": 768})
    # The open meeting re-reads its figures every 30 s (a fragment); under load such a run could coincide with
    # the form's submit and the click was lost (seen twice in CI). The refresh has its own tests; here it is off.
    with app_server(demo_store, extra_env={"EST_MEETING_REFRESH_SECONDS": "3600"}) as base:
        browser.goto(f"{base}/mote?meeting={meeting}&screen=0")
        _overview_checks(browser)

        # One choice in the picker reaches any area (it took up to 14 clicks on "Nästa").
        screen = sorted((n for n, *_ in DEMO_AREAS), key=lambda n: n.lower().translate(str.maketrans("åäö", "{|}")))
        n = screen.index(name) + 1
        browser.get_by_role("combobox", name="Gå till område").click()
        browser.get_by_role("option", name=re.compile(f"^{re.escape(name)} · ")).click()
        browser.get_by_role("heading", name=f"{name} · Område {n} av {len(DEMO_AREAS)}").wait_for(timeout=WAIT)
        assert f"screen={n}" in browser.url
        # The reason is on the screen, not only in a tooltip.
        browser.get_by_text(reason).wait_for(timeout=WAIT)
        # The area's screen is drawn in full before the form is touched: a run still drawing could
        # replace the form and drop what was typed (seen under load).
        wait_for_idle(browser, WAIT)

        # An action, added from the area's screen, lands in the register tied to this meeting, masked.
        form = browser.get_by_test_id("stExpander").filter(has_text=f"Ny åtgärd för {name}")
        form.locator("summary").click()
        what = form.get_by_role("textbox", name="Vad")
        what.fill("Extra belysning vid gångtunneln, ring 070-123 45 67")
        assert what.input_value().startswith("Extra belysning")
        click_settled(form.get_by_role("button", name="Registrera åtgärd"))
        try:
            browser.get_by_text("Åtgärden är registrerad.").wait_for(timeout=WAIT)
        except Exception as exc:  # say what the page showed instead
            shown = browser.get_by_test_id("stAlert").all_inner_texts()
            stored = demo_store.rows("SELECT what FROM actions WHERE meeting_id = ?", [meeting])
            raise AssertionError(f"the page showed {shown}; stored: {stored}") from exc
        assert demo_store.rows("SELECT area_code, what FROM actions WHERE meeting_id = ?", [meeting]) == [
            (code, "Extra belysning vid gångtunneln, ring [telefon]")
        ]

        # The meeting's PDF is one click away, and the download is in the audit log.
        with browser.expect_download(timeout=WAIT) as download:
            browser.get_by_role("button", name="Mötesrapport (PDF)").click()
        assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
        assert download.value.suggested_filename == f"motesrapport-{date.today()}.pdf"
        assert (
            demo_store.value(
                "SELECT count(*) FROM audit_log WHERE action = 'export' AND target = ?", [f"pdf:motesrapport {meeting}"]
            )
            == 1
        )
    assert non_loopback_requests(browser.requests) == []


def test_demo_meeting_screen_opens_with_its_record(demo_app: Any, browser: Any) -> None:
    browser.set_viewport_size({"width": 1366, "height": 768})
    with demo_app() as base:
        browser.goto(f"{base}/mote")
        browser.get_by_text("Stängt möte").wait_for(timeout=WAIT)
        _overview_checks(browser)
        overdue = browser.get_by_test_id("stMetric").filter(has_text="Försenade åtgärder")
        assert int(overdue.get_by_test_id("stMetricValue").inner_text()) >= 1
