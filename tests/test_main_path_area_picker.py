"""Områdesprofil has one area picker, and it writes the link (and the shared filter)."""

from __future__ import annotations

import pytest

from tests.analysis_data import week_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def test_area_profile_has_one_area_picker_that_writes_the_link(world, app_test) -> None:
    at = app_test(world, page="omrade", query={**W10, "area": "B"})
    at.run()
    assert not at.exception
    assert [m.label for m in at.multiselect if m.label in ("Områden", "Område")] == []
    pickers = [s for s in at.selectbox if s.label == "Område"]
    assert len(pickers) == 1 and pickers[0].value == "B"
    pickers[0].set_value("A").run()
    assert at.query_params["area"] in ("A", ["A"])  # the link and the carried filter follow the picker
