"""Perceived and reported safety on the pages (AppTest of the real app on the demo database).

Områdesprofil shows one area's survey results beside its incident rate with ranks; Lägesbild has an
expander with the comparison for every area. Without survey results both say how to add them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from est.store import Store

HINT = "Områden → Befolkning och indikatorer → Indikatorer (CSV)"
OTRYGG = "Otrygg utomhus kvällstid (%)"


def _survey(store: Store, indicator: str) -> pd.DataFrame:
    """Each demo area's values of ``indicator`` by year, straight from the table (latest year last)."""
    return store.df(
        "SELECT a.code, a.name, i.year, i.value FROM area_indicators i JOIN areas a "
        "ON a.area_set_id = i.area_set_id AND a.code = i.area_code JOIN area_sets s ON s.id = a.area_set_id "
        "WHERE s.is_default AND i.indicator = ? ORDER BY a.code, i.year",
        [indicator],
    )


def _sv(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _frames(at: Any) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def test_area_profile_shows_survey_results_beside_the_rate_with_ranks(
    app_test: Callable[..., Any], demo_store: Store
) -> None:
    at = app_test(demo_store, page="omrade", query={"area": "OST01"})  # Centrum
    at.run()
    assert not at.exception
    assert "Upplevd och rapporterad trygghet" in [s.value for s in at.subheader]
    assert not [i for i in at.info if HINT in i.value]
    table = next(f for f in _frames(at) if "Plats bland områdena" in f.columns).set_index("Mått")
    survey = _survey(demo_store, OTRYGG)
    centrum = survey[survey["code"] == "OST01"]
    (y0, v0), (y1, v1) = centrum[["year", "value"]].itertuples(index=False, name=None)
    latest = survey.groupby("code")["value"].last()
    rank = int((latest > latest["OST01"]).sum()) + 1
    assert table.loc[OTRYGG].tolist() == [
        f"{_sv(v1)} ({y1})",
        f"{_sv(v0)} ({y0})",
        ("+" if v1 > v0 else "−" if v1 < v0 else "±") + _sv(abs(v1 - v0)),
        f"{rank} av 15",
    ]
    rate_rows = [m for m in table.index if m.startswith("Problem per 1 000 invånare")]
    assert len(rate_rows) == 1 and table.loc[rate_rows[0], "Plats bland områdena"].endswith(" av 15")


def test_lagesbild_expander_compares_every_area(app_test: Callable[..., Any], demo_store: Store) -> None:
    at = app_test(demo_store, page="lagesbild")
    at.run()
    assert not at.exception
    assert [e.label for e in at.expander if e.label == "Upplevd och rapporterad trygghet per område"]
    table = next(f for f in _frames(at) if OTRYGG in f.columns).set_index("Område")
    assert len(table) == 15
    assert {"Problem", "Per 1 000 invånare", "Oroad för skadegörelse (%)", f"{OTRYGG}: förändring"} <= set(
        table.columns
    )
    survey = _survey(demo_store, OTRYGG).groupby("name").last()
    for name, row in survey.iterrows():
        assert table.loc[name, OTRYGG] == f"{_sv(row['value'])} ({row['year']})"


def test_without_survey_results_both_pages_say_how_to_add_them(app_test: Callable[..., Any], demo_store: Store) -> None:
    with demo_store.writing() as w:
        w.execute("DELETE FROM area_indicators")
    for page in ("omrade", "lagesbild"):
        at = app_test(demo_store, page=page)
        at.run()
        assert not at.exception
        assert [i for i in at.info if HINT in i.value], page
        assert not [f for f in _frames(at) if OTRYGG in f.columns or OTRYGG in f.get("Mått", pd.Series()).tolist()]
