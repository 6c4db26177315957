"""The meeting screen's reading aids, on constructed data with known answers: the status as text and a shape
(no emoji), the overview ordered by what needs attention, and the map coloured and patterned by status with
the area names as labels and a key. The screen itself through the real app (AppTest): the jump-to-area
picker, the reason shown as text, adding an action from the screen, the meeting PDF next to the meeting."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from est.auth import LOCAL_ADMIN
from est.meetings import STATUS_CODES, areas_table, create_meeting, meeting_view, set_area_status, status_label
from est.store import Store
from tests.test_meetings import add_incidents, build_town

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
    town = build_town(store)
    add_incidents(
        store,
        town,
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
