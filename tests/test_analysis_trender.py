"""Trends and the area profile on hand-built data: weekly counts, last year, baseline, tertials, neighbours."""

from __future__ import annotations

import pytest

from tests.analysis_data import w10_world

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

W10 = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture
def world(empty_store):
    return w10_world(empty_store)


def test_weekly_trend_has_counts_last_year_and_baseline(world, app_test):
    at = app_test(world, page="trender", query=W10)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Period")
    assert len(table) == 26 and table.index[-1] == "2026-03-02"
    assert table.loc["2026-03-02", "Totalt"] == 9 and table.loc["2026-02-23", "Totalt"] == 4
    assert table.loc["2026-03-02", "I fjol"] == "2"  # written out, like "4,0": no float column
    assert table.loc["2026-03-02", "Normalnivå"] == "4,0"
    assert any("Senaste steget (2026-03-02): Totalt: 9 (fler än vanligt)" in c.value for c in at.caption)


def test_trend_split_by_category_and_tertial_summary(world, app_test):
    at = app_test(world, page="trender", query=W10)
    at.run()
    at.radio(key="trender_by").set_value("category").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Period")
    assert table.loc["2026-03-02", "Skadegörelse"] == 4
    assert table.loc["2026-03-02", "Otrygghetsskapande samling"] == 2
    assert table.loc["2026-03-02", "Annat otrygghetsskapande eller ordningsstörande"] == 3
    tertials = at.dataframe[1].value.set_index("Tertial")
    assert tertials.loc["2026 T1 (pågår)", "Totalt"] == str(8 * 4 + 9)
    assert tertials.loc["2025 T3", "Totalt"] == str(4 * 4)


def test_area_profile_shows_the_area_and_its_neighbour(world, app_test):
    at = app_test(world, page="omrade", query=W10 | {"area": "A"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="omrade_area").value == "A"
    assert at.metric[0].value == "4"
    assert at.metric[1].value == "Högre"
    places, categories, neighbours = (d.value for d in at.dataframe[:3])
    assert int(places["Problem"].sum()) == 4
    assert categories.set_index("Kategori").loc["Samling i trapphus", "Problem"] == 2
    assert neighbours["Område"].tolist() == ["Alfa", "Beta"]
    at.selectbox(key="omrade_area").set_value("B").run()
    assert at.metric[0].value == "3"


def test_follow_up_tables_are_narrow_and_the_category_split_has_categories_as_rows(world, app_test):
    # Long category names as columns made the follow-up wider than a 1366 px screen.
    at = app_test(world, page="trender", query=W10)
    at.run()
    assert not at.exception
    tertials, years, tertials_by_category, years_by_category = (d.value for d in at.dataframe[1:5])
    assert list(tertials.columns) == ["Tertial", "Totalt", "I fjol", "Bedömning"]
    assert list(years.columns) == ["År", "Totalt", "I fjol", "Bedömning"]
    by_category = tertials_by_category.set_index("Kategori")
    assert by_category.columns[0] == "2026 T1 (pågår)"
    assert by_category.loc["Skadegörelse", "2026 T1 (pågår)"] == str(8 * 4 + 4)
    assert sum(int(v) for v in by_category["2026 T1 (pågår)"]) == int(
        tertials.set_index("Tertial").loc["2026 T1 (pågår)", "Totalt"]
    )
    assert list(years_by_category.columns)[:2] == ["Kategori", "2026 (pågår)"]
