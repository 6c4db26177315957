"""HTML and script payloads in every text field never execute in real Chromium, and show literally.

Payloads go into incident descriptions, places and source labels, area names and organisation names, and
(written through the domain functions the forms use) a meeting's title, participants and area status
reason, an action's "what", place and follow-up note, a focus area and a user's display name. The pages
are opened, map popups opened and tooltips hovered: a ``window.__xss``/``window.__pwned`` flag stays
undefined in every frame, no dialog opens, no ``javascript:`` link appears, and where a page shows a
payload it shows it character for character (markdown such as ``**fet**`` is not rendered either).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from est.access.accounts import add_user
from est.access.auth import LOCAL_ADMIN
from est.intake.organisations import create_organisation
from est.meeting.actions import NewAction, add_focus_area, add_note, create_action
from est.meeting.meetings import create_meeting, set_area_status
from est.store import Store
from tests.analysis_data import add, make_world
from tests.browser import wait_for_idle, wait_for_map

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3">',
    "';window.__xss=4;//",
]
WEEK = "from=2026-03-02&to=2026-03-08"
GOOD_PASSWORD = "Korrekt-häst-batteri-9"  # the users page's login


def _poison(store: Store) -> None:
    orgs = make_world(store)
    rows = [
        (f"2026-03-0{3 + i % 4}T2{i % 4}:00:00+01:00", "A" if i % 2 else "B", "skadegorelse.klotter", org, p, p)
        for i, p in enumerate(PAYLOADS)
        for org in orgs.values()
    ]
    add(store, rows)
    with store.writing() as w:
        w.execute("UPDATE incidents SET source_label = description")
        w.execute("UPDATE areas SET name = ? || ' Alfa' WHERE code = 'A'", [PAYLOADS[0]])
        w.execute("UPDATE areas SET name = ? || ' Beta' WHERE code = 'B'", [PAYLOADS[1]])
        w.execute("UPDATE organisations SET name = ? || name", [PAYLOADS[2]])


OPEN_ALL_POPUPS = """() => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    const layers = [];
    map.eachLayer((layer) => {
        layers.push(layer);
        if (layer.getAllChildMarkers) layers.push(...layer.getAllChildMarkers());
    });
    const texts = [];
    for (const layer of layers) {
        const popup = layer.getPopup && layer.getPopup();
        if (!popup) continue;
        // Put the marker's own popup content into the page exactly as Leaflet does when it is clicked.
        // Read this popup's own element: a closed one fades out and stays in the page for a moment.
        const opened = L.popup().setLatLng(map.getCenter()).setContent(popup.getContent()).openOn(map);
        const node = opened.getElement() && opened.getElement().querySelector(".leaflet-popup-content");
        if (node) texts.push(node.innerText);
    }
    return texts;
}"""


def _folium_frame(page: Any) -> Any:
    for _ in range(60):
        for frame in page.frames:
            if "st_folium" in frame.url and frame.evaluate(
                "typeof L !== 'undefined' && Object.values(window).some((v) => v instanceof L.Map)"
            ):
                return frame
        page.wait_for_timeout(500)
    raise AssertionError("the incident map never loaded")


def _assert_nothing_ran(page: Any, dialogs: list[str]) -> None:
    page.wait_for_timeout(500)
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", frame.url
        assert frame.evaluate("typeof window.__pwned") == "undefined", frame.url
        # no payload became a link either ([länk](javascript:…) rendered as markdown)
        assert frame.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0, frame.url
        # no payload became an element anywhere (an <img src=x> or <svg onload> would be one)
        assert frame.evaluate("document.querySelectorAll('img[src=x], svg[onload], img[onerror]').length") == 0
    assert dialogs == []


PAGE_TEXT = """(root) => {
    // What a user can read: the rendered text, what the inputs and select boxes show, and the cells of
    // st.dataframe (drawn on a canvas; Glide Data Grid keeps the visible cells in an accessible table).
    const parts = [root.innerText];
    for (const el of root.querySelectorAll('input, textarea')) parts.push(el.value);
    for (const el of root.querySelectorAll('td, th, [role=gridcell]')) parts.push(el.textContent);
    return parts.join('\\n');
}"""


def _wait_until_shown(page: Any, wanted: dict[Any, str], within: Any = None) -> None:
    """Wait until every text of ``wanted`` is on the page (or ``within`` a part of it); say which never came."""
    root = within if within is not None else page.locator("body")
    text = ""
    for _ in range(60):
        text = root.evaluate(PAGE_TEXT)
        if all(w in text for w in wanted.values()):
            return
        page.wait_for_timeout(500)
    missing = [key for key, w in wanted.items() if w not in text]
    raise AssertionError(f"not shown literally: {missing}\n{text}")


def test_payloads_in_every_text_field_never_execute(empty_store: Store, app_server: Any, browser: Any) -> None:
    _poison(empty_store)
    dialogs: list[str] = []
    browser.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with app_server(empty_store) as base:
        # The overview: choropleth tooltips carry the area names.
        browser.goto(f"{base}/lagesbild?{WEEK}")
        frame = wait_for_map(browser)
        shapes = frame.locator("path.leaflet-interactive")
        shown: list[str] = []
        for i in range(shapes.count()):
            shapes.nth(i).hover(force=True)
            browser.wait_for_timeout(300)
            shown += frame.locator(".leaflet-tooltip").all_inner_texts()
        assert any(PAYLOADS[0] in text or PAYLOADS[1] in text for text in shown), shown  # literal text
        _assert_nothing_ran(browser, dialogs)

        # The incident map: popups carry the descriptions. Every popup is opened through Leaflet itself (this
        # does not depend on the iframe's size on screen), and each one read from its own element.
        browser.goto(f"{base}/karta?{WEEK}")
        browser.get_by_role("heading", name="Händelsekarta").wait_for(timeout=30_000)
        frame = _folium_frame(browser)
        texts = frame.evaluate(OPEN_ALL_POPUPS)
        assert texts, "no popup was opened"
        for payload in PAYLOADS:  # each description (and place, label) shows in a popup, as text
            assert any(payload in text for text in texts), (payload, texts)
        _assert_nothing_ran(browser, dialogs)

        # Where a page shows a payload (area names in the busiest times, the profile, the report's table),
        # it shows it character for character.
        shown_on = {"tider": PAYLOADS[:2], "omrade": PAYLOADS[:1], "rapporter": PAYLOADS[:2]}
        for page in ("trender", "tider", "omrade", "mote", "atgarder", "rapporter", "integritet", "logg"):
            browser.goto(f"{base}/{page}?{WEEK}")
            browser.locator("h1").first.wait_for(timeout=30_000)  # the page's run has begun drawing
            wait_for_idle(browser)  # and is over: everything it draws is on the page
            if page in shown_on:
                _wait_until_shown(browser, dict(enumerate(shown_on[page])))
            _assert_nothing_ran(browser, dialogs)


# -- the meeting, the action register, the reports and the users page ----------------------------------------


def _field(tag: str) -> str:
    """A payload for one field: HTML, a script and markdown (bold, a javascript: link), then the field's tag."""
    return (
        '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> '
        f"**fet** [länk](javascript:alert(1)) _{tag}_"
    )


FIELDS = {
    tag: _field(tag)
    for tag in (
        "titel",
        "deltagare",
        "organisation",
        "omrade",
        "motivering",
        "vad",
        "plats",
        "anteckning",
        "fokus",
        "beskrivning",
        "visningsnamn",
    )
}


def _poison_meeting_and_actions(store: Store) -> None:
    """Write every payload through the domain functions that the forms use."""
    orgs = make_world(store)
    owner = create_organisation(store, LOCAL_ADMIN, FIELDS["organisation"], "fastighetsagare")
    add(store, [("2026-03-03T12:00:00+01:00", "A", "skadegorelse.klotter", owner, FIELDS["beskrivning"])])
    add(store, [("2026-03-04T12:00:00+01:00", "B", "skadegorelse.klotter", orgs["Polisen"])])
    with store.writing() as w:
        w.execute("UPDATE areas SET name = ? WHERE code = 'A'", [FIELDS["omrade"]])  # area names come from files
        set_id = int(w.value("SELECT id FROM area_sets"))
        meeting = create_meeting(
            w,
            LOCAL_ADMIN,
            held_on=date(2026, 3, 9),
            area_set_id=set_id,
            participants=(FIELDS["deltagare"],),
            title=FIELDS["titel"],
        )
        set_area_status(
            w,
            LOCAL_ADMIN,
            area_set_id=set_id,
            area_code="A",
            status="rod",
            reason=FIELDS["motivering"],
            meeting_id=meeting,
        )
        focus = add_focus_area(w, LOCAL_ADMIN, FIELDS["fokus"], 2026)
        action = create_action(
            w,
            LOCAL_ADMIN,
            NewAction(
                set_id,
                "A",
                "ovrig",
                FIELDS["vad"],
                owner,
                date(2026, 3, 1),
                date(2026, 3, 5),
                place=FIELDS["plats"],
                meeting_id=meeting,
                focus_area_id=focus,
            ),
        )
        # An action's place and its notes are shown on no page (only counted); they are checked as stored, and
        # they must not run anywhere either.
        add_note(w, LOCAL_ADMIN, action, FIELDS["anteckning"])
    stored = store.rows(
        "SELECT m.title, m.participants, s.reason, f.name, a.what, a.place, n.note, o.name "
        "FROM meetings m, area_status s, focus_areas f, actions a, action_notes n, organisations o "
        "WHERE o.id = a.owner_organisation_id"
    )
    assert stored == [
        (
            FIELDS["titel"],
            json.dumps([FIELDS["deltagare"]], ensure_ascii=False),
            FIELDS["motivering"],
            FIELDS["fokus"],
            FIELDS["vad"],
            FIELDS["plats"],
            FIELDS["anteckning"],
            FIELDS["organisation"],
        )
    ]  # stored as typed: masking personal data leaves such text alone


def _shows_literally(page: Any, *tags: str, within: Any = None) -> None:
    """Wait until the payloads of ``tags`` are on the page (or ``within`` a part of it), character for character."""
    _wait_until_shown(page, {tag: FIELDS[tag] for tag in tags}, within)


def test_payloads_in_meeting_action_and_user_fields_show_literally_and_never_execute(
    empty_store: Store, app_server: Any, browser: Any
) -> None:
    _poison_meeting_and_actions(empty_store)
    # A wide screen: st.dataframe draws only the columns in view, and the long payloads make wide columns.
    browser.set_viewport_size({"width": 3600, "height": 1400})
    dialogs: list[str] = []
    browser.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with app_server(empty_store) as base:
        # Mötesläge, the overview: the title in the chooser, the participants, the status reason (areas
        # table), the overdue action's "what" and its owner.
        browser.goto(f"{base}/mote?meeting=1&screen=0")
        _shows_literally(browser, "titel", "deltagare", "motivering", "vad", "organisation", "omrade")
        _assert_nothing_ran(browser, dialogs)

        # Mötesläge, the area's screen: its name as the heading, the reason as text beside the status and in
        # the opened history.
        browser.goto(f"{base}/mote?meeting=1&screen=1")
        _shows_literally(browser, "omrade", "vad", "motivering")
        heading = browser.get_by_role("heading", name="Område 1 av 2")
        assert heading.inner_text() == f"{FIELDS['omrade']} · Område 1 av 2"
        history = browser.get_by_test_id("stExpander").filter(has_text="Statushistorik")
        history.locator("summary").click()
        _shows_literally(browser, "motivering", within=history)
        _assert_nothing_ran(browser, dialogs)

        # Åtgärder: the register (what, owner, focus area), the progress per focus area, the follow-up chooser.
        browser.goto(f"{base}/atgarder")
        _shows_literally(browser, "vad", "organisation", "fokus", "omrade")
        follow_up = browser.get_by_test_id("stExpander").filter(has_text="Uppföljning")
        follow_up.locator("summary").click()
        _shows_literally(browser, "vad", within=follow_up)
        _assert_nothing_ran(browser, dialogs)

        # Rapporter: the meeting chooser, the summary table (area, reason) and the exported rows.
        browser.goto(f"{base}/rapporter?{WEEK}")
        _shows_literally(browser, "titel", "omrade", "motivering", "beskrivning", "organisation")
        _assert_nothing_ran(browser, dialogs)

        # Användare: a display name. With a user in the table the app asks for a login.
        with empty_store.writing() as w:
            add_user(w, LOCAL_ADMIN, "admin", "admin", display_name=FIELDS["visningsnamn"], password=GOOD_PASSWORD)
            w.execute("UPDATE users SET must_change_password = false")
        browser.goto(base)
        browser.get_by_label("Användarnamn").fill("admin")
        browser.get_by_label("Lösenord").fill(GOOD_PASSWORD)
        browser.get_by_role("button", name="Logga in").click()
        browser.get_by_test_id("stSidebarNavViewButton").click()
        browser.get_by_role("link", name="Användare").click()
        _shows_literally(browser, "visningsnamn")
        _assert_nothing_ran(browser, dialogs)
