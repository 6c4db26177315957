"""The Lägesbild page on hand-built data: counts, comparisons, Poisson verdicts, rates, filters from the URL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from est.periods import Period
from est.picture.figures import overview
from est.picture.filters import Filters
from est.picture.significance import change_verdict, poisson_cdf, poisson_quantile, poisson_sf
from tests.analysis_data import add, make_world, week_rows

pytestmark = pytest.mark.server_too  # these tests run on a DuckDB file and on the PostgreSQL store

W10 = {"from": "2026-03-02", "to": "2026-03-08"}  # ISO week 2026-W10


@pytest.fixture
def world(empty_store):
    make_world(empty_store)
    add(empty_store, week_rows())
    # The data starts before every comparison window used here (last year's W10 starts 2025-03-03), and
    # the police have reported since then, so the coverage panel expects a report from them every week.
    add(empty_store, [("2025-01-15T12:00:00+01:00", "out", "ordning.brak", 2)])
    return empty_store


def test_poisson_tails_match_known_values():
    assert poisson_sf(4, 1.0) == pytest.approx(0.018988, abs=1e-6)
    assert poisson_cdf(0, 2.0) == pytest.approx(0.135335, abs=1e-6)
    assert poisson_sf(9, 4.0) == pytest.approx(0.021363, abs=1e-6)
    assert poisson_cdf(80, 100.0) == pytest.approx(0.022649, abs=1e-5)  # continued-fraction branch
    assert poisson_quantile(0.975, 4.0) == 8 and poisson_quantile(0.025, 4.0) == 1
    assert change_verdict(4, 1.0).verdict == "higher"
    assert change_verdict(3, 1.0).verdict == "as_usual"  # 1 → 3 is no evidence, whatever "+200 %" says
    assert change_verdict(0, 6.0).verdict == "lower"
    assert change_verdict(5, None).verdict == "no_baseline"


def test_scipy_gives_the_verdicts_and_bands_of_the_hand_written_tails_it_replaced():
    # tests/data/significance_before_scipy.json: 410 verdicts (counts 0…40 × baselines 0.1…100) and the 95 %
    # bands, written by the hand-written incomplete-gamma code before scipy.stats replaced it.
    before = json.loads((Path(__file__).parent / "data" / "significance_before_scipy.json").read_text())
    for count, expected, verdict, p_value in before["verdicts"]:
        now = change_verdict(count, expected)
        assert (now.verdict, now.p_value) == (verdict, pytest.approx(p_value, abs=1e-9)), (count, expected)
    for expected, low, high in before["quantiles"]:
        assert (poisson_quantile(0.025, expected), poisson_quantile(0.975, expected)) == (low, high), expected


def test_page_shows_counts_change_and_rates_for_the_linked_week(world, app_test):
    at = app_test(world, page="lagesbild", query=W10)
    at.run()
    assert not at.exception
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    assert metrics["Problem i perioden"] == ("9", "+5")
    assert metrics["Mot normalnivån"][0] == "Högre"  # 9 against 4.0 expected: p = 0.021
    assert metrics["Föregående period"][0] == "4"
    assert metrics["Samma period i fjol"] == ("2", "+7")
    assert metrics["Utan område"][0] == "2"
    table = at.dataframe[0].value.set_index("Område")
    assert list(table.index) == ["Alfa", "Beta", "Utanför områden", "Utan plats"]
    assert table.loc["Alfa", "Problem"] == 4 and table.loc["Beta", "Problem"] == 3
    assert table.loc["Alfa", "Föregående period"] == 1 and table.loc["Alfa", "I fjol"] == 2
    assert table.loc["Alfa", "Förväntat"] == "1,0" and table.loc["Beta", "Förväntat"] == "3,0"
    assert table.loc["Alfa", "Bedömning"] == "Fler än vanligt"
    assert "p-värde" not in table.columns  # the Poisson test is explained in the column's tooltip
    assert table.loc["Beta", "Bedömning"] == "Som vanligt"
    assert table.loc["Alfa", "Per 1 000 invånare"] == "2,0" and table.loc["Beta", "Per 1 000 invånare"] == "6,0"
    assert list(table.loc["Alfa", "Senaste 12 veckorna"]) == [1] * 11 + [4]
    # The filter the link asked for is the one shown.
    assert at.date_input(key="lagesbild_from").value == date(2026, 3, 2)
    assert at.date_input(key="lagesbild_to").value == date(2026, 3, 8)


def test_change_map_colours_areas_by_verdict_and_draws_the_legend_outside(world, app_test):
    at = app_test(world, page="lagesbild", query=W10)
    at.run()
    at.radio(key="lagesbild_map_mode").set_value("change").run()
    assert not at.exception
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    script = args["script"]
    assert '"fill": "#e66101"' in script and '"fill": "#d9d9d9"' in script  # Alfa more, Beta as usual
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    legend = [m.value for m in at.markdown if "Förändring mot normalnivån" in m.value]
    assert legend and "Fler än vanligt" in legend[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"area": "B"}, "3"),
        ({"category": "ordning"}, "3"),  # the parent includes ordning.inbrott.kallare and ordning.brak
        ({"category": "ordning.inbrott"}, "1"),
        ({"source": "polis"}, "1"),
        ({"area": ["A", "B"], "category": "skadegorelse"}, "4"),
    ],
)
def test_filters_in_the_url_restrict_the_page(world, app_test, query, expected):
    at = app_test(world, page="lagesbild", query=W10 | query)
    at.run()
    assert not at.exception
    assert at.metric[0].value == expected
    for key, value in query.items():
        shown = at.query_params[key]
        assert (shown if isinstance(shown, list) else [shown]) == (value if isinstance(value, list) else [value])


def test_area_filter_keeps_only_that_area_in_the_table(world, app_test):
    at = app_test(world, page="lagesbild", query=W10 | {"area": "B"})
    at.run()
    assert list(at.dataframe[0].value["Område"]) == ["Beta"]


def test_iso_week_across_new_year_counts_local_dates(empty_store, app_test):
    make_world(empty_store)
    add(
        empty_store,
        [
            ("2026-12-01T12:00:00+01:00", "out", "ordning.brak", 1),  # the data covers the previous week
            ("2026-12-27T23:59:00+01:00", "A", "skadegorelse.klotter", 1),  # Sunday of 2026-W52
            ("2026-12-28T00:00:00+01:00", "A", "skadegorelse.klotter", 1),  # Monday of 2026-W53
            ("2026-12-31T23:30:00+01:00", "A", "skadegorelse.klotter", 1),
            ("2027-01-03T23:59:00+01:00", "B", "skadegorelse.klotter", 1),  # still 2026-W53
            ("2027-01-03T23:30:00+00:00", "B", "skadegorelse.klotter", 1),  # 00:30 local on Monday: 2027-W01
        ],
    )
    at = app_test(empty_store, page="lagesbild", query={"from": "2026-12-28", "to": "2027-01-03"})
    at.run()
    assert not at.exception
    assert at.metric[0].value == "3"
    table = at.dataframe[0].value.set_index("Område")
    assert table.loc["Alfa", "Problem"] == 2 and table.loc["Beta", "Problem"] == 1
    assert table.loc["Alfa", "Föregående period"] == 1
    assert list(table.loc["Beta", "Senaste 12 veckorna"])[-1] == 1
    with empty_store.reading() as r:
        ov = overview(r, Filters(period=Period(date(2027, 1, 4), date(2027, 1, 11))), 1)
    assert ov.total.count == 1 and ov.period.iso_week_label() == "2027-W01"


def test_coverage_panel_lists_silent_weeks_per_organisation(world, app_test):
    at = app_test(world, page="lagesbild", query=W10)
    at.run()
    coverage = at.dataframe[-1].value.set_index("Organisation")
    assert coverage.loc["Bostadsbolaget", "Veckor utan rapporter"] == "inga (av 8)"
    silent = coverage.loc["Polisen", "Veckor utan rapporter"]
    assert silent.startswith("7 av 8: ") and "2026-W09" in silent and "2026-W10" not in silent
    assert coverage.loc["Polisen", "Rapporter"] == "1"
    assert coverage.loc["Polisen", "Källa"] == "Polis"


def test_page_in_english_formats_numbers_the_english_way(world, app_test):
    at = app_test(world, page="lagesbild", query=W10 | {"lang": "en"})
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("Area")
    assert table.loc["Alfa", "Expected"] == "1.0" and table.loc["Alfa", "Assessment"] == "More than usual"
