"""The meeting screen's reading aids, on constructed data with known answers: the status as text and a shape
(no emoji), the overview ordered by what needs attention, and the map coloured and patterned by status with
the area names as labels and a key. The screen itself through the real app (AppTest): the jump-to-area
picker, the reason shown as text, adding an action from the screen, the meeting PDF next to the meeting."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from est.access.auth import LOCAL_ADMIN
from est.meeting.meetings import STATUS_CODES, areas_table, create_meeting, meeting_view, set_area_status, status_label
from est.store import Store
from tests.test_meetings import add_incidents, build_town
from tests.test_report_downloads import _file
from tests.test_report_downloads import deferred as deferred  # the fixture, used by name

DEJAVU = Path(__file__).resolve().parents[1] / "src" / "est" / "resources" / "fonts" / "DejaVuSans.ttf"


@pytest.fixture(scope="module")
def dejavu_glyphs() -> set[int]:
    return set(TTFont(DEJAVU).getBestCmap())


def test_status_is_a_word_and_a_distinct_shape_that_dejavu_sans_draws(dejavu_glyphs: set[int]) -> None:
    labels = {code: status_label(code, "sv") for code in STATUS_CODES}
    assert labels == {"gron": "● Grön", "gul": "▲ Gul", "rod": "■ Röd"}
    assert status_label("rod", "en") == "■ Red"
    assert status_label(None, "sv") == "Ingen status"
    shapes = {label.split()[0] for label in labels.values()}
    assert len(shapes) == 3  # told apart without colour
    for label in labels.values():
        missing = [c for c in label if ord(c) not in dejavu_glyphs]
        assert not missing, f"{label!r}: no glyph in DejaVu Sans for {missing} (an emoji renders as a box)"


def _town_with_statuses(store: Store) -> tuple[dict[str, Any], int]:
    """Åsen (A) +2 without status, Bäcken (B) +1 gul, Centrum (C) +0 röd; a fourth area is not needed."""
    town = build_town(
        store,
        [
            ("A", "2026-11-04 21:00", "skadegorelse.klotter"),
            ("A", "2026-11-05 21:00", "skadegorelse.klotter"),
            ("B", "2026-11-06 12:00", "ordning.brak"),
            ("C", "2026-11-06 13:00", "ordning.brak"),
            ("C", "2026-10-30 13:00", "ordning.brak"),  # the period before
            ("X", "2026-09-01 12:00", "ordning.brak"),  # outside every area: the data starts well before
        ],
    )
    with store.writing() as w:
        mid = create_meeting(w, LOCAL_ADMIN, held_on=date(2026, 11, 10), area_set_id=town["set_id"])
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="B", status="gul", reason="Bråk")
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="C", status="rod", reason="Bränder")
    return town, mid


def test_overview_lists_red_then_yellow_then_no_status_then_green_each_by_change(empty_store: Store) -> None:
    town, mid = _town_with_statuses(empty_store)
    add_incidents(empty_store, town, [("A", "2026-11-07 10:00", "ordning.brak")])  # Åsen +3
    with empty_store.writing() as w:
        set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code="A", status="gron", reason="Lugnt")
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    table = areas_table(view, by_attention=True)
    assert table["Område"].tolist() == ["Centrum", "Bäcken", "Åsen"]
    assert table["Status"].tolist() == ["■ Röd", "▲ Gul", "● Grön"]
    assert areas_table(view)["Område"].tolist() == ["Bäcken", "Centrum", "Åsen"]  # elsewhere: by name


def test_within_a_status_the_biggest_increase_comes_first(empty_store: Store) -> None:
    town, mid = _town_with_statuses(empty_store)
    with empty_store.writing() as w:
        for code in "ABC":
            set_area_status(w, LOCAL_ADMIN, area_set_id=town["set_id"], area_code=code, status="gul", reason="x")
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    table = areas_table(view, by_attention=True)
    assert list(zip(table["Område"], table["Förändring"], strict=True)) == [
        ("Åsen", "+2"),
        ("Bäcken", "+1"),
        ("Centrum", "0"),
    ]


# -- the screen through the real app (AppTest) -------------------------------------------------------------


def _page(app_test: Any, store: Store, screen: int, **kw: Any) -> Any:
    at = app_test(store, page="mote", query={"meeting": "1", "screen": str(screen)}, **kw)
    at.run()
    assert not at.exception, at.exception
    return at


def _headers(at: Any) -> list[str]:
    return [h.value for h in at.header]


def test_the_picker_jumps_to_any_area_in_one_step(empty_store: Store, app_test: Any) -> None:
    _town_with_statuses(empty_store)
    at = _page(app_test, empty_store, 0)
    picker = at.selectbox(key="mote_jump_0")
    assert picker.options == ["Översikt", "Bäcken · ▲ Gul", "Centrum · ■ Röd", "Åsen · Ingen status"]
    picker.set_value(3).run()
    assert not at.exception, at.exception
    assert "Åsen · Område 3 av 3" in _headers(at)
    assert at.query_params["screen"] in ("3", ["3"])  # the address names the screen, as with the arrows
    at.selectbox(key="mote_jump_3").set_value(0).run()
    assert not _headers(at)  # back on the overview


def test_overview_table_puts_what_needs_attention_first_and_the_map_shows_statuses(
    empty_store: Store, app_test: Any
) -> None:
    _town_with_statuses(empty_store)
    at = _page(app_test, empty_store, 0)
    table = at.table[0].value
    assert list(table.columns) == [
        "Område",
        "Problem",
        "Perioden innan",
        "Förändring",
        "Status",
        "Motivering",
        "Sena rapporter",
    ]
    assert table["Område"].tolist() == ["Centrum", "Bäcken", "Åsen"]
    assert [s.split("[")[-1].rstrip("]").strip("*") for s in table["Status"]] == ["■ Röd", "▲ Gul", "Ingen status"]
    assert table["Motivering"].tolist() == ["Bränder", "Bråk", ""]
    urls = [i.url for e in at.get("image") for i in e.proto.imgs]
    maps = [base64.b64decode(u.split(",", 1)[1]).decode() for u in urls if u.startswith("data:image/svg+xml")]
    assert len(maps) == 1 and 'class="est-label"' in maps[0]


def test_the_area_screen_shows_the_status_reason_as_text(empty_store: Store, app_test: Any) -> None:
    _town_with_statuses(empty_store)
    at = _page(app_test, empty_store, 2)
    assert "Centrum · Område 2 av 3" in _headers(at)
    shown = [m.value for m in at.markdown if "Bränder" in m.value]
    assert shown and "■ Röd" in shown[0], [m.value for m in at.markdown]
    assert not [m for m in at.metric if m.label == "Status" and m.help]  # not hidden behind a tooltip


def test_an_action_is_added_from_the_area_screen_masked_and_tied_to_the_meeting(
    empty_store: Store, app_test: Any
) -> None:
    town, mid = _town_with_statuses(empty_store)
    at = _page(app_test, empty_store, 2)
    at.text_input(key="mote_action_what").set_value("Ring Anna på 070-123 45 67 om klottret")
    at.selectbox(key="mote_action_type").set_value("klottersanering")
    at.selectbox(key="mote_action_owner").set_value(str(town["police"]))
    next(b for b in at.button if b.label == "Registrera åtgärd").click().run()
    assert not at.exception, at.exception
    assert any("registrerad" in s.value for s in at.success)
    row = empty_store.rows("SELECT area_code, meeting_id, action_type, what, owner_organisation_id FROM actions")
    assert row == [("C", mid, "klottersanering", "Ring Anna på [telefon] om klottret", town["police"])]
    assert any("[telefon]" in v for d in at.dataframe for v in d.value.get("Vad", []))  # listed on the screen


def test_an_action_is_added_from_the_overview_for_a_chosen_area(empty_store: Store, app_test: Any) -> None:
    _town, mid = _town_with_statuses(empty_store)
    at = _page(app_test, empty_store, 0)
    at.selectbox(key="mote_action_area").set_value("B")
    at.text_input(key="mote_action_what").set_value("Väktarrunda fredag kväll")
    next(b for b in at.button if b.label == "Registrera åtgärd").click().run()
    assert not at.exception, at.exception
    assert empty_store.rows("SELECT area_code, meeting_id FROM actions") == [("B", mid)]


def test_who_may_not_manage_meetings_gets_no_action_form(empty_store: Store, app_test: Any) -> None:
    from est.access.accounts import add_user
    from est.access.auth import Role

    _town_with_statuses(empty_store)
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "polis@kommun.example", Role.POLIS, sso=True)
    at = _page(app_test, empty_store, 2, user={"is_logged_in": True, "email": "polis@kommun.example"})
    assert "Centrum · Område 2 av 3" in _headers(at)
    assert not [t for t in at.text_input if t.key and t.key.startswith("mote_action")]
    assert not [e for e in at.expander if e.label.startswith("Ny åtgärd")]


def test_the_meeting_pdf_is_a_download_on_the_meeting_screen(empty_store: Store, app_test: Any) -> None:
    _town_with_statuses(empty_store)
    for screen in (0, 2):
        at = _page(app_test, empty_store, screen)
        buttons = [b for b in at.get("download_button") if b.proto.label == "Mötesrapport (PDF)"]
        assert len(buttons) == 1, [b.proto.label for b in at.get("download_button")]


def test_the_meeting_pdf_from_the_screen_is_audited_and_a_readers_copy_is_for_outside_the_group(
    empty_store: Store, app_test: Any, deferred: dict[str, Callable[[], bytes]]
) -> None:
    from est.access.accounts import add_user
    from est.access.auth import Role

    _town_with_statuses(empty_store)
    with empty_store.writing() as w:
        add_user(w, LOCAL_ADMIN, "samordnare@kommun.example", Role.SAMORDNARE, sso=True)
        add_user(w, LOCAL_ADMIN, "lasare@kommun.example", Role.LASARE, sso=True)
    group = _page(app_test, empty_store, 0, user={"is_logged_in": True, "email": "samordnare@kommun.example"})
    assert not group.download_button(key="mote_pdf").help
    assert _file(group, deferred, "mote_pdf").startswith(b"%PDF")
    reader = _page(app_test, empty_store, 0, user={"is_logged_in": True, "email": "lasare@kommun.example"})
    assert reader.download_button(key="mote_pdf").help  # says the copy is for outside the group
    assert _file(reader, deferred, "mote_pdf").startswith(b"%PDF")
    rows = empty_store.rows("SELECT actor, target, detail FROM audit_log WHERE action = 'export' ORDER BY id")
    assert [(actor, target, json.loads(detail)["suppressed_below"]) for actor, target, detail in rows] == [
        ("samordnare@kommun.example", "pdf:motesrapport 1", None),
        ("lasare@kommun.example", "pdf:motesrapport 1", 5),
    ]
