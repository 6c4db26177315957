"""The Import page's column mapping is a tidy table: one row per field, not a staircase of selectboxes.

Each field's row holds its label, the column choice (its own label collapsed: the row says it) and an
example value from the file. Checked in the element tree (AppTest) and where it counts, in Chromium: every
choice starts at the same x, has the same width and sits on the line of its field's label.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from est.intake.fields import FIELDS
from est.store import Store
from tests.browser import choose_file, settled_boxes

LAT, LON = "63.1775", "14.6370"
CSV = (
    "Datum;Händelse;Beskrivning;Latitud;Longitud\n"
    f"2026-11-01 21:40;Klotter fasad;tags på gaveln;{LAT};{LON}\n"
    f"2026-11-02 22:10;Glaskross;trasig ruta;{LAT};{LON}\n"
)


def _rows_of(node: Any) -> list[list[Any]]:
    """Every horizontal block below ``node`` as a list of its columns' children (depth first)."""
    found: list[list[Any]] = []
    children = list(getattr(node, "children", {}).values())
    if children and all(getattr(c, "type", None) == "column" for c in children):
        found.append([list(c.children.values()) for c in children])
    for child in children:
        found.extend(_rows_of(child))
    return found


def test_each_field_is_one_row_with_its_label_its_choice_and_an_example(
    empty_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(empty_store, page="importera")
    at.run()
    at.text_input(key="importera_new_org").input("Tabellhem").run()
    at.file_uploader(key="importera_file").upload("vecka.csv", CSV.encode(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]

    rows = {}
    for columns in _rows_of(at.main):
        for i, elements in enumerate(columns):
            for element in elements:
                if getattr(element, "type", None) == "selectbox" and str(element.key).startswith("importera_map_"):
                    rows[element.key] = (i, columns)
    assert list(rows) == [f"importera_map_{f.name}" for f in FIELDS]  # one row per field, in order
    for field in FIELDS:
        index, columns = rows[f"importera_map_{field.name}"]
        choice = at.selectbox(key=f"importera_map_{field.name}")
        assert (index, len(columns)) == (1, 3), field.name  # the same column of a 3-column row, every time
        assert choice.proto.label_visibility.value == choice.proto.label_visibility.COLLAPSED
        assert [m.value for m in columns[0]] == [field.label_sv]
    examples = {k: [e.value for e in cols[2]] for k, (_, cols) in rows.items()}
    assert examples["importera_map_occurred_at"] == ["2026\\-11\\-01 21:40"]  # escaped markdown, shown plain
    assert examples["importera_map_category"] == ["Klotter fasad"]
    assert examples["importera_map_place"] == []  # not mapped: no example


@pytest.mark.browser
def test_the_mapping_choices_line_up_in_one_column_in_a_real_browser(
    empty_store: Store, app_server: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    with app_server(empty_store) as base:
        browser.goto(base + "/importera")
        browser.get_by_text("Fil (CSV eller Excel)").wait_for(timeout=30_000)
        choose_file(browser, "vecka.csv", CSV)
        browser.get_by_text("Koppla kolumner till fält").wait_for(timeout=30_000)
        browser.get_by_role("combobox", name=FIELDS[-1].label_sv).wait_for(timeout=30_000)
        choice_boxes = [
            browser.get_by_role("combobox", name=field.label_sv).locator(
                "xpath=ancestor::div[@data-testid='stSelectbox']"
            )
            for field in FIELDS
        ]
        label_texts = [
            browser.locator("[data-testid='stMarkdown']").get_by_text(field.label_sv, exact=True) for field in FIELDS
        ]
        # Every box from one settled layout: measured while elements still stream in, they disagree.
        boxes = settled_boxes(browser, [*choice_boxes, *label_texts])
        choices, labels = boxes[: len(FIELDS)], boxes[len(FIELDS) :]
        lefts = {round(choice["x"]) for choice in choices}
        widths = {round(choice["width"]) for choice in choices}
        assert len(lefts) == 1 and len(widths) == 1, choices  # one column of equal choices, no staircase
        tops = [choice["y"] for choice in choices]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one row per field, top to bottom
        shot = tmp_path / "import-mapping.png"
        browser.get_by_text("Koppla kolumner till fält").evaluate("e => e.scrollIntoView()")
        browser.wait_for_timeout(300)
        browser.screenshot(path=str(shot))
        if Path("/tmp/qa_imp").is_dir():  # keep the picture for a person to look at
            shutil.copy(shot, "/tmp/qa_imp/import-mapping.png")
    for field, choice, label in zip(FIELDS, choices, labels, strict=True):
        label_middle = label["y"] + label["height"] / 2
        assert choice["y"] <= label_middle <= choice["y"] + choice["height"], field.name  # the label is on its line
        assert label["x"] + label["width"] <= choice["x"], field.name  # to the left of its choice
