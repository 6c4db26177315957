"""The weekly path speaks plainly: the statistics (Poisson test, p-values, steps) are in tooltips."""

from __future__ import annotations

import json

import pytest

from est.i18n import t
from tests.analysis_data import week_world

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return week_world(empty_store)


def _columns(frame) -> dict:
    return json.loads(frame.proto.columns or "{}")


def test_the_statistics_are_in_tooltips_not_in_the_labels(world, app_test) -> None:
    at = app_test(world, page="lagesbild", query=W10)
    at.run()
    assert not at.exception
    ranked = next(d for d in at.dataframe if "Bedömning" in d.value.columns)
    assert "p-värde" not in ranked.value.columns  # the per-area p-value is gone from the table …
    assert "Poissontest" in _columns(ranked)["Bedömning"]["help"]  # … the test is explained in the tooltip
    assert "Poisson" not in t("analysis.legend.change", "sv")  # the legend title says what, not how
    mode = at.radio(key="lagesbild_map_mode")
    assert "Poissontest" in (mode.help or "")

    at = app_test(world, page="trender", query=W10)
    at.run()
    assert not at.exception
    band = next(c for c in at.caption if c.value.startswith("Grått band"))
    assert "Poisson" not in band.value and "Poisson" in (band.help or "")
    window = at.select_slider(key="trender_steps")
    assert "steg" not in window.label.lower()
    assert window.format_func(26) == "26 veckor"
    at.radio(key="trender_grain").set_value("month").run()
    assert at.select_slider(key="trender_steps").format_func(13) == "13 månader"
