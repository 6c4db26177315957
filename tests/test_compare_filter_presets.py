"""The filter bar's greyed Från/Till fields follow the chosen period preset at once, not after a reload."""

from __future__ import annotations

from datetime import date

import pytest

from est.periods import period_for_preset
from tests.analysis_data import make_world


@pytest.mark.parametrize("page", ["lagesbild", "trender"])
def test_greyed_dates_follow_the_preset_immediately(empty_store, app_test, page):
    make_world(empty_store)
    at = app_test(empty_store, page=page)
    at.run()
    assert not at.exception
    today = date.today()
    week = period_for_preset("week", today)
    assert at.text_input(key=f"{page}_from_ro").value == week.start.isoformat()
    for preset in ("month", "tertial", "year", "4weeks", "week"):
        at.selectbox(key=f"{page}_preset").set_value(preset).run()
        assert not at.exception
        expected = period_for_preset(preset, today)
        assert at.text_input(key=f"{page}_from_ro").value == expected.start.isoformat(), preset
        assert at.text_input(key=f"{page}_to_ro").value == expected.last_day.isoformat(), preset
        assert at.query_params["from"] == expected.start.isoformat()


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 11, 28), date(2026, 5, 1), date(2026, 8, 31)),  # T3 runs: the last complete is T2
        (date(2026, 9, 1), date(2026, 5, 1), date(2026, 8, 31)),  # the first day of T3
        (date(2026, 2, 10), date(2025, 9, 1), date(2025, 12, 31)),  # across the new year
    ],
)
def test_the_tertial_preset_is_the_last_complete_tertial(today, first, last):
    period = period_for_preset("tertial", today)
    assert (period.start, period.last_day) == (first, last)
