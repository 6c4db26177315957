"""Comparisons on the Lägesbild and area profile cards: arrows that follow the sign, and no change against no data.

The meeting screen passes numeric deltas to ``st.metric`` with ``delta_color="inverse"``; the analysis pages
pass formatted text and must end up with the same arrow and colour for the same change: a decrease points
down in the "good" colour, an increase points up in the "bad" one, and a comparison window without any data
says so instead of showing a change against 0.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from est.periods import Period
from est.picture.figures import overview
from est.picture.filters import Filters
from tests.analysis_data import add, w10_world

DOWN, UP, NONE = (MetricProto.MetricDirection.DOWN, MetricProto.MetricDirection.UP, MetricProto.MetricDirection.NONE)
GREEN, RED, GRAY = (MetricProto.MetricColor.GREEN, MetricProto.MetricColor.RED, MetricProto.MetricColor.GRAY)
W11 = {"from": "2026-03-09", "to": "2026-03-15"}  # 1 incident, after W10's 9
W10 = {"from": "2026-03-02", "to": "2026-03-08"}  # 9 incidents, after W09's 4
# 90 days whose previous period (Oct–Dec 2024) and last year's (2024) lie before the first incident (2025-03-04).
BEFORE_DATA = {"from": "2025-01-01", "to": "2025-03-31"}


@pytest.fixture
def world(empty_store):
    return w10_world(empty_store)


def _cards(at):
    return {m.label: m for m in at.metric}


def test_a_decrease_points_down_in_the_decrease_colour_like_the_meeting_screen(world, app_test):
    at = app_test(world, page="lagesbild", query=W11)
    at.run()
    assert not at.exception
    card = _cards(at)["Problem i perioden"]
    assert (card.value, card.proto.delta) == ("1", "-8")
    assert (card.proto.direction, card.proto.color) == (DOWN, GREEN)
    # The same change as a number (what the meeting screen passes) gets the same arrow and colour.
    from streamlit.elements.metric import _determine_delta_color_and_direction

    numeric = _determine_delta_color_and_direction("inverse", 1 - 9)
    assert (numeric.direction, numeric.color) == (DOWN, GREEN)


def test_an_increase_points_up_in_the_increase_colour(world, app_test):
    at = app_test(world, page="lagesbild", query=W10)
    at.run()
    card = _cards(at)["Problem i perioden"]
    assert card.proto.delta == "+5"
    assert (card.proto.direction, card.proto.color) == (UP, RED)


def test_area_profile_decrease_points_down(world, app_test):
    at = app_test(world, page="omrade", query=W11 | {"area": "A"})
    at.run()
    assert not at.exception
    card = _cards(at)["Problem i perioden"]
    assert (card.value, card.proto.delta) == ("1", "-3")  # Alfa: 4 in W10, 1 in W11
    assert (card.proto.direction, card.proto.color) == (DOWN, GREEN)


def test_no_change_is_grey_without_an_arrow(world, app_test):
    add(world, [("2026-03-10T12:00:00+01:00", "A", "skadegorelse.klotter", 1)] * 8)  # W11: 9 like W10
    at = app_test(world, page="lagesbild", query=W11)
    at.run()
    card = _cards(at)["Problem i perioden"]
    assert (card.value, card.proto.delta) == ("9", "0")
    assert (card.proto.direction, card.proto.color) == (NONE, GRAY)


def test_comparison_window_before_any_data_says_there_is_nothing_to_compare_with(world, app_test):
    at = app_test(world, page="lagesbild", query=BEFORE_DATA)
    at.run()
    assert not at.exception
    cards = _cards(at)
    current = cards["Problem i perioden"]
    assert current.value == "2"  # 2025-03-04 and 2025-03-05
    assert current.proto.delta == "Ingen jämförelse"
    assert (current.proto.direction, current.proto.color) == (NONE, GRAY)
    assert current.help.startswith("Ingen jämförelse: inga data för föregående period (2024-10-03 – 2024-12-31)")
    assert cards["Föregående period"].value == "–"
    assert cards["Samma period i fjol"].value == "–"
    assert cards["Samma period i fjol"].proto.delta == "Ingen jämförelse"
    assert cards["Samma period i fjol"].help.startswith("Ingen jämförelse: inga data för samma period i fjol")
    assert cards["Mot normalnivån"].value == "–"  # the baseline window has no data either
    table = at.dataframe[0].value.set_index("Område")
    assert set(table["Föregående period"]) == {"–"} and set(table["I fjol"]) == {"–"}  # never a false 0
    assert set(table["Bedömning"]) == {"Inget jämförelseunderlag"}


def test_area_profile_without_data_before_shows_no_change_per_category(world, app_test):
    at = app_test(world, page="omrade", query=BEFORE_DATA | {"area": "A"})
    at.run()
    assert not at.exception
    assert _cards(at)["Problem i perioden"].proto.delta == "Ingen jämförelse"
    categories = at.dataframe[1].value
    assert categories["Förändring"].tolist() == ["–"]
    assert categories["Föregående period"].tolist() == ["–"]


def test_a_window_that_starts_before_the_data_is_not_compared(world, app_test):
    # 2025-03-04 … 2025-03-10: the previous week (from 2025-02-25) starts before the first incident
    # (2025-03-04) and would count 0 for days nobody reported yet.
    at = app_test(world, page="lagesbild", query={"from": "2025-03-04", "to": "2025-03-10"})
    at.run()
    assert _cards(at)["Problem i perioden"].proto.delta == "Ingen jämförelse"


def test_data_covers_a_window_from_the_first_incident_day_on(world):
    from est.picture.figures import data_covers, first_incident_day

    with world.reading() as reader:
        first = first_incident_day(reader)
        found = overview(reader, Filters(Period.inclusive(date(2025, 3, 11), date(2025, 3, 17))), 1)
    assert first == date(2025, 3, 4)
    assert data_covers(Period.inclusive(date(2025, 3, 4), date(2025, 3, 10)), first)
    assert not data_covers(Period.inclusive(date(2025, 3, 3), date(2025, 3, 9)), first)
    assert found.previous == 2  # 2025-03-04 … 2025-03-10 is covered: its two incidents are compared
