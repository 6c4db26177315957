"""The meeting map coloured and patterned by status (grön/gul/röd), with the area names as permanent labels
and a key that says what each fill means, drawn as SVG (no map library, nothing fetched), on constructed data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from est.meeting.meetings import meeting_view
from est.meeting.status_map import status_map_svg
from est.store import Store
from tests.test_meeting_screen import _town_with_statuses

SVG = "{http://www.w3.org/2000/svg}"


def _svg(view: Any, lang: str = "sv") -> ET.Element:
    return ET.fromstring(status_map_svg(view, lang))


def test_status_map_fills_each_area_with_its_status_pattern_and_labels_every_area(empty_store: Store) -> None:
    _town, mid = _town_with_statuses(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    root = _svg(view)
    fills = {path.findtext(f"{SVG}title", "").split(":")[0]: path.get("fill") for path in root.iter(f"{SVG}path")}
    assert fills["Centrum"] == "url(#est-status-rod)"
    assert fills["Bäcken"] == "url(#est-status-gul)"
    assert fills["Åsen"] == "url(#est-status-none)"
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    assert set(patterns) == {"est-status-gron", "est-status-gul", "est-status-rod", "est-status-none"}
    # Told apart without colour: stripes for yellow, a cross-hatch for red, solid green.
    lines = {key: len(list(p.iter(f"{SVG}line"))) for key, p in patterns.items()}
    assert lines == {"est-status-gron": 0, "est-status-gul": 1, "est-status-rod": 2, "est-status-none": 0}
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "est-label"]
    assert sorted(labels) == ["Bäcken", "Centrum", "Åsen"]
    key = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "est-key"]
    assert key == ["■ Röd (1)", "▲ Gul (1)", "● Grön (0)", "Ingen status (1)"]


def test_status_map_escapes_area_names(empty_store: Store) -> None:
    _town, mid = _town_with_statuses(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    poisoned = view.shapes
    for feature in poisoned["features"]:
        feature["properties"]["name"] = '<script>alert(1)</script> & "x"'
    svg = status_map_svg(view, "en")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert next(t.text for t in _svg(view, "en").iter(f"{SVG}text") if t.get("class") == "est-key") == "■ Red (1)"


def test_status_map_labels_only_areas_with_a_status_when_there_are_many(empty_store: Store) -> None:
    _town, mid = _town_with_statuses(empty_store)
    with empty_store.reading() as r:
        view = meeting_view(r, mid)
    labels = [t.text for t in _svg(view).iter(f"{SVG}text") if t.get("class") == "est-label"]
    assert len(labels) == 3
    svg = status_map_svg(view, "sv", label_all_up_to=2)
    labelled = re.findall(r'class="est-label"[^>]*>([^<]+)<', svg)
    assert sorted(labelled) == ["Bäcken", "Centrum"]  # the area without a status is not labelled
