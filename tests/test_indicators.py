"""Perceived and reported safety (est.picture.indicators): survey indicators beside incident rates, hand-computed.

The world: three square areas side by side — Alfa (A, 2,000 inhabitants), Beta (B, 500) and Gamma (C, no
population) — and incidents in ISO week 2026-W10. Survey results come in through the real indicator CSV
import: Alfa has "Otrygg (%)" for 2024 and 2025 and "Oroad (%)" for 2025 only, Gamma "Otrygg (%)" for
2025, Beta nothing.

Known answers for W10: Alfa 4 problems (5 reports: the same graffiti from two sources counts once) →
2.0 per 1,000; Beta 3 → 6.0 per 1,000; Gamma 1 → no rate (no population). Alfa's "Otrygg (%)" is 30.0 in
2025, 27.5 in 2024, change +2.5; Gamma's 35.0 (2025) ranks first of the two areas that have it.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from est.access.auth import LOCAL_ADMIN
from est.areas.sets import AreaColumns, assign_incidents, import_area_indicators, save_area_set
from est.intake.dedup import link_duplicates
from est.periods import Period
from est.picture.filters import Filters
from est.picture.indicators import (
    Rank,
    area_safety_table,
    comparison_for_display,
    rank_of,
    safety_comparison,
    survey_values,
)
from est.store import Store

W10 = Filters(period=Period(date(2026, 3, 2), date(2026, 3, 9)))
POINTS = {"A": (63.005, 14.005), "B": (63.005, 14.015), "C": (63.005, 14.025), "out": (63.05, 14.2)}
SURVEY_CSV = (
    "kod;år;befolkning;Otrygg (%);Oroad (%)\nA;2024;2000;27,5;\nA;2025;2000;30,0;12,0\nC;2025;;35,0;\n"
).encode()


def _world(store: Store, *, surveys: bool = True) -> int:
    gdf = gpd.GeoDataFrame(
        {"code": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gamma"], "pop": [2000, 500, None]},
        geometry=[box(14.00, 63.00, 14.01, 63.01), box(14.01, 63.00, 14.02, 63.01), box(14.02, 63.00, 14.03, 63.01)],
        crs="EPSG:4326",
    )
    rows = [
        ("2026-03-04T12:00:00+01:00", "A", "fastighetsagare"),
        ("2026-03-04T13:30:00+01:00", "A", "polis"),  # the same graffiti from the police: one problem
        ("2026-03-05T22:00:00+01:00", "A", "fastighetsagare"),
        ("2026-03-06T22:00:00+01:00", "A", "fastighetsagare"),
        ("2026-03-08T23:30:00+01:00", "A", "fastighetsagare"),  # Sunday night, still W10 in local time
        ("2026-03-09T00:30:00+01:00", "A", "fastighetsagare"),  # Monday: the next week, not counted
        ("2026-02-25T12:00:00+01:00", "B", "fastighetsagare"),  # the week before, not counted
        ("2026-03-03T10:00:00+01:00", "B", "fastighetsagare"),
        ("2026-03-03T20:00:00+01:00", "B", "fastighetsagare"),
        ("2026-03-07T20:00:00+01:00", "B", "fastighetsagare"),
        ("2026-03-07T21:00:00+01:00", "C", "fastighetsagare"),
        ("2026-03-07T21:00:00+01:00", "out", "fastighetsagare"),  # outside every area: not an area's
    ]
    with store.writing(extensions=("spatial",)) as w:
        set_id = int(
            save_area_set(
                w, "Testområden", gdf, columns=AreaColumns(name="name", code="code", population="pop"), default=True
            )
        )
        org = {
            kind: w.insert("organisations", {"name": name, "source_kind": kind})
            for name, kind in (("Bostadsbolaget", "fastighetsagare"), ("Polisen", "polis"))
        }
        w.executemany(
            "INSERT INTO incidents (occurred_at, category_code, source_kind, organisation_id, lat, lon, "
            "location_precision) VALUES (CAST(? AS TIMESTAMPTZ), 'skadegorelse.klotter', ?, ?, ?, ?, 'exact')",
            [
                [datetime.fromisoformat(when).isoformat(sep=" "), kind, org[kind], *POINTS[where]]
                for when, where, kind in rows
            ],
        )
        assign_incidents(w)
    link_duplicates(store, LOCAL_ADMIN)
    if surveys:
        import_area_indicators(store, LOCAL_ADMIN, set_id, SURVEY_CSV, "trygghet.csv")
    return set_id


@pytest.fixture
def world(empty_store: Store) -> tuple[Store, int]:
    return empty_store, _world(empty_store)


def _compare(store: Store, set_id: int, filters: Filters = W10):
    with store.reading() as r:
        return safety_comparison(r, filters, set_id)


def test_incidents_and_rates_per_area_count_problems_in_the_period(world):
    store, set_id = world
    assert store.value("SELECT count(*) FROM incidents WHERE duplicate_of IS NOT NULL") == 1  # linked
    areas = _compare(store, set_id).areas.set_index("code")
    assert list(areas.index) == ["B", "A", "C"]  # by rate, highest first; no rate last
    assert areas.loc["A", "incidents"] == 4 and areas.loc["A", "per_1000"] == pytest.approx(2.0)
    assert areas.loc["B", "incidents"] == 3 and areas.loc["B", "per_1000"] == pytest.approx(6.0)
    assert areas.loc["C", "incidents"] == 1
    assert math.isnan(areas.loc["C", "per_1000"]) and pd.isna(areas.loc["C", "population"])  # unknown, not 0


def test_latest_survey_year_with_the_previous_one_and_no_values_invented(world):
    store, set_id = world
    comparison = _compare(store, set_id)
    assert comparison.indicators == ("Oroad (%)", "Otrygg (%)")  # population is a denominator, not a survey
    values = survey_values(comparison)
    assert set(values) == {("A", "Otrygg (%)"), ("A", "Oroad (%)"), ("C", "Otrygg (%)")}  # Beta: none
    otrygg = values[("A", "Otrygg (%)")]
    assert (otrygg.year, otrygg.value, otrygg.previous_year, otrygg.previous) == (2025, 30.0, 2024, 27.5)
    assert otrygg.change == pytest.approx(2.5)
    oroad = values[("A", "Oroad (%)")]
    assert (oroad.year, oroad.value, oroad.previous_year, oroad.previous, oroad.change) == (
        2025,
        12.0,
        None,
        None,
        None,
    )
    assert values[("C", "Otrygg (%)")].change is None


def test_ranks_count_only_areas_with_a_value(world):
    store, set_id = world
    comparison = _compare(store, set_id)
    assert rank_of(comparison, "B") == Rank(1, 2) and rank_of(comparison, "A") == Rank(2, 2)
    assert rank_of(comparison, "C") == Rank(None, 2)  # no population, no rate, no rank
    assert rank_of(comparison, "C", "Otrygg (%)") == Rank(1, 2)
    assert rank_of(comparison, "A", "Otrygg (%)") == Rank(2, 2)
    assert rank_of(comparison, "B", "Otrygg (%)") == Rank(None, 2)
    assert rank_of(comparison, "A", "Oroad (%)") == Rank(1, 1)


def test_selected_areas_limit_the_rows_but_not_the_set_s_indicators(world):
    store, set_id = world
    comparison = _compare(store, set_id, Filters(period=W10.period, areas=("B",)))
    assert comparison.areas["code"].tolist() == ["B"]
    assert comparison.surveys.empty
    assert comparison.indicators == ("Oroad (%)", "Otrygg (%)")


def test_a_set_without_survey_results_has_no_indicators(empty_store):
    set_id = _world(empty_store, surveys=False)
    with empty_store.writing() as w:  # population only: still no survey indicator
        w.execute(
            "INSERT INTO area_indicators (area_set_id, area_code, year, indicator, value) "
            "VALUES (?, 'A', 2025, 'population', 2000), (?, 'A', 2025, 'dwellings', 900)",
            [set_id, set_id],
        )
    comparison = _compare(empty_store, set_id)
    assert comparison.indicators == () and comparison.surveys.empty
    assert comparison.areas.set_index("code").loc["A", "incidents"] == 4


def test_display_tables_are_swedish_with_years_and_dashes_for_missing(world):
    store, set_id = world
    comparison = _compare(store, set_id)
    table = comparison_for_display(comparison, "sv").set_index("Område")
    assert list(table.columns) == [
        "Problem",
        "Per 1 000 invånare",
        "Oroad (%)",
        "Oroad (%): förändring",
        "Otrygg (%)",
        "Otrygg (%): förändring",
    ]
    assert table.loc["Alfa"].tolist() == [4, "2,0", "12,0 (2025)", "–", "30,0 (2025)", "+2,5"]
    assert table.loc["Beta"].tolist() == [3, "6,0", "–", "–", "–", "–"]
    assert table.loc["Gamma"].tolist() == [1, "–", "–", "–", "35,0 (2025)", "–"]
    profile = area_safety_table(comparison, "A", "sv").set_index("Mått")
    assert profile.loc["Problem per 1 000 invånare (4 i perioden)", "Senaste värde (år)"] == "2,0"
    assert profile.loc["Problem per 1 000 invånare (4 i perioden)", "Plats bland områdena"] == "2 av 2"
    assert profile.loc["Otrygg (%)"].tolist() == ["30,0 (2025)", "27,5 (2024)", "+2,5", "2 av 2"]
    assert profile.loc["Oroad (%)"].tolist() == ["12,0 (2025)", "–", "–", "1 av 1"]
    beta = area_safety_table(comparison, "B", "en").set_index("Measure")
    assert beta.loc["Otrygg (%)"].tolist() == ["–", "–", "–", "–"]
    assert beta.loc["Problems per 1,000 inhabitants (3 in the period)", "Rank among the areas"] == "1 of 2"
